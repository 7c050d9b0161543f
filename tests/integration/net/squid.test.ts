import * as assert from 'uvu/assert';
import type { Probe, TestRequest } from '../../../core/protocol';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { assertLogged, startSquid, type RunningSquid } from '../../support/squid';
import { startBlackhole, type Blackhole } from '../../support/blackhole';
import { startHttpFileServer, type RunningHttpFileServer } from '../../support/http-file-server';
import { closedPort } from '../../support/ports';
import { runNet } from '../../support/net-command';

// Through a real squid (basic auth, hosts_file mapping the public names to 127.0.0.1) and its failure modes.
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const BLOCKED = 'blocked-wssensorapi.atp.azure.com';
const CRL_PATH = '/pki/crl/products/MicRooCerAut2011_2011_03_22.crl';
let pki: TestPki;
let server: RunningHttpsServer;
let squid: RunningSquid;
let ntlmSquid: RunningSquid;
let blackhole: Blackhole;
let files: RunningHttpFileServer;
let deadProxyPort: number;

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  blackhole = await startBlackhole();
  deadProxyPort = await closedPort();
  const hosts = [SENSOR, BLOCKED, 'crl.microsoft.com'];
  squid = await startSquid({ auth: 'basic', users: { alice: 's3cret' }, hosts, deniedDomains: [BLOCKED] });
  ntlmSquid = await startSquid({ auth: 'ntlm', hosts });
  const pac = `function FindProxyForURL(url, host) {
    if (dnsDomainIs(host, ".atp.azure.com")) return "PROXY 127.0.0.1:${deadProxyPort}; PROXY 127.0.0.1:${squid.port}";
    return "DIRECT";
  }`;
  files = await startHttpFileServer({ '/proxy.pac': pac, [CRL_PATH]: 'crl bytes' });
}

async function tearDown(): Promise<void> {
  // Any of them may be missing when setUp failed half-way.
  await Promise.all([server?.close(), squid?.stop(), ntlmSquid?.stop(), blackhole?.stop(), files?.stop()]);
}

const test = serviceSuite('squid', setUp, tearDown);

const pingUrl = (host = SENSOR) => `https://${host}:${server.port}/tri/sensor/api/ping`;

async function viaProxy(proxy: TestRequest['proxy'], extra: Partial<TestRequest> = {}): Promise<Probe> {
  const run = await runNet('test', {
    product: 'mdi',
    url: pingUrl(),
    routes: ['explicit'],
    proxy,
    trustedRoots: [pki.rootPem],
    timeoutMs: 5000,
    ...extra,
  });
  assert.is(run.error, null, JSON.stringify(run.error));
  return run.result!.probes[0]!;
}

test('407 without credentials is PROXY_AUTH_REQUIRED at the proxy stage', async () => {
  const p = await viaProxy({ url: squid.url });
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus, p.proxy], ['fail', 'proxy', 'PROXY_AUTH_REQUIRED', 407, squid.url]);
  assert.match(p.detail!, /basic/);
});

test('407 again after wrong credentials is PROXY_AUTH_FAILED', async () => {
  const p = await viaProxy({ url: squid.url, userName: 'alice', password: 'wrong' });
  assert.equal([p.stage, p.code, p.httpStatus], ['proxy', 'PROXY_AUTH_FAILED', 407]);
});

test('the right credentials pass: 407, retry with Basic, tunnel, TLS chain, 200 "Ok"', async () => {
  const p = await viaProxy({ url: squid.url, userName: 'alice', password: 's3cret' });
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus, p.address], ['pass', 'done', 'OK', 200, '127.0.0.1']);
  assert.equal(Object.keys(p.timings), ['resolveMs', 'connectMs', 'proxyMs', 'tlsMs', 'httpMs']);
  assert.is(p.chain.length, 2);
  await assertLogged(squid, new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${SENSOR}:${server.port} alice`));
});

test('credentials written in the proxy URL work too', async () => {
  assert.is((await viaProxy({ url: squid.url.replace('http://', 'http://alice:s3cret@') })).code, 'OK');
});

test('a proxy answering 403 instead of 407 is PROXY_FORBIDDEN, the "licensing issues" trap', async () => {
  const p = await viaProxy({ url: squid.url, userName: 'alice', password: 's3cret' }, { url: pingUrl(BLOCKED) });
  assert.equal([p.stage, p.code, p.httpStatus], ['proxy', 'PROXY_FORBIDDEN', 403]);
  assert.match(p.detail!, /ERR_ACCESS_DENIED/);
  assert.match(p.advice, /licensing issues/);
});

test("a proxy that offers only NTLM (squid's ntlm_fake_auth) gets the NTLM handshake; without credentials PROXY_AUTH_REQUIRED", async () => {
  const p = await viaProxy({ url: ntlmSquid.url, userName: 'CONTOSO\\alice', password: 'x' });
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus], ['pass', 'done', 'OK', 200]);
  await assertLogged(ntlmSquid, new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${SENSOR}:${server.port} CONTOSO\\\\\\\\alice`));
  const anonymous = await viaProxy({ url: ntlmSquid.url });
  assert.equal([anonymous.stage, anonymous.code], ['proxy', 'PROXY_AUTH_REQUIRED']);
  assert.match(anonymous.detail!, /ntlm/i);
});

test('a proxy port that refuses is PROXY_REFUSED at connect', async () => {
  const p = await viaProxy({ server: `127.0.0.1:${deadProxyPort}` });
  assert.equal([p.stage, p.code, p.proxy], ['connect', 'PROXY_REFUSED', `http://127.0.0.1:${deadProxyPort}`]);
});

test('a proxy that accepts and never answers CONNECT is TIMEOUT at the proxy stage', async () => {
  const p = await viaProxy({ server: `127.0.0.1:${blackhole.port}` }, { timeoutMs: 800 });
  assert.equal([p.stage, p.code], ['proxy', 'TIMEOUT']);
  assert.ok(p.elapsedMs < 2000);
});

test('squid refused by the destination port is CONNECT_REFUSED at the proxy stage', async () => {
  const p = await viaProxy(
    { url: squid.url, userName: 'alice', password: 's3cret' },
    { url: `https://${SENSOR}:${await closedPort()}/tri/sensor/api/ping` },
  );
  assert.equal([p.stage, p.code, p.httpStatus], ['proxy', 'CONNECT_REFUSED', 503]);
  assert.match(p.detail!, /ERR_CONNECT_FAIL/);
});

test('direct and explicit in one request: one probe per route; one route that works makes the URL reachable (002), exit 0', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: pingUrl(),
    routes: ['direct', 'explicit'],
    proxy: { url: squid.url },
    resolve: { [SENSOR]: '127.0.0.1' },
    trustedRoots: [pki.rootPem],
  });
  assert.equal(
    run.result!.probes.map((p) => [p.route, p.code]),
    [
      ['direct', 'OK'],
      ['explicit', 'PROXY_AUTH_REQUIRED'],
    ],
  );
  assert.is(run.result!.passed, true);
  assert.equal(run.result!.urls, [{ url: pingUrl(), required: true, reachable: true, routes: ['direct'] }]);
  assert.is(run.exit, 0);
  assert.equal(run.logs.filter((l) => l.level === 'progress').at(-1), { level: 'progress', done: 2, total: 2 });
});

test('PAC route: the script is fetched and run, the dead first proxy falls through to squid', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: pingUrl(),
    routes: ['pac'],
    proxy: { pacUrl: files.url('/proxy.pac'), userName: 'alice', password: 's3cret' },
    trustedRoots: [pki.rootPem],
  });
  const p = run.result!.probes[0]!;
  assert.equal([p.route, p.verdict, p.code, p.proxy], ['pac', 'pass', 'OK', squid.url]);
  assert.match(p.detail!, new RegExp(`127\\.0\\.0\\.1:${deadProxyPort} not reached \\(PROXY_REFUSED`));
  assert.equal(
    p.fallbacks!.map((f) => [f.proxy, f.code, f.to]),
    [[`http://127.0.0.1:${deadProxyPort}`, 'PROXY_REFUSED', squid.url]],
  );
  assert.match(p.detail!, /answered "PROXY/);
  assert.is(run.exit, 0);
});

test('a PAC file that cannot be fetched fails the route with PAC_FAILED at stage route', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: pingUrl(),
    routes: ['pac'],
    proxy: { pacUrl: files.url('/missing.pac') },
    trustedRoots: [pki.rootPem],
  });
  const p = run.result!.probes[0]!;
  assert.equal([p.stage, p.code, p.proxy], ['route', 'PAC_FAILED', null]);
  assert.match(p.detail!, /404/);
});

test('a plain-HTTP CRL URL goes to the proxy as GET http://…, with the same 407 handling', async () => {
  const url = `http://crl.microsoft.com:${files.port}${CRL_PATH}`;
  const run = await runNet('test', {
    product: 'mdi',
    url,
    routes: ['explicit', 'direct'],
    proxy: { url: squid.url, userName: 'alice', password: 's3cret' },
    resolve: { 'crl.microsoft.com': '127.0.0.1' },
  });
  assert.equal(
    run.result!.probes.map((p) => [p.route, p.code, p.httpStatus, p.chain.length]),
    [
      ['explicit', 'OK', 200, 0],
      ['direct', 'OK', 200, 0],
    ],
  );
  await assertLogged(squid, new RegExp(`GET http://crl\\.microsoft\\.com:${files.port}${CRL_PATH} alice`));
  const anonymous = await runNet('test', { product: 'mdi', url, routes: ['explicit'], proxy: { url: squid.url } });
  assert.equal([anonymous.result!.probes[0]!.stage, anonymous.result!.probes[0]!.code], ['proxy', 'PROXY_AUTH_REQUIRED']);
});

test.run();
