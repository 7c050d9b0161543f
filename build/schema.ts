// Generates the committed JSON Schema of every request and result from core/protocol.ts.
import { createGenerator } from 'ts-json-schema-generator';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const schemaPath = join(__dirname, '..', 'schema', 'defenderproxy.schema.json');

export function generateSchema(): string {
  const schema = createGenerator({
    path: join(__dirname, '..', 'core', 'protocol.ts'),
    tsconfig: join(__dirname, '..', 'tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: false,
    additionalProperties: false,
    skipTypeCheck: true,
    sortProps: false,
  }).createSchema('*');
  schema.$id = 'https://defenderproxytools.local/defenderproxy.schema.json';
  return JSON.stringify(schema, null, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(schemaPath, generateSchema());
  process.stdout.write(`wrote ${schemaPath}\n`);
}
