import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { expect, it } from 'vitest';
import { MINIMUM_NODE, nodeVersionProblem } from '@distillery/contracts';

// The README promises Node 20: `npm ci` on the oldest Node that package.json
// accepts must print no EBADENGINE warning, so every package in the lock file
// (optional platform packages too) has to accept that version.
const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};
const oldest = semver.minVersion(manifest.engines.node)!.version;

it('every package in package-lock.json accepts the oldest Node that package.json allows', () => {
  const refusing = Object.entries(lock.packages)
    .filter(([location]) => location !== '')
    .flatMap(([location, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range !== undefined && !semver.satisfies(oldest, range) ? [`${location}@${entry.version}: node ${range}`] : [];
    });
  expect(refusing, `these need a newer Node than ${oldest}: raise engines.node or pick other versions`).toEqual([]);
});

it('the entry points refuse the same Node versions as package.json', () => {
  expect(semver.minVersion(`>=${MINIMUM_NODE}`)!.version).toBe(oldest);
  expect(nodeVersionProblem(oldest)).toBeUndefined();
  expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  const [major, minor] = [semver.major(oldest), semver.minor(oldest)];
  const older = minor > 0 ? `${major}.${minor - 1}.9` : `${major - 1}.99.0`;
  expect(nodeVersionProblem(older)).toBe(`distillery needs Node >=${MINIMUM_NODE}; this is Node v${older}`);
});
