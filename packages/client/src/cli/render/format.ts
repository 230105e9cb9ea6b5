/** Number formats shared by tables, bars and plain progress lines. Fixed locale: output is the same everywhere. */

const grouped = new Intl.NumberFormat('en-US');

/** 0.9 -> "90.00%" */
export function percent(fraction: number | undefined): string {
  return fraction === undefined ? '' : `${(fraction * 100).toFixed(2)}%`;
}

/** A difference of two fractions in percentage points, signed: 0.0456 -> "+4.56". */
export function points(difference: number | undefined): string {
  if (difference === undefined) return '';
  const value = difference * 100;
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

/** 669706 -> "669,706" */
export function count(value: number | undefined): string {
  return value === undefined ? '' : grouped.format(value);
}

/** 2678824 -> "2.6 MiB" */
export function bytes(value: number | undefined): string {
  if (value === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${scaled.toFixed(1)} ${units[unit]}`;
}

/** Three significant digits: 0.0412 -> "0.0412 ms", 12.345 -> "12.3 ms". */
export function milliseconds(value: number | undefined): string {
  return value === undefined ? '' : `${significant(value)} ms`;
}

/** 30.46 -> "30.5×" */
export function ratio(value: number | undefined): string {
  return value === undefined ? '' : `${significant(value)}×`;
}

export function seconds(value: number | undefined): string {
  return value === undefined ? '' : `${value.toFixed(1)} s`;
}

export function loss(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(4);
}

function significant(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(3)).toString();
}
