/**
 * Policy distillation (Rusu et al. 2015) against the same small network
 * trained by RL for as many environment steps. For each seed:
 *
 *   teacher   PPO, tanh MLP [64, 64], until its greedy mean return over the 10
 *             fixed evaluation episodes reaches the environment's threshold at
 *             two evaluations in a row (or --teacher-steps);
 *   student   tanh MLP --student, distilled from --states teacher states (the
 *             teacher acting greedily, at random 10% of the time) with --loss,
 *             plus --dagger rounds of student states labelled by the teacher;
 *   baseline  the same student architecture and seed trained by the same PPO
 *             for exactly the environment steps the distillation used.
 *
 * Returns are greedy, over the same 10 seeded evaluation episodes for all three.
 *
 *   npx tsx bench/kd-policy-experiment.ts --env=cartpole-v1 --seeds=1,2,3,4,5 --states=2000
 *   npx tsx bench/kd-policy-experiment.ts --env=cartpole-v1 --seeds=1,2,3,4,5 --states=2000 --dagger=2x500
 */
import { collectTeacherStates, countParameters, distillPolicy, environmentSpecs, evaluationSeeds, greedyReturns, rolloutStepsFor, selectBackend, trainPpo, type PolicyLoss } from '@distillery/kd';

const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const environment = flag('env', 'cartpole-v1');
const seeds = flag('seeds', '1,2,3').split(',').map(Number);
const states = Number(flag('states', '2000'));
const loss = flag('loss', 'kl') as PolicyLoss;
const studentHidden = flag('student', '32').split(',').map(Number);
const teacherSteps = Number(flag('teacher-steps', '300000'));
const [rounds, roundStates] = flag('dagger', '0x0').split('x').map(Number) as [number, number];
const spec = environmentSpecs().find((s) => s.id === environment)!;

await selectBackend('wasm');
const rows: string[] = [];
const ratios: number[] = [];
const baselineRatios: number[] = [];
for (const seed of seeds) {
  const started = performance.now();
  const teacher = await trainPpo({ environment, hidden: [64, 64], seed, maxSteps: teacherSteps, stopping: { target: spec.rewardThreshold } });
  const teacherSeconds = (performance.now() - started) / 1000;
  const collected = await collectTeacherStates({ environment, teacher: teacher.policy, states, seed });
  const distilled = await distillPolicy({
    environment, teacher: teacher.policy, teacherOutput: 'logits', studentHidden, loss, states: collected,
    ...(rounds > 0 ? { dagger: { rounds, states: roundStates } } : {}),
    epochs: 30, batchSize: 64, learningRate: 3e-3, seed,
  });
  const baseline = await trainPpo({ environment, hidden: studentHidden, seed, maxSteps: distilled.environmentSteps, rolloutSteps: rolloutStepsFor(distilled.environmentSteps) });
  const baselineReturns = greedyReturns(baseline.policy, environment, evaluationSeeds(10));
  // Returns are negative on Acrobot: compare how far each is above the worst possible return.
  const floor = environment === 'acrobot-v1' ? -spec.maxEpisodeSteps : 0;
  const share = (mean: number) => (mean - floor) / (distilled.teacher.mean - floor);
  ratios.push(share(distilled.studentReturns.mean));
  baselineRatios.push(share(baselineReturns.mean));
  rows.push(
    [
      seed, teacher.steps, distilled.teacher.mean.toFixed(1), countParameters(teacher.policy), distilled.studentReturns.mean.toFixed(1), `${distilled.studentReturns.min}..${distilled.studentReturns.max}`,
      countParameters(distilled.student), distilled.environmentSteps, distilled.rounds.map((r) => r.mean.toFixed(0)).join('→'), baselineReturns.mean.toFixed(1), `${teacherSeconds.toFixed(0)} s`,
    ].join(' | '),
  );
  console.error(rows.at(-1));
  for (const model of [teacher.policy, distilled.student, baseline.policy]) model.dispose();
}
console.log(`\n${environment}, student [${studentHidden}], loss ${loss}, ${states} teacher states${rounds ? `, DAgger ${rounds} x ${roundStates}` : ''}`);
console.log('| seed | teacher PPO steps | teacher return | teacher params | student return | min..max | student params | env steps (distillation) | after each fit | RL baseline return (same steps) | teacher time |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row} |`);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(`\nstudent / teacher: mean ${(100 * mean(ratios)).toFixed(1)}%, min ${(100 * Math.min(...ratios)).toFixed(1)}%; RL baseline / teacher: mean ${(100 * mean(baselineRatios)).toFixed(1)}%`);
