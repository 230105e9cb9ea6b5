/**
 * DP-SGD on real MNIST: the first --train training images, an MLP [--hidden],
 * Adam lr 0.005, batches of 128, --epochs epochs, seed 1; each example's
 * gradient clipped to norm 1, noise multiplier σ from --sigmas (seeded noise,
 * so a row can be rerun; jobs draw theirs from a secure source). ε at δ = 1e-5
 * from the subsampled-Gaussian RDP accountant (improved conversion), sampling
 * rate 128 / --train. Beside it, the same model, seed and steps without
 * privacy. Accuracy on the 10,000 MNIST test images.
 *
 *   npx tsx bench/kd-dpsgd-experiment.ts --train=10000 --epochs=10 --sigmas=0.8,1.1,2
 */
import { buildClassifier, dpSgdEpsilon, dpSgdHook, mulberry32, normalSampler, predictLogits, selectBackend, trainClassifier, accuracy } from '@distillery/kd';
import { loadBuiltin } from '@distillery/datasets';

const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const train = Number(flag('train', '10000'));
const epochs = Number(flag('epochs', '10'));
const hidden = Number(flag('hidden', '128'));
const sigmas = flag('sigmas', '0.8,1.1,2').split(',').map(Number);
const batchSize = 128;

await selectBackend('wasm');
const mnist = loadBuiltin({ builtin: 'mnist', options: { trainSize: train } });
const examples = { x: mnist.train.x, labels: mnist.train.y!, count: mnist.train.count, inputShape: mnist.inputShape };
const options = { epochs, batchSize, learningRate: 0.005, seed: 1, numClasses: 10 };

async function run(sigma?: number): Promise<{ accuracy: number; seconds: number }> {
  const model = buildClassifier({ kind: 'mlp', hidden: [hidden] }, mnist.inputShape, 10, 1);
  const normal = normalSampler(mulberry32(17));
  const started = performance.now();
  await trainClassifier(model, examples, { ...options, ...(sigma ? { gradientHook: dpSgdHook({ clipNorm: 1, noiseMultiplier: sigma, gaussian: (n) => Float32Array.from({ length: n }, normal) }) } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const result = accuracy(await predictLogits(model, mnist.test.x, mnist.inputShape, { numClasses: 10 }), mnist.test.y!, 10);
  model.dispose();
  return { accuracy: result, seconds };
}

const steps = epochs * Math.ceil(train / batchSize);
const plain = await run();
console.log(`| σ | ε (δ = 1e-5) | DP-SGD accuracy | same model without privacy | seconds (DP-SGD / plain) |\n|---|---|---|---|---|`);
for (const sigma of sigmas) {
  const dp = await run(sigma);
  const epsilon = dpSgdEpsilon(batchSize / train, sigma, steps, 1e-5).epsilon;
  console.log(`| ${sigma} | ${epsilon.toFixed(2)} | ${(100 * dp.accuracy).toFixed(1)}% | ${(100 * plain.accuracy).toFixed(1)}% | ${dp.seconds.toFixed(0)} / ${plain.seconds.toFixed(0)} |`);
}
