// Compiles the request validators ahead of time (ajv standalone code), so the executable does not compile the
// JSON Schema on every start: that compile was most of a `get`'s start-up time.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { readFileSync, writeFileSync } from 'node:fs';
import { schemaPath } from './schema';

export function writePrecompiledValidators(outfile: string): void {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ allErrors: false, strict: false, verbose: true, code: { source: true } });
  ajv.addSchema(schema, 'defenderproxy');
  const refs: Record<string, string> = {};
  for (const name of Object.keys(schema.definitions)) {
    if (name.endsWith('Request')) refs[name] = `defenderproxy#/definitions/${name}`;
  }
  writeFileSync(outfile, standaloneCode(ajv, refs));
}
