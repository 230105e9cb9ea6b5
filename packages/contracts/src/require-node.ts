import { nodeVersionProblem } from './node-version.ts';

/**
 * Imported first by every entry point (`npm start`, the API server, the
 * worker): an older Node stops here with one line instead of failing later in
 * some dependency with an error that does not say why. ES modules run their
 * imports in order, so this runs before the entry point's other imports; keep
 * it free of imports beyond ./node-version.ts.
 */
const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
