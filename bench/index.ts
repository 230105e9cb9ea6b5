/**
 * `npm run bench`: every benchmark, one after another (never in parallel: they
 * would measure each other), then one table with each ratio beside its target,
 * and bench/results.json with the raw numbers. `--quick` runs small sizes, to
 * check the benchmarks themselves.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable, meets, type Benchmark, type BenchFigure } from './lib/report.ts';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

const suites: Record<string, () => Promise<{ default: Benchmark }>> = {
  queue: () => import('./queue.ts'),
  training: () => import('./training.ts'),
  backends: () => import('./backends.ts'),
  flows: () => import('./flows.ts'),
  'layer-norm': () => import('./layer-norm.ts'),
  graphs: () => import('./graphs.ts'),
  'dp-sgd': () => import('./dp-sgd.ts'),
  onnx: () => import('./onnx.ts'),
};

const figures: BenchFigure[] = [];
const started = performance.now();
for (const [name, load] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  console.error(`bench: ${name}...`);
  const suiteStarted = performance.now();
  const results = await (await load()).default({ quick });
  figures.push(...results);
  console.error(`bench: ${name} done in ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`);
}
const seconds = (performance.now() - started) / 1000;

console.log(formatTable(figures));
const missed = figures.filter((f) => meets(f) === false).length;
console.log(`\n${figures.length} figures, ${missed} targets missed, ${seconds.toFixed(0)} s, ${os.cpus().length} cores, node ${process.version}`);
const out = path.join(import.meta.dirname, 'results.json');
writeFileSync(
  out,
  `${JSON.stringify({ at: new Date().toISOString(), quick, seconds, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, figures }, null, 2)}\n`,
);
console.error(`bench: wrote ${out}`);
