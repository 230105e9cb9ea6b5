import { artifactKeys } from '@distillery/contracts';
import { PateAggregateOutput, type PateAggregateData, type PateTeacherOutput } from '@distillery/jobs';
import { answerWithNoisyVotes, pluralityVotes } from '@distillery/kd';
import { decodeNpy, encodeNpy } from '@distillery/storage';
import { Value } from 'typebox/value';
import type { JobContext } from '../context.ts';
import { secureUniform } from '../secure-random.ts';
import { labelledRows } from './shared.ts';

const fraction = (hits: number, of: number) => (of === 0 ? 0 : hits / of);

/**
 * PATE's aggregation: the teachers' votes on each public query, answered by
 * GNMax or Confident-GNMax with noise from a secure source until the budget
 * is spent. The answers are stored before they are returned, and a second
 * run of this step (a worker that died after answering) reads them back
 * rather than drawing new noise over the same votes.
 */
export async function pateAggregate(ctx: JobContext, data: PateAggregateData): Promise<PateAggregateOutput> {
  const scratch = `${artifactKeys.jobScratch(ctx.jobId)}/pate`;
  const summaryKey = `${scratch}/answers.json`;
  if (await ctx.store.exists(summaryKey)) {
    const stored = JSON.parse((await ctx.store.get(summaryKey)).toString('utf8')) as unknown;
    if (Value.Check(PateAggregateOutput, stored)) return stored;
  }
  const { request } = data;
  const { method } = request;
  const teachers = ((await ctx.children('pate-teacher')) as PateTeacherOutput[]).sort((a, b) => a.index - b.index);
  const { record, data: loaded } = await ctx.data.dataset(request.dataset);
  const test = labelledRows(record, loaded.test, loaded.inputShape);
  const all = await Promise.all(teachers.map(async (t) => decodeNpy(await ctx.store.get(t.votes)).data as Int32Array));
  const queryVotes = all.map((votes) => votes.subarray(0, method.queries));
  const testVotes = all.map((votes) => votes.subarray(method.queries));
  const aggregator = method.aggregator;
  const run = answerWithNoisyVotes({ votes: queryVotes, numClasses: record.numClasses, aggregator, budget: { epsilon: method.budget.epsilon, delta: method.delta ?? 1e-5 }, random: secureUniform() });
  // The ensemble without noise, on the private test split: what the answers could be at best.
  const ensemble = pluralityVotes(testVotes, record.numClasses);
  const ensembleHits = ensemble.reduce((n, vote, k) => (vote === test.labels[k] ? n + 1 : n), 0);

  const { data: pub } = await ctx.data.dataset(request.public.dataset);
  const publicLabels = pub.train.y?.subarray(0, method.queries);
  let labelAccuracy: PateAggregateOutput['labelAccuracy'];
  if (publicLabels) {
    let scored = 0;
    let noisy = 0;
    let clean = 0;
    run.answers.forEach((answer, k) => {
      if (answer < 0 || publicLabels[k]! < 0) return;
      scored++;
      if (answer === publicLabels[k]) noisy++;
      if (run.plurality[k] === publicLabels[k]) clean++;
    });
    if (scored > 0) labelAccuracy = { noisy: fraction(noisy, scored), clean: fraction(clean, scored) };
  }
  const answersKey = `${scratch}/answers.npy`;
  const pluralityKey = `${scratch}/plurality.npy`;
  await ctx.store.put(answersKey, encodeNpy(run.answers, [run.answers.length]));
  await ctx.store.put(pluralityKey, encodeNpy(run.plurality, [run.plurality.length]));
  const { dataIndependent, dataDependent } = run.spent;
  const output: PateAggregateOutput = {
    answers: answersKey,
    plurality: pluralityKey,
    asked: run.asked,
    answered: run.answered,
    exhausted: run.exhausted,
    epsilon: { dataIndependent: { epsilon: dataIndependent.epsilon, order: dataIndependent.order }, dataDependent: { epsilon: dataDependent.epsilon, order: dataDependent.order } },
    ...(labelAccuracy ? { labelAccuracy } : {}),
    teachers: {
      count: teachers.length,
      partition: Math.min(...teachers.map((t) => t.partition)),
      meanTestAccuracy: teachers.reduce((sum, t) => sum + t.testAccuracy, 0) / teachers.length,
      ensembleTestAccuracy: fraction(ensembleHits, test.count),
    },
  };
  await ctx.store.put(summaryKey, Buffer.from(JSON.stringify(output)));
  await ctx.registry.jobs.log(
    ctx.jobId,
    `PATE: ${run.answered} of ${method.queries} queries answered${run.exhausted ? ` (the budget stopped the answers after ${run.asked})` : ''}; data-independent ε = ${dataIndependent.epsilon.toFixed(3)} at δ = ${method.delta ?? 1e-5}`,
  );
  return output;
}
