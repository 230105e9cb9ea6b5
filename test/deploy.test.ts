import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// Static checks of the container files (no Docker engine needed): the compose
// file against the Compose Spec (dclint), the Dockerfiles' syntax
// (dockerfile-utils), and that everything they copy exists and reaches the
// build context.

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

// ---------------------------------------------------------------------------
// Dockerfile parsing, just enough for COPY and CMD
// ---------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(dockerfile: string): Instruction[] {
  const result: Instruction[] = [];
  let pending = '';
  for (const line of dockerfile.split('\n')) {
    const trimmed = line.trim();
    // Comment and blank lines are dropped, inside a continuation as well.
    if (trimmed.startsWith('#') || trimmed === '') continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const full = pending + trimmed;
    pending = '';
    const match = /^(\S+)\s*(.*)$/.exec(full);
    if (match) result.push({ keyword: match[1]!.toUpperCase(), args: match[2]! });
  }
  return result;
}

/** Words of a shell-form argument list, or the elements of an exec-form (JSON) one. */
function words(args: string): string[] {
  return args.trimStart().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/).filter(Boolean);
}

/** Source paths of the COPY instructions that copy from the build context (not --from). */
function contextCopySources(dockerfile: string): string[] {
  return instructions(dockerfile)
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => words(i.args))
    .filter((w) => !w.some((a) => a.startsWith('--from=')))
    .flatMap((w) => w.filter((a) => !a.startsWith('--')).slice(0, -1));
}

function cmd(dockerfile: string): string[] {
  const found = instructions(dockerfile).filter((i) => i.keyword === 'CMD');
  expect(found).toHaveLength(1);
  return words(found[0]!.args);
}

// ---------------------------------------------------------------------------
// .dockerignore matching (Docker's rules: paths relative to the context root,
// `*` and `?` stay within a path segment, `**` spans segments, a match on a
// folder excludes what is in it, `!` re-includes)
// ---------------------------------------------------------------------------

function patternToRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === '*' && clean[i + 1] === '*') {
      if (clean[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function dockerignore(): (file: string) => boolean {
  const rules = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => (l.startsWith('!') ? { exclude: false, re: patternToRegExp(l.slice(1)) } : { exclude: true, re: patternToRegExp(l) }));
  return (file) => {
    const segments = file.split('/');
    const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((c) => rule.re.test(c))) excluded = rule.exclude;
    }
    return excluded;
  };
}

// ---------------------------------------------------------------------------
// Workspaces: which packages each service needs
// ---------------------------------------------------------------------------

const workspaceDirs = ['packages/contracts', 'packages/datasets', 'packages/kd', 'packages/onnx', 'packages/registry', 'packages/storage', 'services/api', 'services/worker'];
const byName = new Map(
  workspaceDirs.map((dir) => [JSON.parse(read(`${dir}/package.json`)).name as string, dir]),
);

/** The service's folder and the folders of the workspace packages it depends on, transitively. */
function workspaceClosure(dir: string): string[] {
  const seen = new Set<string>([dir]);
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const deps = Object.keys(JSON.parse(read(`${current}/package.json`)).dependencies ?? {});
    for (const dep of deps) {
      const depDir = byName.get(dep);
      if (depDir && !seen.has(depDir)) {
        seen.add(depDir);
        queue.push(depDir);
      }
    }
  }
  return [...seen].sort();
}

// ---------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml')) as {
    services: Record<string, Record<string, any>>;
    volumes: Record<string, unknown>;
  };

  it('is clean under dclint (Compose Spec schema + the rules in .dclintrc)', () => {
    const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'bin', 'dclint.cjs');
    const run = spawnSync(process.execPath, [bin, 'docker-compose.yml', '--formatter', 'json'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    const [result] = JSON.parse(run.stdout) as Array<{ messages: unknown[]; errorCount: number; warningCount: number }>;
    expect(result?.messages).toEqual([]);
    expect(result).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(run.status).toBe(0);
  });

  it('builds the api and the workers from the Dockerfiles in the repository', () => {
    const { api, worker, 'worker-cpu': workerCpu } = compose.services;
    expect(api?.build).toEqual({ context: '.', dockerfile: 'Dockerfile.api' });
    expect(worker?.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile.worker', args: { BACKEND: 'gpu' } });
    expect(workerCpu?.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile.worker', args: { BACKEND: 'cpu' } });
    expect(workerCpu?.profiles).toEqual(['cpu']);
    for (const service of Object.values(compose.services)) {
      if (service.build) expect(existsSync(path.join(root, service.build.context, service.build.dockerfile))).toBe(true);
    }
  });

  it('wires Redis, MinIO as the shared artifact store, and the GPU reservation', () => {
    const { redis, api, worker, 'worker-cpu': workerCpu } = compose.services;
    expect(redis?.image).toBe('redis:7-alpine');
    expect(redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(redis?.healthcheck?.test.join(' ')).toContain('redis-cli ping');
    expect(api?.ports).toEqual(['3000:3000']);
    for (const service of [api, worker, workerCpu]) {
      expect(service?.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', ARTIFACT_STORE: 's3://distillery/artifacts', S3_ENDPOINT: 'http://minio:9000' });
      expect(service?.depends_on).toEqual({ redis: { condition: 'service_healthy' }, 'minio-init': { condition: 'service_completed_successfully' } });
    }
    expect(worker?.deploy?.resources?.reservations?.devices).toEqual([{ driver: 'nvidia', count: 1, capabilities: ['gpu'] }]);
    expect(workerCpu?.deploy).toBeUndefined();
    expect(compose.services.minio?.healthcheck).toBeDefined();
    expect(JSON.stringify(compose.services.api?.healthcheck?.test)).toContain('/readyz');
    // No secret falls back to a value written here.
    expect(read('docker-compose.yml')).not.toMatch(/MINIO_ROOT_PASSWORD:-/);
    expect(Object.keys(compose.volumes).sort()).toEqual(['artifacts', 'minio-data', 'redis-data']);
  });

  // `docker compose config` needs no engine, only the compose plugin.
  const composeCli = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!composeCli)('passes `docker compose config`, and refuses to run without a MinIO password', () => {
    const env = { ...process.env, MINIO_ROOT_PASSWORD: 'a-password-for-the-test' };
    for (const profile of [[], ['--profile', 'cpu']]) {
      const run = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', ...profile, 'config', '-q'], { cwd: root, encoding: 'utf8', timeout: 30_000, env });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    const { MINIO_ROOT_PASSWORD: _unset, ...without } = env;
    const refused = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, encoding: 'utf8', timeout: 30_000, env: without });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('set MINIO_ROOT_PASSWORD');
  });
});

describe.each([
  { dockerfile: 'Dockerfile.api', service: 'services/api' },
  { dockerfile: 'Dockerfile.worker', service: 'services/worker' },
])('$dockerfile', ({ dockerfile, service }) => {
  const text = existsSync(path.join(root, dockerfile)) ? read(dockerfile) : '';

  it('exists and has no syntax problems', () => {
    expect(text).not.toBe('');
    const problems = validateDockerfile(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const ignored = dockerignore();
    const sources = contextCopySources(text);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), `${source} exists`).toBe(true);
      expect(ignored(source), `.dockerignore excludes ${source}`).toBe(false);
    }
  });

  it('copies every workspace manifest (npm ci) and the sources the service needs', () => {
    const sources = new Set(contextCopySources(text));
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', ...workspaceDirs.map((d) => `${d}/package.json`)]) {
      expect(sources, file).toContain(file);
    }
    for (const dir of workspaceClosure(service)) expect(sources, `${dir}/src`).toContain(`${dir}/src`);
  });

  it('runs the service entry point with tsx as the non-root node user', () => {
    const command = cmd(text);
    expect(command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    const entry = command[3]!;
    expect(entry.startsWith(`${service}/src/`)).toBe(true);
    expect(existsSync(path.join(root, entry))).toBe(true);
    const users = instructions(text).filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('node');
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, data, VCS and test files out of the build context', () => {
    const ignored = dockerignore();
    for (const file of ['node_modules', 'packages/kd/node_modules/x', 'data/artifacts/a.bin', '.git/HEAD', 'coverage', 'test/api.test.ts', 'packages/kd/src/losses.test.ts']) {
      expect(ignored(file), file).toBe(true);
    }
    for (const file of ['package.json', 'packages/kd/src/index.ts', 'services/worker/src/main.ts']) {
      expect(ignored(file), file).toBe(false);
    }
  });
});
