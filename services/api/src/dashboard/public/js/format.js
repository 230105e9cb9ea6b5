/** Formatting shared by the views. Every function takes values as the API returns them. */

export function percent(fraction, digits = 2) {
  return typeof fraction === 'number' ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

export function integer(value) {
  return typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : '—';
}

export function bytes(value) {
  if (typeof value !== 'number') return '—';
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

export function milliseconds(value) {
  if (typeof value !== 'number') return '—';
  return value < 0.1 ? `${(value * 1000).toFixed(1)} µs` : `${value.toFixed(3)} ms`;
}

export function ratio(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}

/** Seconds between two ISO times (the second defaults to now), as "4.2 s", "3 min 05 s" or "2 h 07 min". */
export function duration(startIso, endIso) {
  if (!startIso) return '—';
  const seconds = ((endIso ? Date.parse(endIso) : Date.now()) - Date.parse(startIso)) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function dateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString();
}

/** A short description of a model architecture: "mlp [64, 32]", "cnn [16, 32] + dense [64]". */
export function architecture(arch) {
  if (!arch || typeof arch !== 'object') return '';
  const list = (values) => (Array.isArray(values) ? `[${values.join(', ')}]` : '');
  if (arch.kind === 'cnn') return `cnn ${list(arch.filters)}${arch.dense ? ` + dense ${list(arch.dense)}` : ''}`;
  if (arch.kind === 'mlp') return `mlp ${list(arch.hidden)}`;
  return String(arch.kind ?? '');
}
