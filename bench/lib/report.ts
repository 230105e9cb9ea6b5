/**
 * One measured figure of the benchmark suite. Performance on these shared
 * machines is noisy, so every figure that has a target is a ratio of two
 * things measured side by side in the same run.
 */
export interface BenchFigure {
  /** Which benchmark group, e.g. "queue", "training", "backends". */
  group: string;
  /** What was measured, e.g. "API submissions / FlowProducer.add (c=10)". */
  name: string;
  value: number;
  unit: string;
  /** e.g. ">= 0.6" or "<= 1.10"; absent for figures that are context, not targets. */
  target?: { op: '>=' | '<='; value: number };
  /** Raw numbers behind the figure (rates, times, counts), for the JSON report. */
  details?: Record<string, unknown>;
}

export function meets(figure: BenchFigure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

/** A benchmark module: runs its measurements and returns its figures. */
export type Benchmark = (options: { quick: boolean }) => Promise<BenchFigure[]>;

export function formatTable(figures: BenchFigure[]): string {
  const rows = figures.map((f) => {
    const ok = meets(f);
    return [
      f.group,
      f.name,
      `${formatNumber(f.value)} ${f.unit}`.trim(),
      f.target ? `${f.target.op} ${f.target.value}` : '',
      ok === undefined ? '' : ok ? 'met' : 'MISSED',
    ];
  });
  const header = ['group', 'figure', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01) return value.toFixed(3);
  return value.toPrecision(3);
}

/** Arithmetic mean of a list of numbers. */
export function mean(values: number[]): number {
  if (values.length === 0) throw new Error('mean of an empty list');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
export function sampleStd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, x) => sum + (x - m) ** 2, 0) / (values.length - 1));
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
