import * as assert from 'uvu/assert';
import type { Probe, TestRequest } from '../../../core/protocol';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSquid, type RunningSquid } from '../../support/squid';
import { startHttpFileServer, type RunningHttpFileServer } from '../../support/http-file-server';
import { copyExampleImage } from '../../support/image';
import { runCommand } from '../../support/stores';
import { runNet } from '../../support/net-command';

// Routes read from a machine image whose stores `set` pointed at real proxies on loopback: the probe goes
// exactly where the machine would send the sensor's traffic.
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const EDR = 'edr-cus.us.endpoint.security.microsoft.com';
let pki: TestPki;
let server: RunningHttpsServer;
let authSquid: RunningSquid;
let openSquid: RunningSquid;
let files: RunningHttpFileServer;
let mdeMachine: string;
let mdiMachine: string;
let wininetMachine: string;

async function set(request: object): Promise<void> {
  const run = await runCommand('set', request);
  assert.ok(run.body.ok, JSON.stringify(run.body.error));
}

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  authSquid = await startSquid({ auth: 'basic', users: { 'CONTOSO\\alice': 's3cret' }, hosts: [SENSOR, EDR] });
  openSquid = await startSquid({ auth: 'none', hosts: [SENSOR, EDR] });
  files = await startHttpFileServer({ '/av.pac': `function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${openSquid.port}"; }` });
  mdeMachine = copyExampleImage('dc01');
  await set({ machine: mdeMachine, store: 'winhttp', proxy: { server: `127.0.0.1:${authSquid.port}` } });
  await set({ machine: mdeMachine, store: 'mde-telemetry', proxy: { server: `127.0.0.1:${openSquid.port}` } });
  await set({ machine: mdeMachine, store: 'defender-av', proxy: { pacUrl: files.url('/av.pac') } });
  mdiMachine = copyExampleImage('dc01');
  await set({ machine: mdiMachine, method: 'sensor', proxy: { url: authSquid.url, userName: 'CONTOSO\\alice', password: 's3cret' } });
  wininetMachine = copyExampleImage('dc01');
  await set({ machine: wininetMachine, store: 'wininet', proxy: { server: `127.0.0.1:${authSquid.port}` } });
}

async function tearDown(): Promise<void> {
  // Any of them may be missing when setUp failed half-way.
  await Promise.all([server?.close(), authSquid?.stop(), openSquid?.stop(), files?.stop()]);
}

const test = serviceSuite('store-routes', setUp, tearDown);

async function probeOn(machine: string, request: Partial<TestRequest>): Promise<Probe[]> {
  const run = await runNet('test', { machine, product: 'mdi', trustedRoots: [pki.rootPem], timeoutMs: 5000, ...request } as TestRequest);
  assert.is(run.error, null, JSON.stringify(run.error));
  return run.result!.probes;
}

const sensorPing = () => `https://${SENSOR}:${server.port}/tri/sensor/api/ping`;
const edrTest = () => `https://${EDR}:${server.port}/edr/commands/test`;

test("winhttp: the machine's WinHTTP proxy is used; it wants credentials, which the request may bring", async () => {
  const [anonymous] = await probeOn(mdeMachine, { product: 'mde', url: edrTest(), routes: ['winhttp'] });
  assert.equal([anonymous!.code, anonymous!.proxy], ['PROXY_AUTH_REQUIRED', authSquid.url]);
  const [withCredentials] = await probeOn(mdeMachine, {
    product: 'mde',
    url: edrTest(),
    routes: ['winhttp'],
    proxy: { userName: 'CONTOSO\\alice', password: 's3cret' },
  });
  assert.equal([withCredentials!.code, withCredentials!.httpStatus], ['OK', 200]);
});

test('mde-telemetry and defender-av (its PAC file) each take their own way, anonymously', async () => {
  const probes = await probeOn(mdeMachine, { product: 'mde', url: edrTest(), routes: ['mde-telemetry', 'defender-av'] });
  assert.equal(
    probes.map((p) => [p.route, p.code, p.proxy]),
    [
      ['mde-telemetry', 'OK', openSquid.url],
      ['defender-av', 'OK', openSquid.url],
    ],
  );
  assert.match(probes[1]!.detail!, /ProxyPacUrl/);
});

test('MDE route "sensor" is the EDR sensor\'s: TelemetryProxyServer before WinHTTP', async () => {
  const [p] = await probeOn(mdeMachine, { product: 'mde', url: edrTest(), routes: ['sensor'] });
  assert.equal([p!.route, p!.code, p!.proxy], ['sensor', 'OK', openSquid.url]);
});

test("mdi-sensor: the sensor configuration's proxy and user; the admin supplies the password", async () => {
  const [p] = await probeOn(mdiMachine, { url: sensorPing(), routes: ['mdi-sensor'], proxy: { password: 's3cret' } });
  assert.equal([p!.code, p!.proxy], ['OK', authSquid.url]);
  const [wrong] = await probeOn(mdiMachine, { url: sensorPing(), routes: ['mdi-sensor'], proxy: { password: 'nope' } });
  assert.is(wrong!.code, 'PROXY_AUTH_FAILED');
});

test('MDI route "sensor" (the default) follows what the sensor really uses', async () => {
  const [p] = await probeOn(mdiMachine, { url: sensorPing(), proxy: { password: 's3cret' } });
  assert.equal([p!.route, p!.code, p!.proxy], ['sensor', 'OK', authSquid.url]);
  assert.match(p!.detail!, /method sensor/);
});

test("wininet: LocalService's WinINet proxy", async () => {
  const [p] = await probeOn(wininetMachine, {
    url: sensorPing(),
    routes: ['wininet'],
    proxy: { userName: 'CONTOSO\\alice', password: 's3cret' },
  });
  assert.equal([p!.code, p!.proxy], ['OK', authSquid.url]);
});

test('without url or workspace the workspace comes from the sensor configuration', async () => {
  const pkiHosts = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];
  const resolve = Object.fromEntries([SENSOR, ...pkiHosts].map((h) => [h, '127.0.0.1']));
  const probes = await probeOn(mdiMachine, { routes: ['direct'], resolve, timeoutMs: 2000 });
  assert.is(probes[0]!.url, `https://${SENSOR}/tri/sensor/api/ping`);
  assert.equal([...new Set(probes.slice(1).map((p) => new URL(p.url).hostname))], pkiHosts);
  // Nothing of ours listens on 127.0.0.1:443 or :80: the probes fail at connect, but the URLs were the sensor's.
  assert.ok(
    probes.every((p) => p.stage === 'connect' || p.verdict === 'pass' || p.stage === 'http'),
    JSON.stringify(probes.map((p) => p.code)),
  );
});

test.run();
