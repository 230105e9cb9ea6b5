import type { components } from '../../schema.ts';
import { percent, seconds } from './format.ts';
import { renderTable, type Column } from './table.ts';

type Sweep = components['schemas']['Sweep'];
type SweepTrial = Sweep['trials'][number];
type SweepParameter = keyof SweepTrial['params'];

const PARAMETERS: SweepParameter[] = ['temperature', 'alpha', 'learningRate', 'width'];
const HEADERS: Record<SweepParameter, string> = { temperature: 'temperature', alpha: 'alpha', learningRate: 'learning rate', width: 'width' };

/** The parameters the sweep varies (its grid's or ranges' keys); all four if it names none. */
export function sweptParameters(sweep: Sweep): SweepParameter[] {
  const named = { ...sweep.request.grid, ...sweep.request.random?.ranges } as Partial<Record<SweepParameter, unknown>>;
  const varied = PARAMETERS.filter((name) => named[name] !== undefined);
  return varied.length > 0 ? varied : PARAMETERS;
}

/** `temperature 4, alpha 0.9`: a trial's values of the swept parameters. */
export function describeParams(trial: SweepTrial, parameters: SweepParameter[]): string {
  return parameters.map((name) => `${HEADERS[name]} ${trial.params[name]}`).join(', ');
}

/** `trial 1 succeeded (temperature 4) · validation 90.00% · test 88.00%`: one line per trial status change. */
export function describeTrial(trial: SweepTrial, parameters: SweepParameter[]): string {
  const parts = [`trial ${trial.index} ${trial.status} (${describeParams(trial, parameters)})`];
  if (trial.validationAccuracy !== undefined) parts.push(`validation ${percent(trial.validationAccuracy)}`);
  if (trial.testAccuracy !== undefined) parts.push(`test ${percent(trial.testAccuracy)}`);
  if (trial.worker && trial.status !== 'queued') parts.push(`on ${trial.worker}`);
  const line = parts.join(' · ');
  return trial.error ? `${line}: error ${trial.error.code}: ${trial.error.message}` : line;
}

/**
 * The trial table: ranked best first once the sweep has ranked them (failed
 * trials last, without a rank), by trial index before that.
 */
export function renderTrialTable(sweep: Sweep): string {
  const parameters = sweptParameters(sweep);
  const rows = sweep.result?.table ?? sweep.trials;
  const columns: Column<SweepTrial>[] = [
    { header: 'rank', align: 'right', cell: (trial) => (trial.rank === undefined ? '' : String(trial.rank)) },
    { header: 'trial', align: 'right', cell: (trial) => String(trial.index) },
    ...parameters.map((name): Column<SweepTrial> => ({ header: HEADERS[name], align: 'right', cell: (trial) => String(trial.params[name]) })),
    { header: 'validation', align: 'right', cell: (trial) => percent(trial.validationAccuracy) },
    { header: 'test', align: 'right', cell: (trial) => percent(trial.testAccuracy) },
    { header: 'status', cell: (trial) => trial.status },
    { header: 'model / error', cell: (trial) => trial.model ?? (trial.error ? trial.error.code : '') },
  ];
  return renderTable(columns, rows);
}

/** The best trial and where it was ranked: `best model m_… (trial 1: temperature 4) · …`. */
export function renderBest(sweep: Sweep): string | undefined {
  const { result } = sweep;
  if (!result) return undefined;
  const { best, validation } = result;
  const lines = [
    `best model ${result.model} (trial ${best.index}: ${describeParams(best, sweptParameters(sweep))}) · validation ${percent(best.validationAccuracy)}, test ${percent(best.testAccuracy)}`,
    `ranked on ${validation.rows} validation rows of ${validation.dataset}'s ${validation.split} split (fraction ${validation.fraction}, seed ${validation.seed}) · ${seconds(result.wallSeconds)} on ${result.backend}`,
  ];
  for (const warning of result.warnings ?? []) lines.push(`warning ${warning.code}: ${warning.message}`);
  return lines.join('\n');
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
  lines.push('', renderTrialTable(sweep));
  const best = renderBest(sweep);
  if (best) lines.push('', best);
  return lines.join('\n');
}
