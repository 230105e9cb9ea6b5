/**
 * The oldest Node this project runs on. It is the root package.json's
 * `engines.node` (test/engines.test.ts keeps the two equal, and checks that
 * every package in package-lock.json accepts it). Below 20.19 `require()` of
 * an ES module is not available, which some dependencies rely on, and vitest's
 * vite and other tools declare `^20.19`.
 */
export const MINIMUM_NODE = '20.19';

/** The one-line refusal for a Node older than MINIMUM_NODE, or undefined when `version` (like `20.18.1` or `v22.3.0`) is new enough. */
export function nodeVersionProblem(version: string): string | undefined {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = MINIMUM_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h > n) return undefined;
    if (h < n) return `distillery needs Node >=${MINIMUM_NODE}; this is Node v${version.replace(/^v/, '')}`;
  }
  return undefined;
}
