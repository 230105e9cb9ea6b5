import { assertValidKey } from './keys.ts';

/**
 * Where artifacts live, read from ARTIFACT_STORE and, for S3, the usual AWS variables. It holds
 * no secrets, so it can be logged; credentials stay in the environment until the client is built.
 */
export type ArtifactStoreLocation =
  | { kind: 'fs'; root: string }
  | {
      kind: 's3';
      bucket: string;
      /** Folder-like key prefix inside the bucket, without a trailing slash; '' for the whole bucket. */
      prefix: string;
      /** S3_ENDPOINT: a MinIO or other S3-compatible server; unset means AWS itself. */
      endpoint: string | undefined;
      region: string;
    };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
// S3's bucket naming rules (lowercase, digits, dots, hyphens; 3-63 characters).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FORMS = 'use fs://<dir>, a plain directory path, or s3://<bucket>[/<prefix>]';

/**
 * Parses an artifact store URL: `fs://<dir>` or a plain path, or `s3://<bucket>[/<prefix>]`.
 * Throws one line that names the variable at fault, so a bad setting stops a service at start-up.
 */
export function parseArtifactStoreUrl(url: string, env: NodeJS.ProcessEnv = process.env): ArtifactStoreLocation {
  const scheme = SCHEME.exec(url);
  // Other schemes are refused by name rather than misread as relative paths.
  const name = scheme ? scheme[1]!.toLowerCase() : 'fs';
  const rest = scheme ? url.slice(scheme[0].length) : url;
  if (name === 'fs') {
    if (rest === '') throw unusable(url, 'it names no directory');
    return { kind: 'fs', root: rest };
  }
  if (name === 's3') return { kind: 's3', ...parseS3Path(url, rest), ...s3Settings(env) };
  throw unusable(url, `the scheme ${name}:// is not supported`);
}

function parseS3Path(url: string, rest: string): { bucket: string; prefix: string } {
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  if (!BUCKET.test(bucket)) {
    throw unusable(url, `"${bucket}" is not a bucket name (3-63 characters: a-z, 0-9, "." and "-")`);
  }
  if (prefix !== '') {
    try {
      assertValidKey(prefix, 'prefix');
    } catch (error) {
      throw unusable(url, (error as Error).message.replace(/\.$/, ''));
    }
  }
  return { bucket, prefix };
}

function s3Settings(env: NodeJS.ProcessEnv): { endpoint: string | undefined; region: string } {
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw new Error(`S3_ENDPOINT must be an http(s) URL such as http://minio:9000; got "${endpoint}"`);
  }
  if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, to use the AWS default credential chain)');
  }
  return { endpoint, region: env.AWS_REGION || 'us-east-1' };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function unusable(url: string, reason: string): Error {
  return new Error(`ARTIFACT_STORE "${url}" is not usable: ${reason}; ${FORMS}`);
}
