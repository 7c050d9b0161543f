import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExe } from '../../support/exe';
import { copyExampleImage, hashTree, makeImage, sensorServices, SENSOR_FOLDER } from '../../support/image';
import { codeCacheVerdict, modulesLoaded, TRACE_START_UP } from '../../support/start-up-trace';

test('--version, --help and schema answer without stdin', () => {
  const version = runExe(['--version']);
  assert.is(version.status, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  const help = runExe(['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /Exit codes/);
  assert.match(help.stdout, /\bget\b/);
  const schema = runExe(['schema']);
  assert.is(schema.status, 0);
  assert.ok(schema.json.definitions.GetRequest);
});

test('stdout carries one JSON response and stderr stays empty on success', () => {
  const result = runExe(['get'], { machine: join(copyExampleImage(), ''), stores: ['mdi-sensor'] });
  assert.is(result.status, 0, result.stdout);
  assert.is(result.json.ok, true);
  assert.is(result.json.command, 'get');
  assert.is(result.stderr, '');
});

test('the Linux executable starts from its trained code cache (V8 accepts it)', () => {
  const result = runExe(['get'], { machine: copyExampleImage(), stores: ['winhttp'] }, { env: TRACE_START_UP });
  assert.is(result.status, 0, result.stdout);
  assert.is(codeCacheVerdict(result.stderr), 'accepted');
});

test('a scripted get loads none of the costly Node modules: no node:crypto (only to encrypt a password), no node:tty into a pipe, no perf_hooks', () => {
  const result = runExe(['get'], { machine: copyExampleImage() }, { env: TRACE_START_UP });
  assert.is(result.status, 0, result.stdout);
  const loaded = modulesLoaded(result.stderr);
  for (const costly of ['crypto', 'tty', 'net', 'internal/perf/performance'])
    assert.not.ok(loaded.includes(costly), `${costly} loaded: ${loaded.join(' ')}`);
});

test('--input FILE reads the request from a file', () => {
  const image = copyExampleImage();
  const file = join(image, '..', 'request.json');
  writeFileSync(file, JSON.stringify({ machine: image, stores: ['mdi-sensor'] }));
  const result = runExe(['get', '--input', file]);
  assert.is(result.status, 0);
  assert.is(result.json.result.stores[0].status, 'configured');
});

function expectRejected(args: string[], raw: string, code: string, field?: string): void {
  const image = copyExampleImage();
  const before = hashTree(image);
  const result = runExe(args, undefined, { raw: raw.replace('$IMAGE', image.replace(/\\/g, '\\\\')) });
  assert.is(result.status, 2, `${code}: ${result.stdout}`);
  assert.is(result.json.ok, false);
  assert.is(result.json.error.code, code);
  if (field) assert.is(result.json.error.field, field);
  assert.ok(result.json.error.message.length > 20, 'a sentence a person understands');
  assert.equal(hashTree(image), before, 'nothing was touched');
}

test('bad input: each gets its own code, exit 2, and nothing is written', () => {
  expectRejected(['get'], '', 'REQUEST_EMPTY');
  expectRejected(['get'], 'machine=$IMAGE', 'REQUEST_NOT_JSON');
  expectRejected(['get'], '["$IMAGE"]', 'REQUEST_NOT_OBJECT');
  expectRejected(['frobnicate'], '{"machine":"$IMAGE"}', 'COMMAND_UNKNOWN');
  expectRejected([], '{"machine":"$IMAGE"}', 'COMMAND_MISSING');
  expectRejected(['get'], '{"machine":"$IMAGE","stores":["mdi-sensor"],"verbose":true}', 'FIELD_UNKNOWN', 'verbose');
  expectRejected(['get'], '{"machin":"$IMAGE"}', 'FIELD_UNKNOWN', 'machin');
  expectRejected(['get'], '{"machine":"$IMAGE","stores":"wininet"}', 'FIELD_TYPE', 'stores');
  expectRejected(['get'], '{"machine":"$IMAGE","product":"mda"}', 'FIELD_VALUE', 'product');
  expectRejected(['get'], '{"machine":"$IMAGE/does-not-exist"}', 'MACHINE_NOT_FOUND', 'machine');
});

test('without a machine, off Windows, a command that needs one is refused clearly', () => {
  const result = runExe(['get'], { stores: ['mdi-sensor'] });
  assert.is(result.status, 2);
  assert.is(result.json.error.code, 'MACHINE_REQUIRED');
  assert.match(result.json.error.message, /Windows|machine image/);
});

function malformedRegistry(registry: string, encoding: 'utf16le' | 'utf8' = 'utf16le'): void {
  const image = makeImage({ registry, registryEncoding: encoding, services: sensorServices('2.250.1.1') });
  const before = hashTree(image);
  const result = runExe(['get'], { machine: image });
  assert.is(result.status, 2, result.stdout);
  assert.is(result.json.error.code, 'REGISTRY_MALFORMED');
  assert.is(result.json.error.field, 'machine');
  assert.match(result.json.error.message, /registry\.reg/);
  assert.equal(hashTree(image), before);
}

test('a registry.reg without its header is refused; lines regedit would skip are skipped with a warning (issue 16)', () => {
  malformedRegistry('Windows Registry Editor Version 4.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\n"a"="b"\n');
  for (const [registry, encoding] of [
    ['Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\n"a"="b\n', 'utf16le'],
    ['Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\n"a"=hex:0g,01\n', 'utf8'],
  ] as const) {
    const image = makeImage({ registry, registryEncoding: encoding, services: sensorServices('2.250.1.1') });
    const result = runExe(['get'], { machine: image, stores: ['winhttp'] });
    assert.is(result.status, 0, result.stdout);
    assert.match(result.stderr, /"level":"warning".*registry\.reg: line 4: .*skipped, as regedit skips it/);
  }
});

test('a SensorConfiguration.json that is not JSON is refused, and the other stores are still reported', () => {
  const version = '2.250.18972.18405';
  const image = makeImage({
    registry: 'Windows Registry Editor Version 5.00\n\n',
    files: { [`${SENSOR_FOLDER}\\${version}\\SensorConfiguration.json`]: '{"SensorProxyConfiguration": {' },
    services: sensorServices(version),
  });
  const before = hashTree(image);
  const result = runExe(['get'], { machine: image });
  assert.is(result.status, 2);
  assert.is(result.json.error.code, 'SENSOR_CONFIG_UNREADABLE');
  assert.match(result.json.error.message, /SensorConfiguration\.json/);
  assert.is(result.json.result.stores[0].status, 'unreadable');
  assert.equal(hashTree(image), before);
});

test.run();
