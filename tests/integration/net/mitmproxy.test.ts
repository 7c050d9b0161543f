import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startMitmdump, type RunningMitmdump } from '../../support/mitmproxy';
import { runNet } from '../../support/net-command';

// An intercepting proxy forges the leaf for whatever name is asked: the chain then ends at its own CA.
let pki: TestPki;
let mitm: RunningMitmdump;

async function setUp(): Promise<void> {
  pki = createTestPki();
  mitm = await startMitmdump();
}

async function tearDown(): Promise<void> {
  await mitm?.stop();
}

const test = serviceSuite('mitmproxy', setUp, tearDown);

const SENSOR_PING = 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping';

test("with the test CA pinned, mitmproxy's forged chain is TLS_INTERCEPTED at the tls stage", async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: SENSOR_PING,
    routes: ['explicit'],
    proxy: { url: mitm.url },
    trustedRoots: [pki.rootPem],
    timeoutMs: 5000,
  });
  const p = run.result!.probes[0]!;
  assert.equal([p.verdict, p.stage, p.code, p.intercepted, p.httpStatus], ['fail', 'tls', 'TLS_INTERCEPTED', true, null]);
  assert.is(p.chain[0]!.subject, 'CN=contoso-corpsensorapi.atp.azure.com');
  assert.match(p.chain.at(-1)!.issuer, /CN=mitmproxy/);
  assert.match(p.detail!, /DefenderProxyTools Test Root CA/);
  assert.match(p.advice, /SSL inspection/);
  assert.is(run.exit, 1);
});

test('the captured chain is what mitmproxy presented: its CA signed the leaf', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: SENSOR_PING,
    routes: ['explicit'],
    proxy: { url: mitm.url },
    trustedRoots: [pki.rootPem],
  });
  const mitmCa = new X509Certificate(mitm.caPem);
  assert.is(run.result!.probes[0]!.chain.at(-1)!.issuer, mitmCa.subject.split('\n').reverse().join(', '));
});

test("with Microsoft's own pins (no trustedRoots) the same chain is flagged for every endpoint family", async () => {
  for (const url of [
    SENSOR_PING,
    'https://contoso-corpsensorapi.atp.azure.us/tri/sensor/api/ping',
    'https://edr-cus.us.endpoint.security.microsoft.com/edr/commands/test',
    'https://ussus1eastprod.blob.core.windows.net/',
  ]) {
    const run = await runNet('test', { product: 'mde', url, routes: ['explicit'], proxy: { url: mitm.url } });
    const p = run.result!.probes[0]!;
    assert.equal([p.code, p.intercepted], ['TLS_INTERCEPTED', true], url);
  }
});

test("trusting mitmproxy's CA instead (as an admin who deploys it would) makes the chain pass the pin check", async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: SENSOR_PING,
    routes: ['explicit'],
    proxy: { url: mitm.url },
    trustedRoots: [mitm.caPem],
    timeoutMs: 3000,
  });
  const p = run.result!.probes[0]!;
  // The chain is accepted; mitmproxy then cannot reach its (closed, loopback) upstream and answers the GET 502.
  assert.equal([p.intercepted, p.stage, p.code, p.httpStatus], [false, 'http', 'HTTP_UNEXPECTED_STATUS', 502]);
});

test.run();
