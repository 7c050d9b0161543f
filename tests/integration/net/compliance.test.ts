import * as assert from 'uvu/assert';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSquid, type RunningSquid } from '../../support/squid';
import { copyExampleImage } from '../../support/image';
import { closedPort } from '../../support/ports';
import { runCommand } from '../../support/stores';

// `compliance` with its connectivity test, on images whose proxy is a real squid on loopback: the route the
// sensor really uses, a test CA pinned through `connectivity.trustedRoots`.
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const EDR = 'edr-cus.us.endpoint.security.microsoft.com';
let pki: TestPki;
let server: RunningHttpsServer;
let authSquid: RunningSquid;
let openSquid: RunningSquid;

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  authSquid = await startSquid({ auth: 'basic', users: { 'CONTOSO\\alice': 's3cret' }, hosts: [SENSOR, EDR] });
  openSquid = await startSquid({ auth: 'none', hosts: [SENSOR, EDR] });
}

async function tearDown(): Promise<void> {
  await Promise.all([server?.close(), authSquid?.stop(), openSquid?.stop()]);
}

const test = serviceSuite('compliance with its connectivity test', setUp, tearDown);

async function imageWith(request: object): Promise<string> {
  const machine = copyExampleImage('dc01');
  const run = await runCommand('set', { machine, ...request });
  assert.ok(run.body.ok, JSON.stringify(run.body));
  return machine;
}

const connectivity = (url: string, extra: object = {}) => ({ url, trustedRoots: [pki.rootPem], timeoutMs: 5000, ...extra });

test('MDI behind an authenticating proxy: without the password the route fails at the proxy; with it, compliant', async () => {
  const machine = await imageWith({ method: 'sensor', proxy: { url: authSquid.url, userName: 'CONTOSO\\alice', password: 's3cret' } });
  const desired = { mdi: { proxyUrl: authSquid.url, userName: 'CONTOSO\\alice', method: 'sensor' as const } };
  const ping = `https://${SENSOR}:${server.port}/tri/sensor/api/ping`;
  const without = await runCommand('compliance', { machine, desired, testConnectivity: true, connectivity: connectivity(ping) });
  assert.is(without.exit, 1);
  const r = without.body.result;
  assert.equal([r.status, r.probes.length, r.probes[0].stage], ['connectivity-failed', 1, 'proxy']);
  assert.match(r.reason, new RegExp(`^connectivity: ${ping.replace(/[.?]/g, '\\$&')} via sensor stopped at proxy \\(PROXY_AUTH_\\w+\\)$`));
  assert.match(r.summary, /^Connectivity failed: 1 of 1 probe\(s\); .* \(PROXY_AUTH_\w+\): \S/);

  const withPassword = await runCommand('compliance', { machine, desired, testConnectivity: true, connectivity: connectivity(ping, { proxy: { password: 's3cret' } }) });
  assert.is(withPassword.exit, 0, JSON.stringify(withPassword.body.result));
  assert.is(withPassword.body.result.summary, `Compliant: MDI proxy ${authSquid.url} (sensor); the service answers (1 probe(s) passed).`);
});

test('MDE through an open proxy: compliant; when the proxy and the service are down: connectivity failed at connect', async () => {
  const proxyServer = `127.0.0.1:${openSquid.port}`;
  const machine = await imageWith({ product: 'mde', proxy: { server: proxyServer } });
  const edr = `https://${EDR}:${server.port}/edr/commands/test`;
  const up = await runCommand('compliance', { machine, desired: { mde: { proxyServer } }, testConnectivity: true, connectivity: connectivity(edr) });
  assert.equal([up.exit, up.body.result.status], [0, 'compliant'], JSON.stringify(up.body.result));

  // The EDR sensor falls back to direct when its proxy cannot be reached: the service's name leads to a closed
  // port on loopback, so the fallback fails too, here and nowhere else.
  const dead = `127.0.0.1:${await closedPort()}`;
  const downMachine = await imageWith({ product: 'mde', proxy: { server: dead } });
  const unreachable = connectivity(`https://${EDR}:${await closedPort()}/edr/commands/test`, { resolve: { [EDR]: '127.0.0.1' } });
  const down = await runCommand('compliance', { machine: downMachine, desired: { mde: { proxyServer: dead } }, testConnectivity: true, connectivity: unreachable });
  assert.is(down.exit, 1);
  assert.equal([down.body.result.status, down.body.result.probes[0].code], ['connectivity-failed', 'CONNECT_REFUSED']);
});

test.run();
