import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const root = path.resolve(import.meta.dirname, '../..');

export interface S3Server {
  /** ARTIFACT_STORE for a store in the test bucket: `s3://<bucket>/<prefix>`. */
  url: string;
  /** The variables a service needs to reach the server. */
  env: { S3_ENDPOINT: string; AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_REGION: string };
  bucket: string;
  /** Stops the server and removes its data; safe to call twice. */
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver, in a process of its own: see s3rver.ts) on a free loopback
 * port, with its data in a fresh temp folder and one bucket, created through the SDK as a
 * deployment would.
 */
export async function startS3Server(options: { bucket?: string; prefix?: string } = {}): Promise<S3Server> {
  const { bucket = 'distillery-test', prefix = 'artifacts' } = options;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'distillery-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', path.join(root, 'test/helpers/s3rver.ts'), dataDir], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    })());

  try {
    const port = await listeningPort(child.stdout, exited, () => stderr);
    const env = { S3_ENDPOINT: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
    const client = new S3Client({
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: true,
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    });
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      client.destroy();
    }
    return { url: `s3://${bucket}/${prefix}`, env, bucket, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The port the server prints once it listens; fails if it exits or stays silent for 15 s. */
async function listeningPort(stdout: NodeJS.ReadableStream, exited: Promise<void>, stderr: () => string): Promise<number> {
  const lines = createInterface({ input: stdout });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  let timer: NodeJS.Timeout | undefined;
  const line = await Promise.race([
    first,
    exited.then(() => Promise.reject(new Error(`s3rver exited before listening:\n${stderr()}`))),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s:\n${stderr()}`)), 15_000))),
  ]).finally(() => {
    clearTimeout(timer);
    lines.close();
  });
  return (JSON.parse(line) as { port: number }).port;
}
