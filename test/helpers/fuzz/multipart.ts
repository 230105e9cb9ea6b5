import fc from 'fast-check';
import { hostileValue, nastyString } from './hostile.ts';

/** One part of a multipart/form-data body, written by hand so that every header can be wrong. */
export interface FormPart {
  /** The `name` parameter; undefined leaves it out. */
  name?: string;
  /** The `filename` parameter: present makes the part a file. */
  filename?: string;
  /** An RFC 5987 `filename*` parameter, written as given. */
  filenameStar?: string;
  contentType?: string;
  /** Replaces the whole Content-Disposition line. */
  disposition?: string;
  /** Extra header lines. */
  extraHeaders?: string[];
  body: Buffer | string;
}

export interface FormOptions {
  boundary: string;
  /** LF alone instead of CRLF. */
  bareLf?: boolean;
  preamble?: string;
  epilogue?: string;
  /** Leaves out the closing delimiter. */
  unterminated?: boolean;
  /** Cuts the encoded body to this fraction of its length. */
  truncateAt?: number;
}

const quote = (text: string) => `"${text.replace(/"/g, '\\"')}"`;

export function encodeForm(parts: FormPart[], options: FormOptions): Buffer {
  const eol = options.bareLf ? '\n' : '\r\n';
  const chunks: Buffer[] = [];
  if (options.preamble !== undefined) chunks.push(Buffer.from(`${options.preamble}${eol}`));
  for (const part of parts) {
    const disposition =
      part.disposition ??
      [
        'Content-Disposition: form-data',
        ...(part.name !== undefined ? [`name=${quote(part.name)}`] : []),
        ...(part.filename !== undefined ? [`filename=${quote(part.filename)}`] : []),
        ...(part.filenameStar !== undefined ? [`filename*=${part.filenameStar}`] : []),
      ].join('; ');
    const head = [`--${options.boundary}`, disposition, ...(part.contentType !== undefined ? [`Content-Type: ${part.contentType}`] : []), ...(part.extraHeaders ?? [])];
    chunks.push(Buffer.from(`${head.join(eol)}${eol}${eol}`, 'latin1'));
    chunks.push(typeof part.body === 'string' ? Buffer.from(part.body) : part.body);
    chunks.push(Buffer.from(eol));
  }
  if (!options.unterminated) chunks.push(Buffer.from(`--${options.boundary}--${eol}`));
  if (options.epilogue !== undefined) chunks.push(Buffer.from(options.epilogue));
  const body = Buffer.concat(chunks);
  return options.truncateAt === undefined ? body : body.subarray(0, Math.floor(body.length * options.truncateAt));
}

/** A well-formed body, or one broken in the framing: bare LF, no closing delimiter, cut short, junk around it. */
export const formOptions: fc.Arbitrary<Omit<FormOptions, 'boundary'>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  {
    arbitrary: fc.record(
      {
        bareLf: fc.boolean(),
        preamble: fc.constantFrom('', 'junk', '--', '\r\n'),
        epilogue: fc.constantFrom('', 'junk', '--x--'),
        unterminated: fc.boolean(),
        truncateAt: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
    weight: 3,
  },
);

/** The boundary as the content-type header gives it: the real one, a wrong one, none, or one busboy cannot use. */
export function contentTypeFor(boundary: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constant(`multipart/form-data; boundary=${boundary}`), weight: 20 },
    {
      arbitrary: fc.constantFrom(
        `multipart/form-data; boundary="${boundary}"`,
        `multipart/form-data; charset=utf-8; boundary=${boundary}`,
        `Multipart/Form-Data; BOUNDARY=${boundary}`,
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=""',
        'multipart/form-data; boundary=other',
        `multipart/form-data; boundary=${'b'.repeat(257)}`,
        `multipart/form-data; boundary=${boundary}; boundary=other`,
        `multipart/mixed; boundary=${boundary}`,
        `multipart/form-data, boundary=${boundary}`,
        `multipart/form-data; boundary=${boundary}; charset=utf-16`,
      ),
      weight: 3,
    },
  );
}

export const boundary = fc.oneof(
  { arbitrary: fc.constant('----fuzzboundary7MA4YWxkTrZu0gW'), weight: 8 },
  { arbitrary: fc.constantFrom('x', '-', 'a b', "'quoted'", 'b'.repeat(70), 'b'.repeat(200)), weight: 1 },
);

/**
 * File names a client may send: plain ones, and every way of naming another
 * folder (`..`, absolute paths, backslashes, encoded separators, NUL) or of
 * being unreadable (control characters, very long, empty).
 */
export const hostileFileName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '../model.json', '../../etc/passwd', '/etc/passwd', '/model.json', 'C:\\model.json', '..\\model.json', 'a\\..\\model.json', 'sub/model.json',
    'model.json/', '%2e%2e%2fmodel.json', '..%2Fmodel.json', 'model%00.json', 'model\u0000.json', 'model.json\u0000.bin', '.', '..', '...', '',
    ' ', 'model .json', ' model.json', 'model.json ', 'mödel.json', 'model.json\r\nX-Injected: 1', 'con', 'NUL', '-rf', '.hidden', '~model.json',
    'model.json~x.tmp', 'model.json;', 'a'.repeat(201), 'a'.repeat(1000), '💥.bin', '\u202eosj.ledom',
  ),
  nastyString,
);

/** RFC 5987 file names, where the encoding itself can carry a separator. */
export const hostileFileNameStar = fc.constantFrom(
  "UTF-8''..%2Fmodel.json", "UTF-8''%2Fetc%2Fpasswd", "UTF-8''model%00.json", "UTF-8''m%C3%B6del.json", "utf-8'en'model.json",
  "ISO-8859-1''model.json", "UTF-8''%E2%80%AEnosj", "x''model.json", "UTF-8''", "UTF-8''%zz",
);

/** Any part at all: random names, files and fields, odd content types and headers. */
export const randomPart: fc.Arbitrary<FormPart> = fc.record(
  {
    name: fc.oneof(fc.constantFrom('files', 'name', 'format', 'train', 'test', 'x', 'y', 'testX', 'testY', 'metadata', '__proto__', 'constructor', 'prototype', ''), nastyString),
    filename: hostileFileName,
    filenameStar: hostileFileNameStar,
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'text/csv; charset=utf-16', 'multipart/form-data; boundary=inner', ''),
    disposition: fc.constantFrom('Content-Disposition: form-data', 'Content-Disposition: attachment; name="files"', 'Content-Disposition:', 'Content-Disposition: form-data; name=files; filename=a b', 'X: y'),
    extraHeaders: fc.array(fc.constantFrom('Content-Transfer-Encoding: base64', 'Content-Length: 99999', `X-Long: ${'x'.repeat(9000)}`, 'Bad Header Line'), { maxLength: 2 }),
    body: fc.oneof(nastyString, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), hostileValue.map((v) => JSON.stringify(v) ?? '')),
  },
  { requiredKeys: ['body'] },
);

/** A plain text field. */
export const field = (name: string, value: string): FormPart => ({ name, body: value });
/** A file part. */
export const file = (name: string, filename: string, body: Buffer | string): FormPart => ({ name, filename, body, contentType: 'application/octet-stream' });
