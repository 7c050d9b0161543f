import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { privateDecrypt, constants } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, registryMeaning } from '../../support/stores';
import { hashTree } from '../../support/image';
import { runExe } from '../../support/exe';
import { openImageHost } from '../../../core/host/image';
import { dc01, DC01_CONFIG, sensorConfig, testCertificate } from '../stores/helpers';

// Inputs that reached "Internal error" or were accepted although they can never work: each gets its own code,
// exit 2, and nothing is written.
const test = suite('hostile inputs');

function machineWithEndpoint(endpoint: Record<string, unknown>): string {
  const machine = dc01();
  const path = join(machine, DC01_CONFIG);
  const json = sensorConfig(machine);
  json.WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint = { $type: 'EndpointData', ...endpoint };
  writeFileSync(path, JSON.stringify(json));
  return machine;
}

test('a sensor endpoint whose port or address cannot be: SENSOR_ENDPOINT_INVALID naming the file, exit 2', async () => {
  for (const endpoint of [
    { Address: 'contoso-corpsensorapi.atp.azure.com', Port: 99999 },
    { Address: 'contoso-corpsensorapi.atp.azure.com', Port: 1.5 },
    { Address: 'contoso-corpsensorapi.atp.azure.com', Port: -1 },
    { Address: 'contoso-corpsensorapi.atp.azure.com', Port: 'https' },
    { Address: 'contoso corp', Port: 443 },
    { Address: 42, Port: 443 },
  ]) {
    const machine = machineWithEndpoint(endpoint);
    const run = runExe(['test'], { machine, product: 'mdi', routes: ['direct'], timeoutMs: 300 });
    assert.is(run.status, 2, `${JSON.stringify(endpoint)}: ${run.stdout}`);
    assert.is(run.json.error.code, 'SENSOR_ENDPOINT_INVALID', JSON.stringify(endpoint));
    assert.is(run.json.error.field, 'machine');
    assert.match(run.json.error.message, /SensorConfiguration\.json/);
  }
  const fine = machineWithEndpoint({ Address: 'contoso-corpsensorapi.atp.azure.com', Port: '443' });
  const get = await runCommand('get', { machine: fine, stores: ['mdi-sensor'] });
  assert.is(
    get.body.result.stores[0].workspaceEndpoint,
    'contoso-corpsensorapi.atp.azure.com:443',
    'a port written as digits is read as .NET reads it',
  );
});

test('bad percent-encoding in a proxy URL is a coded refusal of that field, not INTERNAL', () => {
  for (const url of ['http://us%zzer:pw@proxy:8080', 'http://user:p%C3%28@proxy:8080', 'http://user:pw%@proxy:8080']) {
    const run = runExe(['test'], { product: 'mdi', url: 'https://x.contoso.test/', routes: ['explicit'], proxy: { url }, timeoutMs: 300 });
    assert.is(run.status, 2, run.stdout);
    assert.equal([run.json.error.code, run.json.error.field], ['PROXY_INVALID', 'proxy.url']);
  }
});

test('numbers out of range, impossible IPv6 literals, unsafe user names, megabytes of text: refused by field, exit 2, nothing written', async () => {
  const machine = dc01();
  const hashes = hashTree(machine);
  const meaning = await registryMeaning(machine);
  const huge = 'h'.repeat(10 * 1024 * 1024);
  const cases: [string, object, string, string][] = [
    ['set', { store: 'winhttp', proxy: { server: 'p:1' }, serviceTimeoutMs: -5 }, 'FIELD_OUT_OF_RANGE', 'serviceTimeoutMs'],
    ['set', { store: 'winhttp', proxy: { server: 'p:1' }, serviceTimeoutMs: 1.5 }, 'FIELD_TYPE', 'serviceTimeoutMs'],
    ['set', { store: 'winhttp', proxy: { server: 'p:1' }, serviceTimeoutMs: 1e15 }, 'FIELD_OUT_OF_RANGE', 'serviceTimeoutMs'],
    ['clear', { product: 'mde', serviceTimeoutMs: 0 }, 'FIELD_OUT_OF_RANGE', 'serviceTimeoutMs'],
    ['set', { store: 'winhttp', proxy: { server: '[:]:8080' } }, 'PROXY_ADDRESS_INVALID', 'proxy.server'],
    ['set', { store: 'winhttp', proxy: { server: '[1:2]:8080' } }, 'PROXY_ADDRESS_INVALID', 'proxy.server'],
    ['set', { store: 'winhttp', proxy: { url: 'http://[::::]:8080' } }, 'PROXY_ADDRESS_INVALID', 'proxy.url'],
    ['set', { store: 'winhttp', proxy: { server: '999.1.2.3:8080' } }, 'PROXY_ADDRESS_INVALID', 'proxy.server'],
    ['set', { store: 'winhttp', proxy: { server: `${'a'.repeat(64)}.contoso.com:8080` } }, 'PROXY_ADDRESS_INVALID', 'proxy.server'],
    [
      'set',
      { method: 'sensor', proxy: { url: 'http://p:1', userName: 'CONTOSO\\eve\r\n[+] injected line' } },
      'FIELD_CHARACTERS',
      'proxy.userName',
    ],
    ['set', { method: 'sensor', proxy: { url: 'http://p:1', userName: 'CONTOSO\\eve\u0000' } }, 'FIELD_CHARACTERS', 'proxy.userName'],
    ['set', { method: 'sensor', proxy: { url: 'http://p:1', userName: 'CONTOSO\\\u202Eresu' } }, 'FIELD_CHARACTERS', 'proxy.userName'],
    ['set', { method: 'sensor', proxy: { url: 'http://p:1', userName: `CONTOSO\\${huge}` } }, 'FIELD_TOO_LONG', 'proxy.userName'],
    ['set', { store: 'winhttp', proxy: { server: `${huge}:8080` } }, 'FIELD_TOO_LONG', 'proxy.server'],
    ['set', { store: 'winhttp', proxy: { server: 'p:1', bypass: Array(1001).fill('a.contoso.com') } }, 'FIELD_TOO_LONG', 'proxy.bypass'],
    ['compare', { desired: { mdi: { proxyUrl: 'http://p:1', userName: 'C\\u\n' } } }, 'FIELD_CHARACTERS', 'desired.mdi.userName'],
    ['dsc', { proxyUrl: 'http://p:1', userName: 'C\\u\u2066' }, 'FIELD_CHARACTERS', 'userName'],
    ['test', { product: 'mdi', url: 'https://x/', timeoutMs: 1e12 }, 'FIELD_OUT_OF_RANGE', 'timeoutMs'],
    ['test', { product: 'mdi', url: `https://${huge.slice(0, 1024 * 1024)}/` }, 'FIELD_TOO_LONG', 'url'],
    ['test', { product: 'mdi', url: 'https://x/', resolve: { [`${'r'.repeat(300)}`]: '127.0.0.1' } }, 'FIELD_TOO_LONG', 'resolve'],
    ['test', { product: 'mdi', url: 'https://x/', concurrency: 0 }, 'FIELD_OUT_OF_RANGE', 'concurrency'],
    ['test', { product: 'mdi', url: 'https://x/', expectedStatus: [99] }, 'FIELD_OUT_OF_RANGE', 'expectedStatus[0]'],
  ];
  for (const [command, request, code, field] of cases) {
    const run =
      command === 'test' || command === 'dsc'
        ? runExeRun(command, { machine, ...request })
        : await runCommand(command as never, { machine, ...request });
    const shown = JSON.stringify(request).slice(0, 160);
    assert.is(run.exit, 2, `${command} ${shown} → ${JSON.stringify(run.body).slice(0, 300)}`);
    assert.is(run.body.error!.code, code, `${command} ${shown}: ${run.body.error!.message.slice(0, 200)}`);
    assert.is(run.body.error!.field, field, shown);
    assert.ok(run.body.error!.message.length < 400, 'the message does not echo megabytes');
    const unsafe = ['\r', '\n', '\u0000', '\u202E', '\u2066'].filter((c) => run.body.error!.message.includes(c));
    assert.equal(unsafe, [], 'the message carries no control characters');
  }
  assert.equal(hashTree(machine), hashes);
  assert.is(await registryMeaning(machine), meaning);
});

/** The executable itself, shaped like runCommand's result (dsc and test go through the CLI's own paths). */
function runExeRun(command: string, request: object) {
  const args = command === 'dsc' ? ['dsc', 'test', 'MDIProxy'] : [command];
  const run = runExe(args, request);
  const body = run.json?.ok === false ? run.json : { ok: true, error: { code: '(none)', message: run.stdout + run.stderr } };
  return { exit: run.status, body };
}

test('a password longer than the sensor certificate can encrypt: PROXY_PASSWORD_TOO_LONG naming the limit; the longest that fits works', async () => {
  const machine = dc01();
  const long = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://p:1', userName: 'CONTOSO\\u', password: 'x'.repeat(96) },
  });
  assert.is(long.exit, 2, JSON.stringify(long.body));
  assert.equal([long.body.error!.code, long.body.error!.field], ['PROXY_PASSWORD_TOO_LONG', 'proxy.password']);
  assert.match(long.body.error!.message, /at most 95 characters/);
  assert.match(long.body.error!.message, /2048-bit/);
  assert.not.match(long.body.error!.message, /xxxx/);
  const fits = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://p:1', userName: 'CONTOSO\\u', password: 'y'.repeat(95) },
  });
  assert.is(fits.exit, 0, JSON.stringify(fits.body));
  const stored = sensorConfig(machine).SensorProxyConfiguration.EncryptedUserPasswordData.EncryptedBytes;
  const clear = privateDecrypt(
    { key: testCertificate().privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(stored, 'base64'),
  );
  assert.is(clear.toString('utf16le'), 'y'.repeat(95));
});

test('unbounded input ends in a coded refusal: --input /dev/zero, 9 MB on stdin, a service tags file of /dev/zero', () => {
  const started = Date.now();
  const zero = runExe(['get', '--input', '/dev/zero'], undefined);
  assert.is(zero.status, 2, zero.stdout);
  assert.is(zero.json.error.code, 'REQUEST_TOO_LARGE');
  const big = runExe(['get'], undefined, { raw: JSON.stringify({ machine: 'x', pad: ' '.repeat(9 * 1024 * 1024) }) });
  assert.is(big.status, 2, big.stdout.slice(0, 300));
  assert.is(big.json.error.code, 'REQUEST_TOO_LARGE');
  const tags = runExe(['catalog'], { product: 'mde', geo: 'us', serviceTagsFile: '/dev/zero' });
  assert.is(tags.status, 2, tags.stdout);
  assert.equal([tags.json.error.code, tags.json.error.field], ['SERVICE_TAGS_UNREADABLE', 'serviceTagsFile']);
  assert.match(tags.json.error.message, /larger than 64 MB/);
  assert.ok(Date.now() - started < 60_000, 'none of them reads without end');
});

test('capture into a dangling link: CAPTURE_OUTPUT_EXISTS, exit 2, nothing written where the link points', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'dp-capture-link-'));
  const target = join(folder, 'elsewhere', 'image');
  mkdirSync(join(folder, 'elsewhere'));
  const link = join(folder, 'capture');
  symlinkSync(target, link);
  const source = openImageHost(dc01());
  const run = await runCommand('capture', { output: link }, source);
  assert.is(run.exit, 2, JSON.stringify(run.body));
  assert.equal([run.body.error!.code, run.body.error!.field], ['CAPTURE_OUTPUT_EXISTS', 'output']);
  assert.equal(readdirSync(join(folder, 'elsewhere')), []);
});

test.run();
