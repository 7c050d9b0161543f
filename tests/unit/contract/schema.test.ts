import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { generateSchema, schemaPath } from '../../../build/schema';

test('the committed schema equals what npm run schema generates from core/protocol.ts', () => {
  const committed = readFileSync(schemaPath, 'utf8');
  assert.ok(committed === generateSchema(), 'schema/defenderproxy.schema.json is stale: run `npm run schema` and commit it');
});

test('every command has a request definition in the schema', () => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  for (const name of [
    'GetRequest',
    'PlanRequest',
    'SetRequest',
    'ClearRequest',
    'TestRequest',
    'CatalogRequest',
    'BackupRequest',
    'RestoreRequest',
  ]) {
    assert.ok(schema.definitions[name], `${name} missing`);
  }
});

test.run();
