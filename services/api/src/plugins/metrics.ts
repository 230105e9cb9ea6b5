import { readFileSync } from 'node:fs';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry as PromRegistry } from 'prom-client';
import { DURATION_BUCKETS, type DurationHistogram, type Registry } from '@distillery/registry';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
const VERSION = (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * GET /metrics in the Prometheus text format. The API's own request latency is
 * measured here; everything else is read at scrape time from Redis, where
 * BullMQ keeps its queues and the workers add their counters, so one scrape
 * of any API instance describes the whole service.
 */
export async function registerMetrics(app: FastifyInstance, registry: Registry, queues: Queue[]): Promise<void> {
  const prometheus = new PromRegistry();
  // The API process's own CPU, memory, event-loop lag and GC (process_*, nodejs_*).
  collectDefaultMetrics({ register: prometheus });
  new Gauge({
    name: 'distillery_build_info',
    help: 'The running version (always 1; the labels carry the information).',
    labelNames: ['version', 'node'],
    registers: [prometheus],
  }).set({ version: VERSION, node: process.version }, 1);
  const requests = new Histogram({
    name: 'distillery_http_request_duration_seconds',
    help: 'API request latency.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [prometheus],
  });
  // The queue counts twice: under this project's name, and under the name BullMQ's own exporter
  // (Queue.exportPrometheusMetrics) gives them, which its Grafana dashboards read.
  const queueCounts = [
    { name: 'distillery_queue_jobs', help: 'BullMQ jobs by queue and state.' },
    { name: 'bullmq_job_count', help: 'Number of jobs in the queue by state' },
  ];
  for (const { name, help } of queueCounts) {
    new Gauge({
      name,
      help,
      labelNames: ['queue', 'state'],
      registers: [prometheus],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
  }
  new Gauge({
    name: 'distillery_workers',
    help: 'Live worker processes by TensorFlow.js backend.',
    labelNames: ['backend'],
    registers: [prometheus],
    async collect() {
      this.reset();
      for (const worker of await registry.workers.list()) this.inc({ backend: worker.backend });
    },
  });
  new Gauge({
    name: 'distillery_worker_resident_memory_bytes',
    help: 'Resident memory of each worker process.',
    labelNames: ['worker'],
    registers: [prometheus],
    async collect() {
      this.reset();
      for (const worker of await registry.workers.list()) this.set({ worker: worker.id }, worker.memory.rssBytes);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const [own, shared] = await Promise.all([prometheus.metrics(), sharedMetrics(registry)]);
    return reply.type(prometheus.contentType).send(`${own}\n${shared}`);
  });
}

/** The counters and histograms the workers keep in Redis, in the exposition format. */
async function sharedMetrics(registry: Registry): Promise<string> {
  const { durations, queueWaits, counters } = await registry.metrics.read();
  const lines: string[] = [
    '# HELP distillery_job_duration_seconds Time workers spent on each task (train, distill, teacher-logits, aggregate), by outcome (succeeded, failed, cancelled).',
    '# TYPE distillery_job_duration_seconds histogram',
    ...durations.flatMap((h) => histogramLines('distillery_job_duration_seconds', `task="${h.task}",outcome="${h.outcome}"`, h)),
    '# HELP distillery_queue_wait_seconds Time a step waited in its queue for a worker (steps ready when enqueued, first attempts).',
    '# TYPE distillery_queue_wait_seconds histogram',
    ...queueWaits.flatMap((h) => histogramLines('distillery_queue_wait_seconds', `task="${h.task}"`, h)),
  ];
  const counter = (name: string, help: string, value: number | undefined, labels = '') => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name}${labels} ${value ?? 0}`);
  };
  lines.push('# HELP distillery_teacher_logits_total Teacher inference stages, by whether the logits came from the cache.');
  lines.push('# TYPE distillery_teacher_logits_total counter');
  lines.push(`distillery_teacher_logits_total{cached="true"} ${counters.teacher_logits_cached ?? 0}`);
  lines.push(`distillery_teacher_logits_total{cached="false"} ${counters.teacher_logits_computed ?? 0}`);
  counter('distillery_training_samples_total', 'Training samples processed (divide its rate by the seconds counter for samples per second).', counters.training_samples);
  counter('distillery_training_seconds_total', 'Seconds spent training.', counters.training_seconds);
  counter('distillery_inference_samples_total', 'Teacher-inference samples processed.', counters.inference_samples);
  counter('distillery_inference_seconds_total', 'Seconds spent in teacher inference.', counters.inference_seconds);
  return `${lines.join('\n')}\n`;
}

function histogramLines(name: string, labels: string, histogram: DurationHistogram): string[] {
  let cumulative = 0;
  const buckets = DURATION_BUCKETS.map((bound, i) => {
    cumulative += histogram.buckets[i]!;
    return `${name}_bucket{${labels},le="${bound}"} ${cumulative}`;
  });
  return [...buckets, `${name}_bucket{${labels},le="+Inf"} ${histogram.count}`, `${name}_sum{${labels}} ${histogram.sum}`, `${name}_count{${labels}} ${histogram.count}`];
}
