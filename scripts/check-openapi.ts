/**
 * `npm run check:openapi`: builds the OpenAPI document from the app, lints it
 * with the rules in redocly.yaml, and generates and compiles a second client
 * from it (swagger-typescript-api). Exits 1 on any lint problem, or when the
 * client does not generate or compile. `--out <file>` also writes the
 * document; `--keep` keeps the generated client and prints where it is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileSecondClient, formatLintProblems, lintOpenApi } from './openapi-checks.ts';
import { openApiDocument } from './openapi.ts';

const document = await openApiDocument();
const out = process.argv.indexOf('--out');
if (out !== -1 && process.argv[out + 1]) writeFileSync(process.argv[out + 1]!, `${JSON.stringify(document, null, 2)}\n`);

let failed = false;
const problems = await lintOpenApi(document);
if (problems.length > 0) {
  failed = true;
  console.error(`${formatLintProblems(problems)}\n${problems.length} lint problem(s) in the OpenAPI document (rules: redocly.yaml)`);
} else {
  console.log('the OpenAPI document lints clean (redocly.yaml)');
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'distillery-second-client-'));
const run = compileSecondClient(document, dir);
if (run.ok) {
  console.log(`swagger-typescript-api generated a client that compiles (generate ${run.seconds.generate.toFixed(1)} s, tsc ${run.seconds.compile.toFixed(1)} s)`);
} else {
  failed = true;
  console.error(`swagger-typescript-api: the ${run.step} step failed\n${run.output}`);
}
if (process.argv.includes('--keep')) console.log(`generated client kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
