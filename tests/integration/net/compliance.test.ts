import * as assert from 'uvu/assert';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSquid, type RunningSquid } from '../../support/squid';
import { copyExampleImage } from '../../support/image';
import { closedPort } from '../../support/ports';
import { makeTestCertificate, runCommand } from '../../support/stores';
import { DC01_THUMBPRINT } from '../stores/helpers';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** A copy of dc01 after a set; with `key`, its secret-manager certificate is a test one whose private key it holds. */
async function imageWith(request: object, key = false): Promise<string> {
  const machine = copyExampleImage('dc01');
  if (key) {
    const certificate = makeTestCertificate();
    writeFileSync(join(machine, 'certificates', 'LocalMachine', 'My', `${DC01_THUMBPRINT}.cer`), certificate.der);
    writeFileSync(join(machine, 'certificates', 'LocalMachine', 'My', `${DC01_THUMBPRINT}.key`), certificate.privateKeyPem);
  }
  const run = await runCommand('set', { machine, ...request });
  assert.ok(run.body.ok, JSON.stringify(run.body));
  return machine;
}

const connectivity = (url: string, extra: object = {}) => ({ url, trustedRoots: [pki.rootPem], timeoutMs: 5000, ...extra });

test('MDI behind an authenticating proxy: the sensor route uses the password the sensor stores when its key is there; without the key it says so', async () => {
  const withKey = await imageWith(
    { method: 'sensor', proxy: { url: authSquid.url, userName: 'CONTOSO\\alice', password: 's3cret' } },
    true,
  );
  const withoutKey = await imageWith({ method: 'sensor', proxy: { url: authSquid.url, userName: 'CONTOSO\\alice', password: 's3cret' } });
  const desired = { mdi: { proxyUrl: authSquid.url, userName: 'CONTOSO\\alice', method: 'sensor' as const } };
  const ping = `https://${SENSOR}:${server.port}/tri/sensor/api/ping`;

  const stored = await runCommand('compliance', { machine: withKey, desired, testConnectivity: true, connectivity: connectivity(ping) });
  assert.is(stored.exit, 0, JSON.stringify(stored.body.result));
  assert.is(stored.body.result.summary, `Compliant: MDI proxy ${authSquid.url} (sensor); the service answers (1 probe(s) passed).`);

  const without = await runCommand('compliance', {
    machine: withoutKey,
    desired,
    testConnectivity: true,
    connectivity: connectivity(ping),
  });
  assert.is(without.exit, 1);
  const r = without.body.result;
  assert.equal(
    [r.status, r.probes.length, r.probes[0].stage, r.probes[0].code],
    ['connectivity-failed', 1, 'proxy', 'SENSOR_PASSWORD_UNAVAILABLE'],
  );
  assert.match(
    r.reason,
    new RegExp(`^connectivity: ${ping.replace(/[.?]/g, '\\$&')} via sensor stopped at proxy \\(SENSOR_PASSWORD_UNAVAILABLE\\)$`),
  );
  assert.match(r.summary, /^Connectivity failed: 1 of 1 probe\(s\); .* \(SENSOR_PASSWORD_UNAVAILABLE\): \S/);

  // The caller may bring the password itself (the module does on a live machine whose host cannot decrypt).
  const given = await runCommand('compliance', {
    machine: withoutKey,
    desired,
    testConnectivity: true,
    connectivity: connectivity(ping, { proxy: { password: 's3cret' } }),
  });
  assert.is(given.exit, 0, JSON.stringify(given.body.result));
  const wrong = await runCommand('compliance', {
    machine: withoutKey,
    desired,
    testConnectivity: true,
    connectivity: connectivity(ping, { proxy: { password: 'nope' } }),
  });
  assert.equal([wrong.body.result.status, wrong.body.result.probes[0].code], ['connectivity-failed', 'PROXY_AUTH_FAILED']);
});

test('MDE through an open proxy: compliant; when the proxy and the service are down: connectivity failed at connect', async () => {
  const proxyServer = `127.0.0.1:${openSquid.port}`;
  const machine = await imageWith({ product: 'mde', proxy: { server: proxyServer } });
  const edr = `https://${EDR}:${server.port}/edr/commands/test`;
  const up = await runCommand('compliance', {
    machine,
    desired: { mde: { proxyServer } },
    testConnectivity: true,
    connectivity: connectivity(edr),
  });
  assert.equal([up.exit, up.body.result.status], [0, 'compliant'], JSON.stringify(up.body.result));

  // The EDR sensor falls back to direct when its proxy cannot be reached: the service's name leads to a closed
  // port on loopback, so the fallback fails too, here and nowhere else.
  const dead = `127.0.0.1:${await closedPort()}`;
  const downMachine = await imageWith({ product: 'mde', proxy: { server: dead } });
  const unreachable = connectivity(`https://${EDR}:${await closedPort()}/edr/commands/test`, { resolve: { [EDR]: '127.0.0.1' } });
  const down = await runCommand('compliance', {
    machine: downMachine,
    desired: { mde: { proxyServer: dead } },
    testConnectivity: true,
    connectivity: unreachable,
  });
  assert.is(down.exit, 1);
  assert.equal([down.body.result.status, down.body.result.probes[0].code], ['connectivity-failed', 'CONNECT_REFUSED']);
});

test.run();
