import { invalidUpload, locate, type Where } from './errors.ts';
import { MAX_CLASSES } from './values.ts';

/** How labels turn into class indices, once every label has been seen. */
export interface ClassMap {
  numClasses: number;
  /** Set when the labels were class names. */
  classNames?: string[];
  /** Class index of a label; -1 for none. */
  indexOf(label: number | string | null): number;
}

/**
 * Pass-1 view of every label in train and test: all class indices or all class names (a mix is
 * refused, naming both rows), the largest index, and the distinct names, at most MAX_CLASSES of
 * them, so memory stays bounded whatever the file holds.
 */
export class LabelCollector {
  private firstIndex?: { label: number; at: string };
  private firstName?: { label: string; at: string };
  private largestIndex = -1;
  private readonly names = new Set<string>();

  add(label: number | string, where: Where): void {
    if (typeof label === 'number') {
      if (this.firstName) throw mixed(where, JSON.stringify(String(label)), 'a class index', this.firstName.at, `the class name ${JSON.stringify(this.firstName.label)}`);
      this.firstIndex ??= { label, at: locate(where) };
      if (label > this.largestIndex) this.largestIndex = label;
      return;
    }
    if (this.firstIndex) throw mixed(where, JSON.stringify(label), 'a class name', this.firstIndex.at, `the class index ${this.firstIndex.label}`);
    this.firstName ??= { label, at: locate(where) };
    if (this.names.has(label)) return;
    if (this.names.size === MAX_CLASSES) {
      throw invalidUpload(where, `${JSON.stringify(label)} would be class name number ${MAX_CLASSES + 1}; at most ${MAX_CLASSES} classes are allowed. Is this the right label column?`);
    }
    this.names.add(label);
  }

  finish(): ClassMap {
    if (this.names.size > 0) {
      // Code-unit order: the same on every machine, whatever its locale.
      const classNames = [...this.names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const indices = new Map(classNames.map((name, index) => [name, index]));
      return { numClasses: classNames.length, classNames, indexOf: (label) => (label === null ? -1 : indices.get(String(label))!) };
    }
    return { numClasses: this.largestIndex + 1, indexOf: (label) => (label === null ? -1 : (label as number)) };
  }
}

function mixed(where: Where, shown: string, kind: string, firstAt: string, firstLabel: string) {
  return invalidUpload(
    where,
    `${shown} is ${kind}, but ${firstAt} has ${firstLabel}; use class names on every row or class indices (0, 1, 2, ...) on every row, not both`,
  );
}
