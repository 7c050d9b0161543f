import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { schemaPath } from '../../../build/schema';
import { flagTable, kebab, normalizeFlagName, type Schema } from '../../../core/cli/flag-table';
import { OPTIONS } from '../../../core/cli/options';
import { commands } from '../../../core/commands/index';

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
const names = (command: string) => flagTable(schema, command).flags.map((f) => f.name);

test('every command has a flag table from the committed schema, without two fields on one flag', () => {
  for (const command of Object.keys(commands)) assert.ok(flagTable(schema, command).flags.length > 0, command);
});

test('nested fields get dashed names, lists and maps their shape, enums their values', () => {
  const table = flagTable(schema, 'test');
  const flag = (name: string) => table.flags.find((f) => f.name === name)!;
  assert.equal(flag('proxy-url').path, ['proxy', 'url']);
  assert.equal(
    [flag('routes').shape, flag('routes').allowed],
    [
      'list',
      ['sensor', 'direct', 'explicit', 'pac', 'mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av', 'wininet-localsystem'],
    ],
  );
  assert.equal([flag('resolve').shape, flag('resolve').kind], ['map', 'string']);
  assert.equal([flag('expected-status').shape, flag('expected-status').kind], ['list', 'number']);
  assert.equal([flag('timeout-ms').kind, flag('product').required, flag('workspace').required], ['number', true, false]);
  assert.equal(names('get'), ['machine', 'windows-host', 'product', 'stores']);
  assert.equal(flagTable(schema, 'compare').flags.find((f) => f.name === 'desired-mdi-proxy-url')!.nullable, true);
});

test('no password is ever a flag: every field named password is writeOnly, and a secret names its user', () => {
  for (const command of Object.keys(commands)) {
    const table = flagTable(schema, command);
    assert.not.ok(
      table.flags.some((f) => /password/i.test(f.name)),
      command,
    );
    for (const secret of table.secrets) assert.ok(secret.userPath, `${command}: ${secret.path.join('.')} has a user`);
  }
  assert.equal(
    flagTable(schema, 'set').secrets.map((s) => [s.path, s.userPath]),
    [
      [
        ['proxy', 'password'],
        ['proxy', 'userName'],
      ],
    ],
  );
  assert.equal(
    flagTable(schema, 'compare').secrets.map((s) => s.path.join('.')),
    ['desired.mdi.password'],
  );
  // Any field called password anywhere in the schema must carry writeOnly, or it would become a flag.
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') {
          for (const [field, definition] of Object.entries(value as object)) {
            if (/^password$/i.test(field))
              assert.ok(
                (definition as { writeOnly?: boolean }).writeOnly || (definition as { readOnly?: boolean }).readOnly,
                `${path}.${field}`,
              );
          }
        }
        walk(value, `${path}.${key}`);
      }
    }
  };
  walk(schema.definitions, 'definitions');
});

test('fields only ever returned (readOnly) are no flags', () => {
  assert.not.ok(names('dsc').includes('has-password'));
  assert.not.ok(names('dsc').includes('in-desired-state'));
  assert.ok(names('dsc').includes('exist'));
});

test('every flag has a description (JSDoc in core/protocol.ts) and every non-switch flag an example', () => {
  for (const command of Object.keys(commands)) {
    for (const flag of flagTable(schema, command).flags) {
      assert.ok(flag.description.length > 10, `${command} --${flag.name}: description`);
      if (!(flag.kind === 'boolean' && flag.shape === 'scalar'))
        assert.ok(
          flag.example !== undefined || flag.allowed !== null || flag.name.endsWith('trusted-roots'),
          `${command} --${flag.name}: example`,
        );
    }
  }
});

test('the command line options never take a field flag name', () => {
  for (const command of Object.keys(commands)) {
    const fields = new Set(flagTable(schema, command).flags.map((f) => normalizeFlagName(f.name)));
    for (const option of OPTIONS) assert.not.ok(fields.has(normalizeFlagName(option.name)), `${command}: --${option.name}`);
  }
});

test('kebab and normalized names', () => {
  assert.equal(
    [kebab('copyFromCurrentUser'), kebab('_exist'), kebab('timeoutMs'), kebab('pacUrl')],
    ['copy-from-current-user', 'exist', 'timeout-ms', 'pac-url'],
  );
  assert.equal(new Set(['--proxy-url', 'proxy.url', 'proxyUrl', 'ProxyUrl'].map((n) => normalizeFlagName(n.replace(/^--/, '')))).size, 1);
});

test('two fields that would share a flag are refused', () => {
  const clash: Schema = {
    definitions: {
      GetRequest: {
        type: 'object',
        properties: { proxyUrl: { type: 'string' }, proxy: { type: 'object', properties: { url: { type: 'string' } } } },
      },
    },
  };
  assert.throws(() => flagTable(clash, 'get'), /proxyUrl and proxy\.url would both be --proxy-url/);
});

test.run();
