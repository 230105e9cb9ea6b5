import { DistilleryError, withDefaults, type Architecture } from '@distillery/contracts';
import {
  MAX_SWEEP_TRIALS,
  SWEEP_PARAMETERS,
  type DistillJobRequest,
  type SweepParameter,
  type SweepParams,
  type SweepRandom,
  type SweepRequest,
  type SweepTrialPlan,
} from '@distillery/jobs';
import { DEFAULT_METHOD, methodModule, resolveMethod, type MethodRequest, type SweepableParameter } from '@distillery/kd';
import { mulberry32 } from '@distillery/kd/random';

const METHOD_PARAMETERS: readonly SweepableParameter[] = ['temperature', 'alpha'];

/**
 * A method's own values, as a trial's params show them: its temperature (the
 * one its targets are tempered at) and its alpha when the sweep's alpha is
 * its to set (0 when not: DKD's alpha, say, weighs another term).
 */
function methodParams(method: MethodRequest | undefined): Pick<SweepParams, 'temperature' | 'alpha'> {
  const resolved = resolveMethod(method);
  const module = methodModule(resolved.kind);
  const alpha = module.sweep?.alpha ? (resolved as { alpha?: unknown }).alpha : undefined;
  return { temperature: module.targets(resolved).temperature, alpha: typeof alpha === 'number' ? alpha : 0 };
}

/** The base request's own values: what a parameter the sweep does not vary keeps. */
function baseParams(base: DistillJobRequest): SweepParams {
  return { ...methodParams(base.method), learningRate: withDefaults(base.training).learningRate, width: 1 };
}

/**
 * The trials of a sweep, in order: every combination of a grid (temperature
 * varying slowest, then alpha, learning rate, width), `trials` draws of a
 * random search (each parameter drawn independently from its range with a
 * generator seeded by `seed`, so the same request always gives the same
 * trials), or a comparison of methods, each (the baseline first) trained
 * with each seed.
 */
export function planTrials(request: Pick<SweepRequest, 'base' | 'grid' | 'random' | 'methods' | 'seeds' | 'baseline'>): SweepTrialPlan[] {
  const modes = [request.grid && 'grid', request.random && 'random', request.methods && 'methods'].filter(Boolean);
  if (modes.length !== 1) {
    throw new DistilleryError(
      'invalid_request',
      'give exactly one of "grid" (every combination of listed values), "random" (a number of random draws) or "methods" (a comparison of methods over seeds)',
      modes.length === 0 ? '/grid' : `/${modes[1]}`,
    );
  }
  if (!request.methods) {
    const unused = (['seeds', 'baseline'] as const).find((field) => request[field] !== undefined);
    if (unused) throw new DistilleryError('invalid_request', `"${unused}" belongs to a comparison of methods: drop it, or compare methods with "methods"`, `/${unused}`);
    const base = baseParams(request.base);
    const params = request.grid ? gridTrials(request.grid, base) : randomTrials(request.random!, base);
    return params.map((trial) => ({ params: trial, request: trialRequest(request.base, trial, base) }));
  }
  return comparisonTrials(request.base, request.methods, request.seeds ?? [withDefaults(request.base.training).seed], request.baseline ?? true);
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

/**
 * The base request with one trial's values: the method's temperature and
 * alpha (through the method's own sweep setters), the learning rate and the
 * student's width. A value the base method does not take is refused.
 */
export function trialRequest(base: DistillJobRequest, params: SweepParams, baseValues = baseParams(base)): DistillJobRequest {
  let method: MethodRequest = base.method ?? DEFAULT_METHOD;
  const module = methodModule(method.kind);
  for (const name of METHOD_PARAMETERS.filter((p) => params[p] !== baseValues[p])) {
    const setter = module.sweep?.[name];
    if (!setter) {
      const takes = METHOD_PARAMETERS.filter((p) => module.sweep?.[p]);
      throw new DistilleryError(
        'invalid_request',
        `the base method "${method.kind}" takes no sweep value ${name}${takes.length > 0 ? ` (it takes ${takes.join(', ')})` : ''}: sweep learningRate or width, or compare methods with "methods"`,
        '/base/method',
      );
    }
    method = setter.set(method as never, params[name]) as MethodRequest;
  }
  return {
    ...base,
    method,
    training: { ...base.training, learningRate: params.learningRate },
    student: { ...base.student, architecture: scaleArchitecture(base.student.architecture, params.width) },
  };
}

/** Each method (the baseline first, when asked) with each seed: the table a comparison fills. */
function comparisonTrials(base: DistillJobRequest, methods: MethodRequest[], seeds: number[], baseline: boolean): SweepTrialPlan[] {
  const count = (methods.length + (baseline ? 1 : 0)) * seeds.length;
  if (count > MAX_SWEEP_TRIALS) {
    throw new DistilleryError(
      'job_too_large',
      `${methods.length} method(s)${baseline ? ' and the baseline' : ''} over ${seeds.length} seed(s) make ${count} trials; a sweep runs at most ${MAX_SWEEP_TRIALS}: compare fewer methods or seeds`,
      '/methods',
    );
  }
  const labels = methodLabels(methods);
  const learningRate = withDefaults(base.training).learningRate;
  const entries: { label: string; method: MethodRequest | undefined }[] = [
    ...(baseline ? [{ label: 'baseline', method: undefined }] : []),
    ...methods.map((method, i) => ({ label: labels[i]!, method })),
  ];
  return entries.flatMap(({ label, method }) => {
    const params = { ...(method ? methodParams(method) : { temperature: 0, alpha: 0 }), learningRate, width: 1 };
    return seeds.map((seed): SweepTrialPlan => ({
      params: { ...params },
      request: { ...base, ...(method ? { method } : {}), training: { ...base.training, seed } },
      comparison: { method: label, seed },
      ...(method ? {} : { baseline: true }),
    }));
  });
}

/** Each method's kind, numbered (`dkd#2`) where a comparison names a kind more than once. */
export function methodLabels(methods: MethodRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const method of methods) counts.set(method.kind, (counts.get(method.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  return methods.map((method) => {
    const n = (seen.get(method.kind) ?? 0) + 1;
    seen.set(method.kind, n);
    return counts.get(method.kind)! > 1 ? `${method.kind}#${n}` : method.kind;
  });
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

/** `T=4, alpha=0.9, lr=0.001, width=1` (or `dkd, seed 2` in a comparison): how a trial is named in messages. */
export function describeTrial(trial: Pick<SweepTrialPlan, 'params' | 'comparison'>): string {
  if (trial.comparison) return `${trial.comparison.method}, seed ${trial.comparison.seed}`;
  const { params } = trial;
  return `T=${params.temperature}, alpha=${params.alpha}, lr=${params.learningRate}, width=${params.width}`;
}
