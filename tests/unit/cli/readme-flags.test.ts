import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaPath } from '../../../build/schema';
import { flagTable, type Schema } from '../../../core/cli/flag-table';
import { commands } from '../../../core/commands/index';

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test("the README's flag table lists exactly the flags and secrets the schema derives, required ones starred", () => {
  for (const command of Object.keys(commands)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${command}\` | \`--`));
    assert.ok(row, `README has a flag row for ${command}`);
    const [, , flags, secrets] = row!.split('|').map((cell) => cell.trim());
    const table = flagTable(schema, command);
    assert.is(flags, table.flags.map((f) => `\`--${f.name}\`${f.required ? '*' : ''}`).join(', '), command);
    assert.is(secrets, table.secrets.map((s) => `\`${s.path.join('.')}\``).join(', ') || '—', command);
  }
});

test.run();
