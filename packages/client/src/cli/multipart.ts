import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.ts';

/** Text fields (left out when undefined) and file parts of a multipart/form-data upload. */
export interface UploadForm {
  fields: Record<string, string | number | undefined>;
  /** `name`: the part's file name, when it is not the file's base name. */
  files: { field: string; path: string; type?: string; name?: string }[];
}

/**
 * Builds the form with each file as a Blob backed by the file on disk
 * (`fs.openAsBlob`): fetch streams it into the request body, so a file of any
 * size is never read into memory whole. Each part is named after the file's
 * base name unless it says otherwise.
 */
export async function buildUploadForm(form: UploadForm): Promise<FormData> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) if (value !== undefined) body.append(name, String(value));
  for (const file of form.files) {
    let blob: Blob;
    try {
      blob = await openAsBlob(file.path, file.type ? { type: file.type } : {});
    } catch (error) {
      throw new InputError(`cannot read ${file.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    body.append(file.field, blob, file.name ?? path.basename(file.path));
  }
  return body;
}
