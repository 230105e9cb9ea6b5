/**
 * `npm run generate:client`: rewrites the client's types from the API's
 * OpenAPI document. With `--check`, writes nothing and exits 1 when the
 * committed types differ from what the document generates (CI runs this).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_SCHEMA_PATH, generatedClientSchema } from './openapi.ts';

const target = path.resolve(import.meta.dirname, '..', CLIENT_SCHEMA_PATH);
const generated = await generatedClientSchema();
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== generated) {
    console.error(`${CLIENT_SCHEMA_PATH} is out of date with the API: run npm run generate:client`);
    process.exit(1);
  }
  console.log(`${CLIENT_SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${CLIENT_SCHEMA_PATH}`);
}
