import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE, nodeVersionProblem } from './node-version.ts';

describe('nodeVersionProblem', () => {
  it('accepts the minimum and anything newer', () => {
    expect(MINIMUM_NODE).toBe('20.19');
    for (const version of ['20.19.0', '20.20.2', 'v20.19.1', '21.0.0', '22.12.0', '24.1.0', '100.0.0']) expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('refuses anything older in one line that names both versions', () => {
    expect(nodeVersionProblem('20.18.3')).toBe('distillery needs Node >=20.19; this is Node v20.18.3');
    expect(nodeVersionProblem('v20.12.2')).toBe('distillery needs Node >=20.19; this is Node v20.12.2');
    for (const version of ['18.20.4', '19.9.0', '20.0.0', '16.20.2']) expect(nodeVersionProblem(version)).toMatch(/^distillery needs Node >=20\.19; this is Node v\d/);
  });
});
