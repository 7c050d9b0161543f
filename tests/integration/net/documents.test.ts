import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Probe, TestRequest, TestResult } from '../../../core/protocol';
import { openImageHost } from '../../../core/host/image';
import { binaryValue, REG } from '../../../core/formats/registry-model';
import { buildWininetBlob } from '../../../core/formats/wininet';
import { KEYS } from '../../../core/stores/keys';
import { createRootCa, createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSynBlackhole, type Blackhole } from '../../support/blackhole';
import { closedPort } from '../../support/ports';
import { copyExampleImage, DC01_CONFIG } from '../../support/image';
import { runCommand } from '../../support/stores';
import { runCli, runNet } from '../../support/net-command';

// Issue 12: the product judges every probe the way Microsoft's documents (shared/reference/seeds) do, on loopback
// stand-ins: a test CA's HTTPS server for the service, refused/black-holed ports and unresolvable names for proxies.
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const EDR = 'edr-cus.us.endpoint.security.microsoft.com';
const PKI_HOSTS = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];
let pki: TestPki;
let expiredPki: TestPki;
let server: RunningHttpsServer;
let expiredServer: RunningHttpsServer;
let synBlackhole: Blackhole;
let refused: number;

async function setUp(): Promise<void> {
  pki = createTestPki();
  expiredPki = createTestPki(undefined, 'Expired Leaf', { notBefore: '20200101000000Z', notAfter: '20200201000000Z' });
  server = await startHttpsServer(pki);
  expiredServer = await startHttpsServer(expiredPki);
  synBlackhole = await startSynBlackhole();
  refused = await closedPort();
}

async function tearDown(): Promise<void> {
  await Promise.all([server?.close(), expiredServer?.close(), synBlackhole?.stop()]);
}

const test = serviceSuite('documents', setUp, tearDown);

const resolve = { [SENSOR]: '127.0.0.1', [EDR]: '127.0.0.1' };
const sensorUrl = (path = '/tri/sensor/api/ping', port = server.port) => `https://${SENSOR}:${port}${path}`;
const edrUrl = () => `https://${EDR}:${server.port}/edr/commands/test`;

async function testOn(request: Partial<TestRequest>): Promise<{ exit: number; result: TestResult; warnings: string[] }> {
  const run = await runNet('test', { product: 'mdi', resolve, trustedRoots: [pki.rootPem], timeoutMs: 4000, ...request } as TestRequest);
  assert.is(run.error, null, JSON.stringify(run.error));
  return { exit: run.exit, result: run.result!, warnings: run.result!.warnings ?? [] };
}

async function set(request: object): Promise<void> {
  const run = await runCommand('set', request);
  assert.ok(run.body.ok, JSON.stringify(run.body.error));
}

// ─── 1. the analyzer's rule: one route that works is enough ───

test('several routes: a URL one route reaches is reachable, the test passes (exit 0), and urls[] says by which routes', async () => {
  const { exit, result } = await testOn({
    url: sensorUrl(),
    routes: ['direct', 'explicit'],
    proxy: { url: `http://proxy.contoso.com:${refused}` },
    resolve: { ...resolve, 'proxy.contoso.com': '127.0.0.1' },
  });
  assert.equal(
    result.probes.map((p) => [p.route, p.verdict]),
    [
      ['direct', 'pass'],
      ['explicit', 'fail'],
    ],
    'each probe keeps its own verdict',
  );
  assert.equal([exit, result.passed], [0, true]);
  assert.equal(result.urls, [{ url: sensorUrl(), required: true, reachable: true, routes: ['direct'] }]);
});

test('several routes, none reaching a required URL: the test fails (exit 1)', async () => {
  const { exit, result } = await testOn({
    url: sensorUrl('/tri/sensor/api/ping', refused),
    routes: ['direct', 'explicit'],
    proxy: { url: `http://127.0.0.1:${refused}` },
  });
  assert.equal([exit, result.passed, result.urls![0]!.reachable], [1, false, false]);
});

// ─── 2. the sensor route falls back to direct on every way of not reaching the proxy ───

for (const [what, proxy, code] of [
  ['refuses the connection', () => `127.0.0.1:${refused}`, 'PROXY_REFUSED'],
  ['name does not resolve', () => 'nowhere.invalid:8080', /^(DNS_FAILED|TIMEOUT)$/],
  ['never answers (time-out)', () => `127.0.0.1:${synBlackhole.port}`, 'PROXY_REFUSED'],
] as const) {
  test(`MDE route "sensor": a TelemetryProxyServer that ${what} is fallen back from to direct, and the probe says so`, async () => {
    const machine = copyExampleImage('dc01');
    await set({ machine, store: 'mde-telemetry', proxy: { server: proxy() } });
    const started = performance.now();
    const { result } = await testOn({ machine, product: 'mde', url: edrUrl(), routes: ['sensor'], timeoutMs: 4000 });
    const [probe] = result.probes as [Probe];
    assert.equal([probe.verdict, probe.proxy], ['pass', null], JSON.stringify(probe));
    assert.is(probe.fallbacks!.length, 1);
    assert.ok(
      typeof code === 'string' ? probe.fallbacks![0]!.code === code : code.test(probe.fallbacks![0]!.code),
      probe.fallbacks![0]!.code,
    );
    assert.is(probe.fallbacks![0]!.to, 'direct');
    assert.match(probe.detail!, /fell back/);
    assert.ok(performance.now() - started < 4000 + 1500, 'the fallback fits in the time limit');
  });
}

// ─── 3. the MDI sensor API test in the CLI ───

test('CLI: the sensor API root (000: Error 503 is the desired result) and the ping (001) both pass', async () => {
  const base = { product: 'mdi', routes: ['direct'], resolve, trustedRoots: [pki.rootPem] };
  const root = await runCli(['test'], { ...base, url: sensorUrl('/') });
  assert.equal([root.status, root.json.result.probes[0].httpStatus, root.json.result.probes[0].code], [0, 503, 'OK']);
  const ping = await runCli(['test'], { ...base, url: sensorUrl() });
  assert.equal([ping.status, ping.json.result.probes[0].code], [0, 'OK']);
});

test("CLI: an http:// sensor URL is refused (exit 2) with the documents' sentence", async () => {
  const run = await runCli(['test'], { product: 'mdi', url: `http://${SENSOR}/tri/sensor/api/ping`, routes: ['direct'] });
  assert.equal([run.status, run.json.error.code, run.json.error.field], [2, 'SENSOR_URL_NOT_HTTPS', 'url']);
  assert.match(run.json.error.message, /you must specify HTTPS, not HTTP, to properly test connectivity/);
});

// ─── 4. required vs recommended ───

/** dc01 with its sensor's workspace endpoint on the loopback server's port. */
function mdiMachineOnPort(port: number): string {
  const machine = copyExampleImage('dc01');
  const file = join(machine, DC01_CONFIG);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"Port": 443', `"Port": ${port}`));
  return machine;
}

test('MDI: the sensor URL passes, the recommended PKI hosts do not: the test passes with warnings, probes marked required: false', async () => {
  const machine = mdiMachineOnPort(server.port);
  const pkiResolve = Object.fromEntries(PKI_HOSTS.map((h) => [h, '127.0.0.2']));
  const { exit, result, warnings } = await testOn({ machine, routes: ['direct'], resolve: { ...resolve, ...pkiResolve }, timeoutMs: 3000 });
  const [ping, ...pkiProbes] = result.probes;
  assert.equal([ping!.verdict, ping!.required], ['pass', true]);
  assert.ok(
    pkiProbes.length === 4 && pkiProbes.every((p) => p.verdict === 'fail' && p.required === false),
    JSON.stringify(pkiProbes.map((p) => p.code)),
  );
  assert.equal([exit, result.passed], [0, true]);
  assert.is(warnings.length, 4);
  assert.match(warnings[0]!, /explicit allowlists \(001\)/);
});

// ─── 5. trusted roots of the machine ───

function withRoots(machine: string, pems: string[]): string {
  const folder = join(machine, 'certificates', 'LocalMachine', 'Root');
  mkdirSync(folder, { recursive: true });
  for (const [i, pem] of pems.entries()) writeFileSync(join(folder, `root${i}.cer`), pem);
  return machine;
}

test("a machine whose LocalMachine\\Root lacks the chain's root no longer passes: TLS_ROOT_NOT_TRUSTED with the documents' advice", async () => {
  const elsewhere = createRootCa('/O=DefenderProxyTools Tests/CN=Unrelated Root');
  const without = withRoots(copyExampleImage('dc01'), [elsewhere.certPem]);
  const { exit, result } = await testOn({ machine: without, url: sensorUrl(), routes: ['direct'] });
  const [probe] = result.probes as [Probe];
  assert.equal([exit, probe.stage, probe.code], [1, 'tls', 'TLS_ROOT_NOT_TRUSTED']);
  assert.match(probe.advice, /ensure that you have the required trusted root certificates installed/);
  const withIt = withRoots(copyExampleImage('dc01'), [elsewhere.certPem, pki.rootPem]);
  assert.is((await testOn({ machine: withIt, url: sensorUrl(), routes: ['direct'] })).result.probes[0]!.code, 'OK');
});

// ─── 6. LocalSystem's WinINet ───

test('route "wininet-localsystem" goes where LocalSystem\'s WinINet sends it, not LocalService\'s', async () => {
  const machine = copyExampleImage('dc01');
  const host = openImageHost(machine);
  await host.setValue(
    KEYS.wininetLocalSystem,
    binaryValue(
      'DefaultConnectionSettings',
      buildWininetBlob({ proxyServer: `127.0.0.1:${refused}`, bypass: [], autoConfigUrl: '' }, null),
    ),
  );
  const { result } = await testOn({ machine, url: sensorUrl(), routes: ['wininet', 'wininet-localsystem'] });
  const [service, system] = result.probes;
  assert.equal([service!.route, service!.proxy], ['wininet', 'http://oldproxy.contoso.com:3128'], "dc01's LocalService proxy");
  assert.equal([system!.route, system!.proxy, system!.code], ['wininet-localsystem', `http://127.0.0.1:${refused}`, 'PROXY_REFUSED']);
  assert.match(system!.detail!, /LocalSystem's WinINet proxy/);
});

// ─── 7. validity dates ───

test('an expired leaf never passes, even when its root is trusted', async () => {
  const { result } = await testOn({
    url: sensorUrl('/tri/sensor/api/ping', expiredServer.port),
    routes: ['direct'],
    trustedRoots: [expiredPki.rootPem],
  });
  const [probe] = result.probes as [Probe];
  assert.equal([probe.verdict, probe.stage, probe.code], ['fail', 'tls', 'TLS_CERT_EXPIRED']);
  assert.match(probe.detail!, /expired on Feb +1 00:00:00 2020 GMT/);
});

// ─── 11. geo from the machine ───

/** dc01 onboarded to MDE in Switzerland with a streamlined package whose gateway is `gateway`. */
async function onboardedMachine(gateway: string): Promise<string> {
  const machine = copyExampleImage('dc01');
  const body = {
    previousOrgIds: [],
    orgId: '00000000-0000-0000-0000-000000000001',
    geoLocationUrl: gateway,
    datacenter: 'SwitzerlandNorth',
    vortexGeoLocation: 'CH',
    partnerGeoLocation: 'GW_CH',
    version: '1.7',
  };
  const blob = JSON.stringify({ body: JSON.stringify(body), sig: 'x' });
  await openImageHost(machine).setValue(KEYS.advancedThreatProtection, {
    name: 'OnboardingInfo',
    type: REG.SZ,
    data: Buffer.from(blob + '\0', 'utf16le'),
  });
  return machine;
}

test('MDE test and catalog on a machine take geo and list from its onboarding blob; only a machine-free request needs geo', async () => {
  const gatewayHost = 'edr-chn.ch.endpoint.security.microsoft.com';
  const machine = await onboardedMachine(`https://${gatewayHost}/edr/`);
  const catalog = await runNet('catalog', { product: 'mde', machine });
  const hosts = catalog.result!.urls.map((u) => u.host);
  assert.ok(hosts.includes('mdav.ch.endpoint.security.microsoft.com') && hosts.includes(gatewayHost), JSON.stringify(hosts));
  assert.not.ok(hosts.includes('mdav.us.endpoint.security.microsoft.com'), "only the machine's geo");
  const test = await runNet('test', {
    product: 'mde',
    machine,
    routes: ['direct'],
    resolve: { [gatewayHost]: '127.0.0.1' },
    timeoutMs: 500,
    concurrency: 64,
  } as TestRequest);
  assert.is(test.error, null, JSON.stringify(test.error));
  assert.equal(test.result!.probes[0]!.url, `https://${gatewayHost}/edr/commands/test`, "the device's own gateway first");
  assert.ok(test.result!.probes.some((p) => p.url === 'https://mdav.ch.endpoint.security.microsoft.com/mdav/test'));
  const machineFree = await runNet('test', { product: 'mde', routes: ['direct'] } as TestRequest);
  assert.is(machineFree.error!.code, 'GEO_REQUIRED');
  const noBlob = await runNet('test', { product: 'mde', machine: copyExampleImage('dc01'), routes: ['direct'] } as TestRequest);
  assert.is(noBlob.error!.code, 'GEO_REQUIRED', 'a machine without a blob still needs geo');
});

// ─── 18. a proxy given as an IP address ───

test('an MDI proxy given as an IP address gets the advice to use a DNS A record (000); an MDE one does not', async () => {
  const mdi = await testOn({ url: sensorUrl(), routes: ['explicit'], proxy: { url: `http://127.0.0.1:${refused}` } });
  assert.ok(
    mdi.warnings.some((w) => /IP address 127\.0\.0\.1.*DNS A record/.test(w)),
    JSON.stringify(mdi.warnings),
  );
  const mde = await testOn({ product: 'mde', url: edrUrl(), routes: ['explicit'], proxy: { url: `http://127.0.0.1:${refused}` } });
  assert.equal(mde.warnings, []);
});

test.run();
