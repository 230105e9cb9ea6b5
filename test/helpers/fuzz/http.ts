import fc from 'fast-check';
import { nastyNumber, nastyString } from './hostile.ts';
import type { Parameter } from './routes.ts';
import { valueOf, type SchemaContext } from './schema.ts';

/** encodeURIComponent that does not throw on lone surrogates (they become U+FFFD). */
export const encode = (text: string): string => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** What one fuzz case sends, ready for `app.inject`. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** A short, printable account of a request for failure messages. */
export function describeRequest(request: FuzzRequest): string {
  const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
  const payload = request.payload === undefined ? '' : `\n  body: ${clip(JSON.stringify(Buffer.isBuffer(request.payload) ? request.payload.toString('latin1') : request.payload))}`;
  return `${request.method} ${clip(request.url, 300)}\n  headers: ${clip(JSON.stringify(request.headers))}${payload}`;
}

/** Ids (or other segments) that exist, read when a case is generated: records created by earlier cases join the pool. */
export type Pool = () => readonly string[];

const fromPool = (pool: Pool) => fc.nat().map((i) => {
  const items = pool();
  return items.length === 0 ? 'missing' : items[i % items.length]!;
});

/** A path segment that is almost right: an existing id, one edit away from one, or a traversal attempt. */
export function pathSegment(pool: Pool): fc.Arbitrary<string> {
  const existing = fromPool(pool);
  return fc.oneof(
    { arbitrary: existing, weight: 5 },
    {
      arbitrary: fc.tuple(existing, fc.constantFrom('x', '_', '-', '.', '..', '%2F', '%00', '%20', 'É', '/..', '?', '#', ';', '%2e%2e', '~')).map(([id, s]) => id + s),
      weight: 2,
    },
    { arbitrary: existing.map((id) => id.toUpperCase()), weight: 1 },
    { arbitrary: existing.map((id) => id.slice(0, -1)), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '..', '.', '%2e%2e', '%2E%2E%2F', '..%2F..%2Fetc%2Fpasswd', '%2F', 'a%2Fb', '%00', 'a%00b', '%5C', '..%5C', '%252F', '%C0%AE%C0%AE',
        '%E2%80%AE', '%F0%9F%92%A5', 'ü', '💥', encode('ｍ_１'), '%20', '+', '~', 'null', 'undefined', '0', '-1', 'NaN', '*',
        '__proto__', 'constructor', 'a;b', 'a,b', "'", '"', '%22%3E%3Cscript%3E', 'j_missing', 'm_missing', 'ds_missing',
      ),
      weight: 4,
    },
    // Long: over the 64 characters of an id, and over the router's 100-character parameter limit.
    { arbitrary: fc.constantFrom(64, 65, 99, 100, 101, 300, 5000).map((n) => 'a'.repeat(n)), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encode), weight: 2 },
  );
}

/** Bad percent-escapes break URL decoding before any route runs. */
export const badEscape = fc.constantFrom('%', '%zz', '%E2%80', '%C0', '%ED%A0%80', 'a%', '%%');

/** Query-string values: from the parameter's schema, or hostile. */
function queryValue(parameter: Parameter | undefined, context: SchemaContext): fc.Arbitrary<string> {
  const hostile = fc.oneof(nastyString, nastyNumber.map(String), fc.constantFrom('', '1', '50', '200', '201', '0', '-5', '1.5', '1e3', 'true', '[]'));
  if (!parameter) return hostile;
  const valid = valueOf(parameter.schema, context, parameter.name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: hostile, weight: 3 });
}

/**
 * A query string for an operation: its own parameters with valid or hostile
 * values, repeated keys, bracket and prototype keys, stray separators.
 */
export function queryString(parameters: Parameter[], context: SchemaContext): fc.Arbitrary<string> {
  const names = parameters.map((p) => p.name);
  const key = fc.oneof(
    { arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('limit'), weight: 6 },
    { arbitrary: fc.constantFrom(...(names.length > 0 ? names : ['limit'])).map((n) => `${n}[]`), weight: 1 },
    { arbitrary: fc.constantFrom(...(names.length > 0 ? names : ['limit'])).map((n) => `${n}[a]`), weight: 1 },
    { arbitrary: fc.constantFrom('__proto__', 'constructor', 'constructor[prototype][x]', '__proto__[x]', 'tenant', 'cursor', 'offset', 'page', ''), weight: 1 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
  const pair = key.chain((k) => queryValue(parameters.find((p) => p.name === k), context).map((v) => [k, v] as const));
  const encoded = fc.tuple(pair, fc.boolean()).map(([[k, v], raw]) => (raw ? `${k}=${v}` : `${encode(k)}=${encode(v)}`));
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 1 },
    { arbitrary: fc.array(encoded, { minLength: 1, maxLength: 5 }).map((pairs) => `?${pairs.join('&')}`), weight: 8 },
    { arbitrary: fc.constantFrom('?', '?&&', '?=', '?=1', '?a', '??a=1', '?a=1;b=2', '?#frag', '?limit', '?limit=', '?after=', '?limit=%zz', '?%zz=1', `?after=${'x'.repeat(5000)}`), weight: 2 },
  );
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1',
  'application/json;;;', 'APPLICATION/JSON', 'application/JSON ', 'application/jsonx', 'application/json-patch+json', 'application/problem+json',
  'application/vnd.api+json', 'text/json', 'text/plain', 'text/plain; charset=utf-8', 'text/html', 'application/xml',
  'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=x',
  'multipart/mixed; boundary=x', 'application/octet-stream', '*/*', '', ';', 'application/', '/json', 'json', 'application/json; boundary=x',
  `application/json; ${'a=b; '.repeat(200)}`,
];

const ACCEPTS = [
  'application/json', 'text/event-stream', '*/*', 'text/html', 'application/xml', 'text/markdown', 'application/problem+json', '', 'garbage',
  'text/event-stream, application/json', 'application/json;q=0', 'text/*;q=0.5, */*;q=0.1', 'TEXT/EVENT-STREAM', 'image/png',
];

/** Header values must be ISO-8859-1 without control characters to be sent at all. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

export interface HeaderOptions {
  /** The operation's own header parameters (e.g. last-event-id). */
  parameters?: Parameter[];
  /** Content types to favour for this route. */
  contentTypes?: readonly string[];
  /** Leave content-type out (the caller sets it, as for multipart). */
  noContentType?: boolean;
}

/** Headers: wrong or tricky content types, huge or odd accepts, bad event ids, junk credentials, strangers. */
export function headers(options: HeaderOptions = {}): fc.Arbitrary<Record<string, string>> {
  const eventIds = fc.oneof(
    fc.constantFrom('0-0', '1-0', '0', '-1', '1-', '-1-1', '1-1-1', '9'.repeat(16) + '-0', '999999999999999-999999999999999', ' 1-0', '1-0 ', '1−0', '١-٠', 'abc'),
    headerText,
  );
  const wanted = (options.parameters ?? []).map((p) => p.name.toLowerCase());
  const values: Record<string, fc.Arbitrary<string>> = {
    'content-type': fc.oneof(fc.constantFrom(...(options.contentTypes ?? []), ...CONTENT_TYPES), headerText),
    accept: fc.oneof(fc.constantFrom(...ACCEPTS), headerText, fc.constantFrom(8000, 16000).map((n) => `text/html;q=0.1, ${'x/y, '.repeat(n / 5)}*/*`)),
    'last-event-id': wanted.includes('last-event-id') ? fc.oneof({ arbitrary: eventIds, weight: 3 }, { arbitrary: fc.constantFrom('1-0', '0-0'), weight: 1 }) : eventIds,
    authorization: fc.constantFrom('Bearer ', 'Bearer x', 'Basic Zm9vOmJhcg==', 'bearer dk_live_' + 'a'.repeat(40), 'Bearer ' + 'a'.repeat(9000), 'Token a b c', 'Bearer a b'),
    cookie: fc.constantFrom('distillery_key=%zz', 'distillery_key=', 'distillery_key=a=b', 'distillery_key=%E0%A4%A', 'a=b; distillery_key=x', ';;;', 'x'.repeat(5000)),
    'x-api-key': fc.constantFrom('', 'dk_x', 'a'.repeat(500)),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity;q=0', '*', 'x'),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"', ''),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1', 'a, b, c', '999.999.999.999'),
    'x-request-id': headerText,
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'x'),
    range: fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=99999999-', 'bytes=a-b'),
    [`x-${'a'.repeat(10)}`]: headerText,
  };
  // A few headers per request, the operation's own more often than the rest.
  const names = Object.keys(values).filter((name) => !(options.noContentType && name === 'content-type'));
  const favoured = names.filter((name) => wanted.includes(name) || name === 'content-type' || name === 'accept');
  return fc
    .tuple(fc.subarray(names, { maxLength: 3 }), fc.subarray(favoured, { maxLength: favoured.length }))
    .chain(([some, own]) => {
      const chosen = [...new Set([...some, ...own])];
      return chosen.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(chosen.map((name) => [name, values[name]!])) as Record<string, fc.Arbitrary<string>>);
    });
}

