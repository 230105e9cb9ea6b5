/**
 * What a single feature value or label may be, shared by every format. Hot paths return plain
 * values (NaN for a bad feature); the `…Problem` functions run only on the error path and say why.
 */

/** Labels are class indices 0..MAX_CLASSES-1; the cap also bounds the set of class names kept while scanning. */
export const MAX_CLASSES = 10_000;
/** Longer "class names" are almost surely a wrong label column; the cap keeps the name set small. */
export const MAX_CLASS_NAME_LENGTH = 200;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** Finite, and still finite once stored as float32 (1e39 is not). */
export function fitsFloat32(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

/** A CSV feature cell as a number, or NaN when it is not a plain decimal number that fits float32. */
export function parseFeatureText(text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return NaN;
  const value = Number(trimmed);
  return fitsFloat32(value) ? value : NaN;
}

export function textFeatureProblem(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'the value is empty; every feature needs a number (only the label may be left empty)';
  if (NON_FINITE.test(trimmed)) return `${JSON.stringify(trimmed)} is not a finite number; NaN and infinities are not allowed, so fill in or drop the row`;
  if (DECIMAL.test(trimmed)) return `${trimmed} is too large for float32 (at most about ±3.4e38)`;
  return `${JSON.stringify(trimmed)} is not a number`;
}

/** Why a JSON or NPY value is not a usable feature; call only when it is not a float32-safe number. */
export function valueFeatureProblem(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'the value is NaN; NaN and infinities are not allowed, so fill in or drop the row';
    if (!Number.isFinite(value)) return `the value is ${value}; NaN and infinities are not allowed, so fill in or drop the row`;
    return `${value} is too large for float32 (at most about ±3.4e38)`;
  }
  if (value === undefined) return 'the value is missing';
  if (typeof value === 'string') return `${JSON.stringify(value)} is a string; write numbers without quotes`;
  return `${describeJson(value)} is not a number`;
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** A label is a class index, a class name, or null for an unlabelled row. */
export type RawLabel = number | string | null;

/** Returned instead of a label when the value cannot be one; `message` says why and what to write. */
export class LabelProblem {
  constructor(readonly message: string) {}
}

const LABEL_RULE = 'labels are class indices (0, 1, 2, ...) or class names';

function labelFromNumber(value: number, shown: string): number | LabelProblem {
  if (!Number.isInteger(value)) return new LabelProblem(`label ${shown} is not a whole number; ${LABEL_RULE}`);
  if (value < 0) return new LabelProblem(`label ${shown} is negative; ${LABEL_RULE}, and an unlabelled row leaves its label empty (null in JSON)`);
  if (value >= MAX_CLASSES) return new LabelProblem(`label ${shown} is above ${MAX_CLASSES - 1}, the largest class index allowed`);
  return value;
}

/**
 * A label written as text (a CSV cell, or a JSON string): empty = unlabelled; a number must be a
 * whole class index ('2' and '2.0' are class 2, which is how pandas writes an integer column with
 * gaps); anything else is a class name.
 */
export function labelFromText(text: string): RawLabel | LabelProblem {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (DECIMAL.test(trimmed) || NON_FINITE.test(trimmed)) return labelFromNumber(Number(trimmed), JSON.stringify(trimmed));
  if (trimmed.length > MAX_CLASS_NAME_LENGTH) {
    return new LabelProblem(`the class name is longer than ${MAX_CLASS_NAME_LENGTH} characters; is this the right label column?`);
  }
  return trimmed;
}

/** A JSON label: null or missing = unlabelled; numbers are class indices; strings as in labelFromText. */
export function labelFromJson(value: unknown): RawLabel | LabelProblem {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return labelFromNumber(value, String(value));
  if (typeof value === 'string') return labelFromText(value);
  return new LabelProblem(`the label is ${describeJson(value)}; ${LABEL_RULE}, and null marks an unlabelled row`);
}
