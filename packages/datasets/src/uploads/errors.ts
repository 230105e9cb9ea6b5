import { DistilleryError } from '@distillery/contracts';

/** One uploaded file as messages name it. */
export interface UploadFile {
  /** What messages call it: 'train.csv', 'test.jsonl', 'train x.npy'. */
  name: string;
  /** Request field the file came from, reported as the error's `field`: '/train', '/test/y'. */
  field: string;
}

/** Where in a file a problem is. `row` counts data rows from 1; `line` is the text line (CSV, JSON Lines). */
export interface Where {
  file: UploadFile;
  row?: number;
  line?: number;
  /** Ready-made text for the column, field or array index, e.g. 'column "petal_width"'. */
  cell?: string;
}

/** 'train.csv row 17 (line 18), column "petal_width"' */
export function locate({ file, row, line, cell }: Where): string {
  let text = file.name;
  if (row !== undefined) text += ` row ${row}`;
  if (line !== undefined) text += row !== undefined ? ` (line ${line})` : ` line ${line}`;
  if (cell !== undefined) text += `, ${cell}`;
  return text;
}

/** The error for anything wrong with an upload: where it is, then what is wrong and what to change. */
export function invalidUpload(where: Where, problem: string): DistilleryError {
  return new DistilleryError('invalid_upload', `${locate(where)}: ${problem}`, where.file.field);
}

/** An error of the request itself rather than of a file's content. */
export function invalidUploadRequest(field: string, message: string): DistilleryError {
  return new DistilleryError('invalid_upload', message, field);
}

export function columnCell(name: string): string {
  return `column ${JSON.stringify(name)}`;
}

export function fieldCell(name: string): string {
  return `field ${JSON.stringify(name)}`;
}

/**
 * An uploaded NPY file. Its field follows the API's multipart part names (x, y, testX, testY), so
 * `field` points at the part the user sent.
 */
export function npyUploadFile(role: 'train' | 'test', array: 'x' | 'y'): UploadFile {
  return { name: `${role} ${array}.npy`, field: role === 'train' ? `/${array}` : `/test${array.toUpperCase()}` };
}
