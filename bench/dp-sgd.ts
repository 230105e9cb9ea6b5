/**
 * Issue 15: what DP-SGD's per-example gradients cost. The same MLP, data,
 * batches and seed trained for one epoch with and without the DP-SGD hook
 * (clip 1, noise multiplier 1.1, seeded noise: the timing does not depend on
 * where the noise comes from), alternating A B B A; the figure is the ratio
 * of their median epoch times. Per-example gradients here are one backward
 * pass per example, so the ratio grows with the batch size.
 */
import { buildClassifier, dpSgdHook, mulberry32, normalSampler, selectBackend, trainClassifier } from '@distillery/kd';
import { median, type Benchmark } from './lib/report.ts';

export default (async ({ quick }) => {
  await selectBackend('wasm');
  const count = quick ? 256 : 1024;
  const features = 64;
  const random = mulberry32(1);
  const examples = {
    x: Float32Array.from({ length: count * features }, () => random() * 2 - 1),
    count,
    inputShape: [features],
    labels: Int32Array.from({ length: count }, (_, i) => i % 10),
  };
  const normal = normalSampler(mulberry32(2));
  const gaussian = (n: number) => Float32Array.from({ length: n }, normal);
  const figures = [];
  for (const batchSize of [32, 128]) {
    const epoch = async (privately: boolean) => {
      const model = buildClassifier({ kind: 'mlp', hidden: [128] }, [features], 10, 1);
      const started = performance.now();
      await trainClassifier(model, examples, {
        epochs: 1,
        batchSize,
        learningRate: 0.01,
        seed: 1,
        numClasses: 10,
        ...(privately ? { gradientHook: dpSgdHook({ clipNorm: 1, noiseMultiplier: 1.1, gaussian }) } : {}),
      });
      model.dispose();
      return (performance.now() - started) / 1000;
    };
    const plain: number[] = [];
    const dp: number[] = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      plain.push(await epoch(false));
      dp.push(await epoch(true));
      dp.push(await epoch(true));
      plain.push(await epoch(false));
    }
    figures.push({
      group: 'dp-sgd',
      name: `DP-SGD epoch / plain epoch, MLP [128], batch ${batchSize}`,
      value: median(dp) / median(plain),
      unit: '×',
      details: { examples: count, plainSeconds: median(plain), dpSgdSeconds: median(dp) },
    });
  }
  return figures;
}) satisfies Benchmark;
