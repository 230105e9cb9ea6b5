import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadAccessConfig } from './access-config.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'distillery-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = (c: string) => c.repeat(32);

it('names each configured key after where it is configured, unless API_KEYS_FILE names it', () => {
  const file = path.join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify([{ tenant: 'ci', role: 'user', key: key('c'), name: 'build bot' }, { tenant: 'ops', role: 'admin', key: key('d') }]));
  const access = loadAccessConfig({ API_KEYS: `acme:user:${key('a')},ops:admin:${key('b')}`, API_KEYS_FILE: file });
  expect(access.auth === 'keys' && access.keys.map(({ tenant, role, name }) => [tenant, role, name])).toEqual([
    ['acme', 'user', 'API_KEYS entry 1'],
    ['ops', 'admin', 'API_KEYS entry 2'],
    ['ci', 'user', 'build bot'],
    ['ops', 'admin', 'API_KEYS_FILE entry 2'],
  ]);
});

it('refuses a name that is not 1 to 100 characters of text, naming the entry', () => {
  const file = path.join(dir, 'bad.json');
  for (const name of ['', 'x'.repeat(101), 7]) {
    writeFileSync(file, JSON.stringify([{ tenant: 'ci', role: 'user', key: key('c'), name }]));
    expect(() => loadAccessConfig({ API_KEYS_FILE: file })).toThrow(/^API_KEYS_FILE entry 1: name, when given, must be text of 1 to 100 characters$/);
  }
});
