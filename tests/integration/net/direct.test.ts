import * as assert from 'uvu/assert';
import type { Probe, TestRequest } from '../../../core/protocol';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startBlackhole, startSynBlackhole, type Blackhole } from '../../support/blackhole';
import { closedPort } from '../../support/ports';
import { runNet } from '../../support/net-command';

// Direct route, every stage made to break for real on 127.0.0.1: the public names map to loopback.
let pki: TestPki;
let server: RunningHttpsServer;
let blackhole: Blackhole;
let synBlackhole: Blackhole;
const resolve = {
  'contoso-corpsensorapi.atp.azure.com': '127.0.0.1',
  'legacy-wssensorapi.atp.azure.com': '127.0.0.1',
  'version-wssensorapi.atp.azure.com': '127.0.0.1',
  'missing-wssensorapi.atp.azure.com': '127.0.0.1',
  'portal-wssensorapi.atp.azure.com': '127.0.0.1',
};

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  blackhole = await startBlackhole();
  synBlackhole = await startSynBlackhole();
}

async function tearDown(): Promise<void> {
  await server?.close();
  await blackhole?.stop();
  await synBlackhole?.stop();
}

const test = serviceSuite('direct', setUp, tearDown);

const ping = (host: string, port: number) => `https://${host}:${port}/tri/sensor/api/ping`;

async function probe(url: string, extra: Partial<TestRequest> = {}): Promise<{ exit: number; probe: Probe }> {
  const run = await runNet('test', { product: 'mdi', url, routes: ['direct'], resolve, trustedRoots: [pki.rootPem], ...extra });
  assert.is(run.error, null, JSON.stringify(run.error));
  assert.is(run.result!.probes.length, 1);
  return { exit: run.exit, probe: run.result!.probes[0]! };
}

test('200 "Ok" passes: every stage timed, the presented chain captured, no machine needed', async () => {
  const { exit, probe: p } = await probe(ping('contoso-corpsensorapi.atp.azure.com', server.port));
  assert.is(exit, 0);
  assert.equal(
    [p.verdict, p.stage, p.code, p.httpStatus, p.intercepted, p.proxy, p.address],
    ['pass', 'done', 'OK', 200, false, null, '127.0.0.1'],
  );
  assert.equal(Object.keys(p.timings), ['resolveMs', 'connectMs', 'tlsMs', 'httpMs']);
  assert.equal(
    p.chain.map((c) => c.subject),
    ['CN=*.atp.azure.com', 'CN=DefenderProxyTools Test Issuing CA, O=DefenderProxyTools Tests'],
  );
  assert.match(p.chain[1]!.issuer, /Test Root CA/);
  assert.match(p.chain[0]!.sha1, /^[0-9A-F]{40}$/);
  assert.ok(server.requests.includes('contoso-corpsensorapi.atp.azure.com /tri/sensor/api/ping'));
});

test('503 from an older workspace passes, with advice that says why', async () => {
  const { exit, probe: p } = await probe(ping('legacy-wssensorapi.atp.azure.com', server.port));
  assert.is(exit, 0);
  assert.equal([p.verdict, p.code, p.httpStatus], ['pass', 'OK_LEGACY_WORKSPACE', 503]);
  assert.match(p.advice, /503/);
});

test('a sensor version string instead of "Ok" passes', async () => {
  assert.is((await probe(ping('version-wssensorapi.atp.azure.com', server.port))).probe.code, 'OK');
});

test('a name that does not resolve fails at resolve with DNS_FAILED', async () => {
  const { exit, probe: p } = await probe('https://nosuch-wssensorapi.invalid/tri/sensor/api/ping');
  assert.is(exit, 1);
  assert.equal([p.verdict, p.stage, p.code, p.address], ['fail', 'resolve', 'DNS_FAILED', null]);
  assert.match(p.detail!, /nosuch-wssensorapi\.invalid/);
});

test('a closed port fails at connect with CONNECT_REFUSED', async () => {
  const { probe: p } = await probe(ping('contoso-corpsensorapi.atp.azure.com', await closedPort()));
  assert.equal([p.stage, p.code], ['connect', 'CONNECT_REFUSED']);
  assert.match(p.detail!, /ECONNREFUSED/);
});

test('a port whose handshake never completes fails at connect with CONNECT_TIMEOUT, on time', async () => {
  const { probe: p } = await probe(ping('contoso-corpsensorapi.atp.azure.com', synBlackhole.port), { timeoutMs: 800 });
  assert.equal([p.stage, p.code], ['connect', 'CONNECT_TIMEOUT']);
  assert.ok(p.elapsedMs >= 790 && p.elapsedMs < 2000, `${p.elapsedMs} ms`);
});

test('a server that accepts and never speaks fails at tls with TIMEOUT, on time', async () => {
  const { probe: p } = await probe(ping('contoso-corpsensorapi.atp.azure.com', blackhole.port), { timeoutMs: 800 });
  assert.equal([p.stage, p.code], ['tls', 'TIMEOUT']);
  assert.ok(p.timings.connectMs !== undefined && p.timings.tlsMs! >= 700, JSON.stringify(p.timings));
  assert.ok(p.elapsedMs >= 790 && p.elapsedMs < 2000, `${p.elapsedMs} ms`);
});

test('a 404 where the ping should answer is HTTP_UNEXPECTED_STATUS at http', async () => {
  const { exit, probe: p } = await probe(ping('missing-wssensorapi.atp.azure.com', server.port));
  assert.is(exit, 1);
  assert.equal([p.stage, p.code, p.httpStatus], ['http', 'HTTP_UNEXPECTED_STATUS', 404]);
});

test('a 200 login page is HTTP_UNEXPECTED_BODY, not a pass', async () => {
  const { probe: p } = await probe(ping('portal-wssensorapi.atp.azure.com', server.port));
  assert.equal([p.verdict, p.code], ['fail', 'HTTP_UNEXPECTED_BODY']);
});

test("without trustedRoots the test CA is not Microsoft's root: flagged as interception", async () => {
  const { probe: p } = await probe(ping('contoso-corpsensorapi.atp.azure.com', server.port), { trustedRoots: undefined });
  assert.equal([p.stage, p.code, p.intercepted], ['tls', 'TLS_INTERCEPTED', true]);
  assert.match(p.detail!, /DigiCert Global Root G2/);
});

test('probes leave no socket or timer behind, whatever way they end', async () => {
  const count = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout' || r === 'TLSWrap').length;
  const settle = () => new Promise((r) => setTimeout(r, 150));
  await settle();
  const before = count();
  await probe(ping('contoso-corpsensorapi.atp.azure.com', server.port));
  await probe(ping('contoso-corpsensorapi.atp.azure.com', blackhole.port), { timeoutMs: 300 });
  await probe(ping('contoso-corpsensorapi.atp.azure.com', synBlackhole.port), { timeoutMs: 300 });
  await probe(ping('missing-wssensorapi.atp.azure.com', server.port));
  await settle();
  assert.is(count(), before, JSON.stringify(process.getActiveResourcesInfo()));
});

test('the route "sensor" (the default without a proxy) needs a machine: refused off Windows without one', async () => {
  const run = await runNet('test', { product: 'mdi', url: ping('contoso-corpsensorapi.atp.azure.com', server.port), resolve });
  assert.is(run.exit, 2);
  assert.is(run.error!.code, 'MACHINE_REQUIRED');
});

test.run();
