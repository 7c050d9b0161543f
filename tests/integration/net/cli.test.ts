import * as assert from 'uvu/assert';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { runCli } from '../../support/net-command';

// The same commands through the real entry point: exit codes, one JSON response on stdout, progress on stderr.
let pki: TestPki;
let server: RunningHttpsServer;

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
}

async function tearDown(): Promise<void> {
  await server?.close();
}

const test = serviceSuite('cli', setUp, tearDown);

const request = (host: string) => ({
  product: 'mdi',
  url: `https://${host}:${server.port}/tri/sensor/api/ping`,
  routes: ['direct'],
  resolve: { [host]: '127.0.0.1' },
  trustedRoots: [pki.rootPem],
});

test('a passing test exits 0 with the probes on stdout and JSON progress lines on stderr', async () => {
  const run = await runCli(['test'], request('contoso-corpsensorapi.atp.azure.com'));
  assert.is(run.status, 0);
  assert.equal([run.json.ok, run.json.command, run.json.result.passed, run.json.result.probes[0].code], [true, 'test', true, 'OK']);
  assert.equal(run.stderrLines, [
    { level: 'progress', done: 0, total: 1 },
    { level: 'progress', done: 1, total: 1 },
  ]);
});

test('hundreds of quick probes give at most ten progress lines a second, counting up to the total', async () => {
  const hosts = Array.from({ length: 300 }, (_, i) => `edr-cli${i}.us.endpoint.security.microsoft.com`);
  const started = performance.now();
  const run = await runCli(['test'], {
    product: 'mde',
    urls: hosts.map((host) => `https://${host}:${server.port}/edr/commands/test`),
    routes: ['direct'],
    resolve: Object.fromEntries(hosts.map((host) => [host, '127.0.0.1'])),
    trustedRoots: [pki.rootPem],
  });
  const wallMs = performance.now() - started;
  assert.is(run.status, 0);
  const done = run.stderrLines.filter((line) => line.level === 'progress').map((line) => line.done);
  assert.is(done[0], 0);
  assert.is(done.at(-1), 300);
  assert.ok(
    done.every((value, i) => i === 0 || value > done[i - 1]!),
    'counting up',
  );
  // The first line, one per 100 ms of the run at most, and the last.
  assert.ok(done.length <= 2 + Math.ceil(wallMs / 100), `${done.length} lines in ${Math.round(wallMs)} ms`);
});

test('a failing test exits 1 (a completed negative result), still ok: true', async () => {
  const run = await runCli(['test'], request('missing-wssensorapi.atp.azure.com'));
  assert.is(run.status, 1);
  assert.equal([run.json.ok, run.json.result.passed, run.json.result.probes[0].code], [true, false, 'HTTP_UNEXPECTED_STATUS']);
});

test('a request that cannot be probed exits 2 and names the field', async () => {
  const run = await runCli(['test'], { product: 'mdi', url: 'https://x.example/', routes: ['explicit'] });
  assert.is(run.status, 2);
  assert.equal([run.json.ok, run.json.error.code, run.json.error.field], [false, 'EXPLICIT_ROUTE_NEEDS_PROXY', 'proxy']);
});

test('catalog runs anywhere: no machine, exit 0', async () => {
  const run = await runCli(['catalog'], { product: 'mdi', workspace: 'contoso-corp' });
  assert.is(run.status, 0);
  assert.ok(run.json.result.text.startsWith('contoso-corpsensorapi.atp.azure.com\n'));
});

test.run();
