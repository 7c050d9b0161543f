import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { schemaPath } from '../../../build/schema';
import { flagTable, type Schema } from '../../../core/cli/flag-table';
import { parseCommandLine } from '../../../core/cli/parse-args';
import { mergeRequest } from '../../../core/cli/merge-request';
import { COMMAND_EXAMPLES } from '../../../core/cli/examples';
import { validateRequest } from '../../../core/validate';
import { ToolError } from '../../../core/errors';
import type { CommandName } from '../../../core/protocol';

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
let tableLoads = 0;
const parse = (command: string, words: string[]) =>
  parseCommandLine(words, {
    command,
    takesArguments: command === 'dsc',
    flagTable: () => {
      tableLoads++;
      return flagTable(schema, command);
    },
  });

function refused(run: () => unknown): ToolError {
  try {
    run();
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error('expected a ToolError');
}

test("the issue's three command lines", () => {
  assert.equal(
    parse('test', ['--product', 'mdi', '--workspace', 'contoso-corp', '--proxy-url', 'http://proxy:8080', '--routes', 'explicit,direct'])
      .fields,
    {
      product: 'mdi',
      workspace: 'contoso-corp',
      proxy: { url: 'http://proxy:8080' },
      routes: ['explicit', 'direct'],
    },
  );
  assert.equal(parse('get', ['--machine', 'examples/dc01', '--product', 'mde']).fields, { machine: 'examples/dc01', product: 'mde' });
  const set = parse('set', ['--store', 'mde-telemetry', '--proxy-server', 'proxy:8080', '--what-if']);
  assert.equal([set.fields, set.whatIf], [{ store: 'mde-telemetry', proxy: { server: 'proxy:8080' } }, true]);
});

test('dotted, dashed and camelCase spellings are one flag; --name=value works', () => {
  for (const spelling of ['--proxy-url', '--proxy.url', '--proxyUrl', '--ProxyUrl']) {
    assert.equal(parse('test', [spelling, 'http://p:1']).fields, { proxy: { url: 'http://p:1' } }, spelling);
  }
  assert.equal(parse('test', ['--proxy-url=http://p:1']).fields, { proxy: { url: 'http://p:1' } });
});

test('booleans are bare flags (=true / =false also read); numbers are numbers', () => {
  assert.equal(parse('set', ['--clear']).fields, { clear: true });
  assert.equal(parse('set', ['--clear=false', '--copy-from-current-user']).fields, { clear: false, copyFromCurrentUser: true });
  assert.equal(parse('test', ['--timeout-ms', '2500', '--expected-status', '200,404']).fields, {
    timeoutMs: 2500,
    expectedStatus: [200, 404],
  });
});

test('a repeated list flag adds to the list; maps are name=value pairs', () => {
  assert.equal(parse('test', ['--routes', 'direct', '--routes', 'explicit,pac']).fields, { routes: ['direct', 'explicit', 'pac'] });
  assert.equal(parse('test', ['--resolve', 'a.example=127.0.0.1,b.example=127.0.0.2', '--resolve', 'c.example=::1']).fields, {
    resolve: { 'a.example': '127.0.0.1', 'b.example': '127.0.0.2', 'c.example': '::1' },
  });
  assert.equal(
    parse('compare', ['--desired-mdi-proxy-url', '']).fields,
    { desired: { mdi: { proxyUrl: null } } },
    'empty means none where null is allowed',
  );
});

test('unknown flags: FIELD_UNKNOWN with "did you mean", as unknown fields', () => {
  const error = refused(() => parse('get', ['--prodcut', 'mdi']));
  assert.equal([error.code, error.field, error.exit], ['FIELD_UNKNOWN', '--prodcut', 2]);
  assert.match(error.message, 'did you mean "--product"?');
  assert.match(refused(() => parse('get', ['--zzzzzzzz'])).message, 'defenderproxy help get');
  assert.match(refused(() => parse('get', ['--jsn'])).message, 'did you mean "--json"?');
  assert.is(refused(() => parse('get', ['-x'])).code, 'FIELD_UNKNOWN');
});

test('there is no --password: a secret flag is refused with where the secret goes instead', () => {
  for (const [command, flag, field] of [
    ['set', '--proxy-password', 'proxy.password'],
    ['set', '--password', 'proxy.password'],
    ['test', '--password=hunter2', 'proxy.password'],
    ['compare', '--desired-mdi-password', 'desired.mdi.password'],
    ['dsc', '--password', 'password'],
  ] as const) {
    const error = refused(() => parse(command, [flag, 'hunter2']));
    assert.equal([error.code, error.field, error.exit], ['SECRET_NOT_A_FLAG', field, 2], `${command} ${flag}`);
    assert.not.match(error.message, 'hunter2');
  }
  assert.match(refused(() => parse('set', ['--password', 'x'])).message, '{"proxy":{"password":"..."}}');
});

test('bad values name the flag; a missing value shows an example', () => {
  const number = refused(() => parse('test', ['--timeout-ms', 'soon']));
  assert.equal([number.code, number.field], ['FIELD_TYPE', 'timeoutMs']);
  assert.match(number.message, '--timeout-ms takes a number, not "soon"');
  const missing = refused(() => parse('test', ['--proxy-url']));
  assert.equal([missing.code, missing.exit], ['FLAG_VALUE_MISSING', 2]);
  assert.match(missing.message, 'e.g. --proxy-url http://proxy.contoso.com:8080');
  assert.is(refused(() => parse('test', ['--proxy-url', '--routes', 'direct'])).code, 'FLAG_VALUE_MISSING');
  assert.is(refused(() => parse('test', ['--resolve', 'no-equals-sign'])).code, 'FIELD_TYPE');
  assert.is(refused(() => parse('test', ['--format', 'yaml'])).code, 'FIELD_VALUE');
  assert.is(refused(() => parse('get', ['--what-if'])).code, 'WHAT_IF_NOT_FOR_COMMAND');
});

test('words that are no flags: refused, except where the command takes them (dsc)', () => {
  const error = refused(() => parse('get', ['examples/dc01']));
  assert.equal([error.code, error.exit], ['ARGUMENT_UNEXPECTED', 2]);
  assert.equal(parse('dsc', ['get', 'MDIProxy', '--proxy-url', 'http://p:1']).positionals, ['get', 'MDIProxy']);
  assert.equal(parse('dsc', ['--', '--odd']).positionals, ['--odd']);
});

test('options: --input, --json, --format, --help, -h', () => {
  assert.equal(parse('get', ['--input', 'r.json', '--json']), {
    fields: {},
    hasFields: false,
    input: 'r.json',
    format: 'json',
    help: false,
    whatIf: false,
    positionals: [],
  });
  assert.is(parse('get', ['--format=table']).format, 'table');
  assert.ok(parse('get', ['-h']).help);
  assert.ok(parse('get', ['--help']).help);
});

test('the schema is read only when a request flag is given', () => {
  tableLoads = 0;
  parse('get', ['--input', 'r.json', '--format', 'json', '--help']);
  assert.is(tableLoads, 0);
  parse('get', ['--product', 'mdi']);
  assert.is(tableLoads, 1);
});

test('flags win over the JSON, field by field', () => {
  const json = { machine: 'a', proxy: { url: 'http://old:1', userName: 'CONTOSO\\u', bypass: ['x', 'y'] }, routes: ['sensor'] };
  const flags = parse('test', ['--proxy-url', 'http://new:2', '--proxy-bypass', 'z', '--machine', 'b']).fields;
  assert.equal(mergeRequest(json, flags), {
    machine: 'b',
    proxy: { url: 'http://new:2', userName: 'CONTOSO\\u', bypass: ['z'] },
    routes: ['sensor'],
  });
  assert.equal(json.proxy.url, 'http://old:1', 'the JSON is not changed in place');
});

test('every example of help parses and validates against the schema', () => {
  for (const [command, examples] of Object.entries(COMMAND_EXAMPLES)) {
    for (const words of examples) {
      const line = parse(command, words);
      const target = line.whatIf ? 'plan' : command;
      validateRequest(target as CommandName, line.fields);
    }
  }
});

test.run();
