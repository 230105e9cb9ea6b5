import type { components } from '../../schema.ts';
import { percent, points, seconds } from './format.ts';
import { renderTable, type Column } from './table.ts';

type Sweep = components['schemas']['Sweep'];
type SweepTrial = Sweep['trials'][number];
type SweepParameter = keyof SweepTrial['params'];
type MethodSummary = NonNullable<NonNullable<Sweep['result']>['methods']>[number];

const PARAMETERS: SweepParameter[] = ['temperature', 'alpha', 'learningRate', 'width'];
const HEADERS: Record<SweepParameter, string> = { temperature: 'temperature', alpha: 'alpha', learningRate: 'learning rate', width: 'width' };

/** The parameters the sweep varies (its grid's or ranges' keys); all four if it names none. */
function sweptParameters(sweep: Sweep): SweepParameter[] {
  const named = { ...sweep.request.grid, ...sweep.request.random?.ranges } as Partial<Record<SweepParameter, unknown>>;
  const varied = PARAMETERS.filter((name) => named[name] !== undefined);
  return varied.length > 0 ? varied : PARAMETERS;
}

/** `temperature 4, alpha 0.9`: a trial's values of the swept parameters. */
function describeParams(trial: SweepTrial, parameters: SweepParameter[]): string {
  return parameters.map((name) => `${HEADERS[name]} ${trial.params[name]}`).join(', ');
}

/** A comparison of methods (`methods` in the request) rather than a search over values. */
export const isComparison = (sweep: Sweep): boolean => sweep.request.methods !== undefined;

/** What tells a trial apart: `dkd, seed 2` in a comparison, else its values of the swept parameters. */
function describeTrialKey(sweep: Sweep, trial: SweepTrial): string {
  if (trial.comparison) return `${trial.comparison.method}, seed ${trial.comparison.seed}`;
  return describeParams(trial, sweptParameters(sweep));
}

/** `trial 1 succeeded (temperature 4) · validation 90.00% · test 88.00%`: one line per trial status change. */
export function describeTrial(sweep: Sweep, trial: SweepTrial): string {
  const parts = [`trial ${trial.index} ${trial.status} (${describeTrialKey(sweep, trial)})`];
  if (trial.validationAccuracy !== undefined) parts.push(`validation ${percent(trial.validationAccuracy)}`);
  if (trial.testAccuracy !== undefined) parts.push(`test ${percent(trial.testAccuracy)}`);
  if (trial.worker && trial.status !== 'queued') parts.push(`on ${trial.worker}`);
  const line = parts.join(' · ');
  return trial.error ? `${line}: error ${trial.error.code}: ${trial.error.message}` : line;
}

/** The columns that tell trials apart: method and seed in a comparison, else the swept parameters. */
function keyColumns(sweep: Sweep): Column<SweepTrial>[] {
  if (isComparison(sweep)) {
    return [
      { header: 'method', cell: (trial) => trial.comparison?.method ?? '' },
      { header: 'seed', align: 'right', cell: (trial) => (trial.comparison ? String(trial.comparison.seed) : '') },
    ];
  }
  return sweptParameters(sweep).map((name): Column<SweepTrial> => ({ header: HEADERS[name], align: 'right', cell: (trial) => String(trial.params[name]) }));
}

/**
 * The trial table: ranked best first once the sweep has ranked them (failed
 * trials last, without a rank), by trial index before that.
 */
function renderTrialTable(sweep: Sweep): string {
  const rows = sweep.result?.table ?? sweep.trials;
  const columns: Column<SweepTrial>[] = [
    { header: 'rank', align: 'right', cell: (trial) => (trial.rank === undefined ? '' : String(trial.rank)) },
    { header: 'trial', align: 'right', cell: (trial) => String(trial.index) },
    ...keyColumns(sweep),
    { header: 'validation', align: 'right', cell: (trial) => percent(trial.validationAccuracy) },
    { header: 'test', align: 'right', cell: (trial) => percent(trial.testAccuracy) },
    { header: 'status', cell: (trial) => trial.status },
    { header: 'model / error', cell: (trial) => trial.model ?? (trial.error ? trial.error.code : '') },
  ];
  return renderTable(columns, rows);
}

/** `90.00 ± 1.20`, in percent. */
const spread = ({ mean, std }: { mean: number; std: number }) => `${(mean * 100).toFixed(2)} ± ${(std * 100).toFixed(2)}`;

/** A comparison's methods over their seeds, best first (percentages; gains in points). */
function renderMethodTable(methods: MethodSummary[]): string {
  const columns: Column<MethodSummary>[] = [
    { header: 'rank', align: 'right', cell: (method) => String(method.rank) },
    { header: 'method', cell: (method) => method.method },
    { header: 'seeds', align: 'right', cell: (method) => String(method.trials) },
    { header: 'validation %', align: 'right', cell: (method) => spread(method.validationAccuracy) },
    { header: 'test %', align: 'right', cell: (method) => spread(method.testAccuracy) },
    { header: 'gain (test)', align: 'right', cell: (method) => points(method.gainOverBaseline?.test) },
    { header: 'seeds won', cell: (method) => method.seedsWon.join(', ') },
  ];
  return renderTable(columns, methods);
}

/** The best trial and where it was ranked: `best model m_… (trial 1: temperature 4) · …`. */
function renderBest(sweep: Sweep): string | undefined {
  const { result } = sweep;
  if (!result) return undefined;
  const { best, validation } = result;
  const lines = [
    `best model ${result.model} (trial ${best.index}: ${describeTrialKey(sweep, best)}) · validation ${percent(best.validationAccuracy)}, test ${percent(best.testAccuracy)}`,
    `ranked on ${validation.rows} validation rows of ${validation.dataset}'s ${validation.split} split (fraction ${validation.fraction}, seed ${validation.seed}) · ${seconds(result.wallSeconds)} on ${result.backend}`,
  ];
  for (const warning of result.warnings ?? []) lines.push(`warning ${warning.code}: ${warning.message}`);
  return lines.join('\n');
}

/** The finished sweep for people: the trial table, a comparison's method table, then the best model. */
export function renderOutcome(sweep: Sweep): string {
  const parts = [renderTrialTable(sweep)];
  if (sweep.result?.methods) parts.push(renderMethodTable(sweep.result.methods));
  const best = renderBest(sweep);
  if (best) parts.push(best);
  return parts.join('\n\n');
}

/** `sweeps get` for people: status, timestamps, progress, error, the trial table and the best model. */
export function renderSweep(sweep: Sweep): string {
  const lines = [`sweep ${sweep.id}: ${sweep.status} (${sweep.trials.length} trials)`];
  lines.push(
    [`created ${sweep.createdAt}`, sweep.startedAt && `started ${sweep.startedAt}`, sweep.finishedAt && `finished ${sweep.finishedAt}`]
      .filter(Boolean)
      .join(', '),
  );
  const teachers = sweep.stages.filter((stage) => stage.name.startsWith('teacher:'));
  if (teachers.length > 0) {
    lines.push(`teachers: ${teachers.map((stage) => `${stage.name} ${stage.status}${stage.cached ? ' (cached logits)' : ''}`).join(', ')}`);
  }
  if (sweep.error) lines.push('', `error ${sweep.error.code}: ${sweep.error.message}`);
  lines.push('', renderOutcome(sweep));
  return lines.join('\n');
}
