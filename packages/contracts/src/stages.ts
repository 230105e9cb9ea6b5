/**
 * Stage names, the one place they are spelled: a job record lists its stages
 * by these names, each BullMQ job carries one of them out, the dashboard
 * draws them, and progress events name the training run in progress.
 */
export const stageNames = {
  /** One teacher's inference (and layer extraction) over the job's data. */
  teacher: (index: number) => `teacher:${index}`,
  /** The teachers' quality gate and the combination of their outputs. */
  aggregate: 'aggregate',
  /** A train job's training, or a distill job's student (and baseline) training. */
  train: 'train',
  /** A sweep's first step: the aggregated targets for every trial, then the fan-out. */
  targets: 'targets',
  /** One sweep trial. */
  trial: (index: number) => `trial:${index}`,
  /** A sweep's last step: ranking the trials. */
  rank: 'rank',
} as const;

/**
 * The training runs inside a stage: each reports progress under its name,
 * keeps a learning curve in the result's history, and checkpoints under it.
 */
export const runNames = {
  train: 'train',
  student: 'student',
  baseline: 'baseline',
  /** PATE's second student, on the answers and the public rows the first labelled with confidence. */
  semiSupervised: 'semi-supervised',
  /** A FitNets hint stage before the student's epochs (progress only: it has no accuracy). */
  hint: 'hint',
  trial: (index: number) => `trial-${index}`,
} as const;
