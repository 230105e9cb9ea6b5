import { artifactKeys, withDefaults } from '@distillery/contracts';
import type { PateTeacherData, PateTeacherOutput } from '@distillery/jobs';
import { argmaxRows, buildClassifier, gatherRows, mulberry32, predictLogits, shuffledIndices, trainClassifier } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import type { JobContext } from '../context.ts';
import { labelledRows } from './shared.ts';

/** The rows of teacher `index`: a seeded permutation of the labelled private rows, cut into `count` near-equal disjoint parts. */
export function partitionOf(rows: number, count: number, seed: number, index: number): Int32Array {
  const order = shuffledIndices(rows, mulberry32(seed));
  return order.slice(Math.floor((index * rows) / count), Math.floor(((index + 1) * rows) / count));
}

/**
 * One PATE teacher: trained on its own partition of the private data only,
 * then voting a class for each public query and each private test row. The
 * votes go to the job's scratch space; the teacher itself is dropped, since
 * it has seen private data without any noise.
 */
export async function pateTeacher(ctx: JobContext, data: PateTeacherData): Promise<PateTeacherOutput> {
  const { request, index } = data;
  const { method } = request;
  const { record, data: loaded } = await ctx.data.dataset(request.dataset);
  const { inputShape } = loaded;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const labelled = labelledRows(record, loaded.train, inputShape);
  const rows = partitionOf(labelled.count, method.teachers.count, method.seed ?? 0, index);
  const x = gatherRows(labelled.x, width, rows);
  const labels = Int32Array.from(rows, (row) => labelled.labels[row]!);
  const training = withDefaults(method.teachers.training);
  // Each teacher its own initial weights as well as its own data.
  const model = buildClassifier(method.teachers.architecture, inputShape, record.numClasses, training.seed + index);
  try {
    await trainClassifier(model, { x, labels, count: rows.length, inputShape }, {
      ...training,
      numClasses: record.numClasses,
      signal: ctx.signal,
      ...(ctx.tensorMemoryLimitBytes !== undefined ? { memoryLimitBytes: ctx.tensorMemoryLimitBytes } : {}),
    });
    const { data: pub } = await ctx.data.dataset(request.public.dataset);
    const queries = pub.train.x.subarray(0, method.queries * width);
    const test = labelledRows(record, loaded.test, inputShape);
    const predict = async (rowsX: Float32Array) => argmaxRows(await predictLogits(model, rowsX, inputShape, { signal: ctx.signal, numClasses: record.numClasses }), record.numClasses);
    const [queryVotes, testVotes] = [await predict(queries), await predict(test.x)];
    const votes = new Int32Array(queryVotes.length + testVotes.length);
    votes.set(queryVotes);
    votes.set(testVotes, queryVotes.length);
    const key = `${artifactKeys.jobScratch(ctx.jobId)}/pate/teacher-${index}.npy`;
    await ctx.store.put(key, encodeNpy(votes, [votes.length]));
    const correct = testVotes.reduce((n, vote, k) => (vote === test.labels[k] ? n + 1 : n), 0);
    return { index, votes: key, partition: rows.length, testAccuracy: correct / test.count };
  } finally {
    model.dispose();
  }
}
