import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DistilleryError } from '@distillery/contracts';
import type { ArtifactStore } from '@distillery/storage';

/** A file part, already in the store. */
export interface StoredPart {
  field: string;
  fileName: string;
  key: string;
  bytes: number;
}

export interface MultipartUpload {
  fields: Record<string, string>;
  files: StoredPart[];
}

export interface MultipartOptions {
  /** Field names that may carry files; anything else is refused by name. */
  fileFields: readonly string[];
  /** Where each file goes. Must yield a valid store key for any name that passed `assertPlainFileName`. */
  keyFor: (field: string, fileName: string) => string;
  maxFileBytes: number;
  /** Bytes all files together may hold (what is left of the tenant's quota): past it, writing stops and `exceeded` is thrown. */
  budget?: { bytes: number; exceeded: () => Error } | undefined;
}

/** The characters an upload file name may hold: the store's key charset, one segment. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * File names come from the client and become part of a store key, so anything
 * that could name another folder (`..`, `/`, `\`, `%2F`, NUL, an absolute
 * path) is refused outright rather than cleaned up into something else.
 */
export function assertPlainFileName(fileName: string, field: string): void {
  if (!PLAIN_FILE_NAME.test(fileName) || fileName === '.' || fileName === '..') {
    throw new DistilleryError(
      'invalid_upload',
      `the file name ${JSON.stringify(fileName)} of part "${field}" is not a plain file name; use only letters, digits, ".", "_" and "-" (no folders)`,
      `/${field}`,
    );
  }
}

/** What @fastify/multipart's limit errors mean to a user. */
function translateMultipartError(error: unknown, maxFileBytes: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DistilleryError('upload_too_large', `a file is larger than the limit of ${maxFileBytes} bytes (UPLOAD_MAX_FILE_BYTES)`);
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new DistilleryError('upload_too_large', `the form has too many parts (${(error as Error).message}); send only the documented fields and files`);
  }
  if (code === 'FST_PROTO_VIOLATION') return new DistilleryError('invalid_upload', 'a form field is named __proto__, constructor or prototype; rename it');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new DistilleryError('unsupported_media_type', 'send the upload as multipart/form-data');
  if (code === 'FST_MP_PREMATURE_CLOSE') return new DistilleryError('invalid_upload', 'the request ended before the form was complete; send it again');
  if (code === 'FST_INVALID_JSON_FIELD_ERROR') {
    return new DistilleryError('invalid_request', 'a form field sent with Content-Type: application/json is not valid JSON; fix it or send the field as plain text');
  }
  // busboy's own errors are plain Errors: a content type it cannot split, or a body that is not multipart at all.
  const message = error instanceof Error && !code ? error.message : '';
  if (/Boundary not found|Boundary required|needle cannot/i.test(message)) {
    return new DistilleryError('invalid_request', 'the multipart/form-data content type needs a boundary parameter of 1 to 70 characters, e.g. "multipart/form-data; boundary=x1y2"');
  }
  if (/unexpected end of multipart data|malformed part header|unexpected end of (form|part)/i.test(message)) {
    return new DistilleryError('invalid_upload', `the multipart body is malformed or cut short (${message}); send the form again`);
  }
  return error;
}

/**
 * How long the parser may sit on a request body it has stopped reading before
 * the form is given up on. busboy (@fastify/busboy 3.x) stalls for good on a
 * part it skips (one without `Content-Disposition: form-data`) that is longer
 * than its 16 KiB buffer: it never asks for more of the body and never ends
 * the form, so the parts iterator would wait, and the request go unanswered,
 * forever. While the next part is awaited the parser is the body's only
 * reader; a body that stays paused (or fully read) this long with no part
 * coming means it is stuck. A client that is merely slow keeps the body
 * flowing and is not affected.
 */
const STALL_MS = 2000;
const STALL_POLL_MS = 250;

type Parts = AsyncIterator<Multipart>;

/** The next part, or a 422 when the parser has stopped reading the body and produces nothing. */
function nextPart(request: FastifyRequest, parts: Parts): Promise<IteratorResult<Multipart>> {
  const raw = request.raw;
  return new Promise((resolve, reject) => {
    let stalledFor = 0;
    const watch = setInterval(() => {
      stalledFor = raw.readableEnded || raw.isPaused() ? stalledFor + STALL_POLL_MS : 0;
      if (stalledFor < STALL_MS) return;
      clearInterval(watch);
      reject(new DistilleryError('invalid_upload', 'the form could not be read to its end: every part needs a "Content-Disposition: form-data; name=..." header'));
    }, STALL_POLL_MS);
    parts.next().then(
      (result) => {
        clearInterval(watch);
        resolve(result);
      },
      (error: unknown) => {
        clearInterval(watch);
        reject(error);
      },
    );
  });
}

/**
 * Reads a multipart form, streaming each file straight into the store (never
 * whole into memory). On any failure every file written so far is removed
 * before the error propagates: the caller owns nothing half-written.
 */
export async function readMultipart(request: FastifyRequest, store: ArtifactStore, options: MultipartOptions): Promise<MultipartUpload> {
  const fields: Record<string, string> = {};
  const files: StoredPart[] = [];
  let writing: string | undefined;
  let total = 0;
  const budget = options.budget;
  const withinBudget = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      total += chunk.length;
      if (budget && total > budget.bytes) throw budget.exceeded();
      yield chunk;
    }
  };
  // preservePath: busboy would otherwise cut "../model.json" down to "model.json" and accept it; the name is checked whole instead.
  const parts = request.parts({ preservePath: true })[Symbol.asyncIterator]();
  try {
    for (let next = await nextPart(request, parts); !next.done; next = await nextPart(request, parts)) {
      const part = next.value;
      if (part.type === 'field') {
        if (part.fieldname in fields) throw new DistilleryError('invalid_upload', `the field "${part.fieldname}" is given twice; give it once`, `/${part.fieldname}`);
        // A field part with Content-Type: application/json arrives already parsed; the form parser wants the text.
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        continue;
      }
      if (!options.fileFields.includes(part.fieldname)) {
        part.file.resume(); // drain it, or the request never ends
        throw new DistilleryError('invalid_upload', `unexpected file part "${part.fieldname}"; files go in ${options.fileFields.map((f) => `"${f}"`).join(', ')}`, `/${part.fieldname}`);
      }
      try {
        assertPlainFileName(part.filename, part.fieldname);
      } catch (error) {
        part.file.resume();
        throw error;
      }
      const key = options.keyFor(part.fieldname, part.filename);
      if (files.some((file) => file.key === key)) {
        part.file.resume();
        throw new DistilleryError('invalid_upload', `the file ${part.filename} is uploaded twice; send each file once`, `/${part.fieldname}`);
      }
      writing = key;
      const bytes = await store.putStream(key, withinBudget(part.file));
      writing = undefined;
      files.push({ field: part.fieldname, fileName: part.filename, key, bytes });
    }
    return { fields, files };
  } catch (error) {
    // The rest of the body is read and dropped, never parsed or written: a
    // parser left waiting on a part nobody reads would hold the connection
    // open, and closing it early would leave many clients (fetch among them)
    // with a broken pipe instead of the answer.
    request.raw.unpipe();
    request.raw.resume();
    const written = [...files.map((file) => file.key), ...(writing ? [writing] : [])];
    await Promise.all(written.map((key) => store.deletePrefix(key).catch(() => undefined)));
    throw translateMultipartError(error, options.maxFileBytes);
  }
}
