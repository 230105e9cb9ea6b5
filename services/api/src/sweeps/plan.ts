import {
  DistilleryError,
  MAX_SWEEP_TRIALS,
  methodWithDefaults,
  SWEEP_PARAMETERS,
  withDefaults,
  type Architecture,
  type DistillJobRequest,
  type SweepParameter,
  type SweepParams,
  type SweepRandom,
  type SweepRequest,
} from '@distillery/contracts';
import { mulberry32 } from '@distillery/datasets';

/** The base request's own values: what a parameter the sweep does not vary keeps. */
export function baseParams(base: DistillJobRequest): SweepParams {
  const method = methodWithDefaults(base.method);
  const { temperature, alpha } = method.kind === 'logits' ? method : { temperature: 4, alpha: 0.9 };
  return { temperature, alpha, learningRate: withDefaults(base.training).learningRate, width: 1 };
}

/**
 * The trials of a sweep, in order: every combination of a grid (temperature
 * varying slowest, then alpha, learning rate, width), or `trials` draws of a
 * random search, each parameter drawn independently from its range with a
 * generator seeded by `seed`, so the same request always gives the same trials.
 */
export function planTrials(request: Pick<SweepRequest, 'base' | 'grid' | 'random'>): SweepParams[] {
  if ((request.grid === undefined) === (request.random === undefined)) {
    throw new DistilleryError('invalid_request', 'give exactly one of "grid" (every combination of listed values) or "random" (a number of random draws)', request.grid ? '/random' : '/grid');
  }
  const base = baseParams(request.base);
  return request.grid ? gridTrials(request.grid, base) : randomTrials(request.random!, base);
}

function gridTrials(grid: NonNullable<SweepRequest['grid']>, base: SweepParams): SweepParams[] {
  const varied = SWEEP_PARAMETERS.filter((name) => grid[name] !== undefined);
  if (varied.length === 0) throw new DistilleryError('invalid_request', `the grid names no parameter; give values for some of ${SWEEP_PARAMETERS.join(', ')}`, '/grid');
  const count = varied.reduce((product, name) => product * new Set(grid[name]).size, 1);
  if (count > MAX_SWEEP_TRIALS) {
    throw new DistilleryError(
      'job_too_large',
      `this grid has ${count} combinations; a sweep runs at most ${MAX_SWEEP_TRIALS} trials: list fewer values, or use "random" with "trials": ${MAX_SWEEP_TRIALS}`,
      '/grid',
    );
  }
  let trials: SweepParams[] = [base];
  for (const name of varied) {
    const values = [...new Set(grid[name])];
    trials = trials.flatMap((trial) => values.map((value) => ({ ...trial, [name]: value })));
  }
  return trials;
}

function randomTrials(random: SweepRandom, base: SweepParams): SweepParams[] {
  const varied = SWEEP_PARAMETERS.filter((name) => random.ranges[name] !== undefined);
  if (varied.length === 0) throw new DistilleryError('invalid_request', `the random search has no ranges; give some of ${SWEEP_PARAMETERS.join(', ')}`, '/random/ranges');
  for (const name of varied) {
    const range = random.ranges[name]!;
    if ('min' in range && range.min > range.max) {
      throw new DistilleryError('invalid_request', `${name}: min (${range.min}) is above max (${range.max})`, `/random/ranges/${name}`);
    }
    if ('min' in range && range.scale === 'log' && range.min <= 0) {
      throw new DistilleryError('invalid_request', `${name}: a log scale needs min above 0`, `/random/ranges/${name}/min`);
    }
  }
  const next = mulberry32(random.seed ?? 0);
  return Array.from({ length: random.trials }, () => {
    const trial = { ...base };
    for (const name of varied) trial[name] = draw(random.ranges[name]!, next);
    return trial;
  });
}

type Range = NonNullable<SweepRandom['ranges'][SweepParameter]>;

function draw(range: Range, next: () => number): number {
  if ('values' in range) return range.values[Math.min(range.values.length - 1, Math.floor(next() * range.values.length))]!;
  const u = next();
  if (range.scale === 'log') return round(Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min))));
  return round(range.min + u * (range.max - range.min));
}

/** Six significant digits: drawn values read well in the table and survive JSON unchanged. */
const round = (value: number) => Number(value.toPrecision(6));

/** The base request with one trial's values: its method, learning rate and student width. */
export function trialRequest(base: DistillJobRequest, params: SweepParams): DistillJobRequest {
  return {
    ...base,
    method: { kind: 'logits', temperature: params.temperature, alpha: params.alpha },
    training: { ...base.training, learningRate: params.learningRate },
    student: { ...base.student, architecture: scaleArchitecture(base.student.architecture, params.width) },
  };
}

/** Every layer width times `width`, rounded, at least 1 (1 leaves the architecture as it is). */
export function scaleArchitecture(architecture: Architecture, width: number): Architecture {
  if (width === 1) return architecture;
  const scale = (units: number) => Math.max(1, Math.round(units * width));
  if (architecture.kind === 'mlp') return { ...architecture, hidden: architecture.hidden.map(scale) };
  if (architecture.kind === 'transformer') {
    // dim stays a multiple of heads (and at least 8, the contract's minimum).
    const { heads } = architecture;
    const dim = Math.max(Math.ceil(8 / heads) * heads, Math.round((architecture.dim * width) / heads) * heads);
    return { ...architecture, dim, ...(architecture.mlpDim ? { mlpDim: scale(architecture.mlpDim) } : {}) };
  }
  return { ...architecture, filters: architecture.filters.map(scale), ...(architecture.dense ? { dense: architecture.dense.map(scale) } : {}) };
}

/** `T=4, alpha=0.9, lr=0.001, width=1`: how a trial is named in messages. */
export function describeParams(params: SweepParams): string {
  return `T=${params.temperature}, alpha=${params.alpha}, lr=${params.learningRate}, width=${params.width}`;
}
