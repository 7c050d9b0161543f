import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { createTestPki, type TestPki } from '../support/test-ca';
import { serviceSuite } from '../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../support/https-server';
import { startMitmdump, type RunningMitmdump } from '../support/mitmproxy';
import { runExeAsync, runWindowsExeAsync } from '../support/exe-async';
import { winhttpBlob } from '../support/proxy-vectors';
import { regAdd, regDeleteKey, resetWineMachine, WINE_KEYS } from '../support/wine-registry';
import { storeBlobOfCertificate } from '../../core/formats/certificate-blob';
import { startSquid, type RunningSquid } from '../support/squid';
import { installWineSensor, sensorConfiguration, SENSOR_PROXY_WITH_CREDENTIAL } from '../support/wine-sensor';
import { randomBytes } from 'node:crypto';

/**
 * The Windows executable's connectivity tester under wine, on loopback only: the public names resolve to
 * 127.0.0.1 through the request's `resolve`, the stand-in HTTPS server presents a test CA's chain, and
 * mitmdump (its upstream a closed loopback port) forges leaves like an inspecting proxy.
 */
let pki: TestPki;
let server: RunningHttpsServer;
let mitm: RunningMitmdump;
let ntlm: RunningSquid;
let negotiate: RunningSquid;
const PASSWORD = `Wine-${randomBytes(4).toString('hex')}`;

const SENSOR_HOST = 'contoso-corpsensorapi.atp.azure.com';
const EDR_HOST = 'edr-cus.us.endpoint.security.microsoft.com';
const resolve = { [SENSOR_HOST]: '127.0.0.1', [EDR_HOST]: '127.0.0.1' };
let trustedRootKey: string | null = null;

/**
 * The test CA in wine's LocalMachine\Root, where Windows keeps a trusted root: on a machine a probe's chain must
 * also end in a root of that store (000/001), which crypt32 lists (wine copies the Linux host's roots there).
 */
function trustInWineRoot(pem: string): string {
  const certificate = new X509Certificate(pem);
  const key = `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\${certificate.fingerprint.replace(/:/g, '')}`;
  regAdd({ key, name: 'Blob', type: 'REG_BINARY', data: storeBlobOfCertificate(certificate.raw).toString('hex') });
  return key;
}

async function setUp(): Promise<void> {
  resetWineMachine();
  pki = createTestPki();
  trustedRootKey = trustInWineRoot(pki.rootPem);
  server = await startHttpsServer(pki);
  mitm = await startMitmdump();
  [ntlm, negotiate] = await Promise.all([
    startSquid({ auth: 'ntlm-samba', password: PASSWORD, hosts: [SENSOR_HOST] }),
    startSquid({ auth: 'negotiate-samba', password: PASSWORD, hosts: [SENSOR_HOST] }),
  ]);
}

async function tearDown(): Promise<void> {
  await server?.close();
  await mitm?.stop();
  await Promise.all([ntlm?.stop(), negotiate?.stop()]);
  if (trustedRootKey) regDeleteKey(trustedRootKey);
  resetWineMachine();
}

const test = serviceSuite('connectivity under wine', setUp, tearDown);

/** A probe without what differs from run to run (times). */
function timeless(probe: any): any {
  const { elapsedMs: _e, timings: _t, ...rest } = probe;
  return rest;
}

/** `CN=a, O=b` in either order, as a set of attributes: Node prints subjects in certificate order. */
function attributes(name: string): string[] {
  return name
    .split(/,\s*|\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();
}

test('a passing probe (direct, the test CA trusted): the Windows exe sees the chain the server presents, as the Linux exe does', async () => {
  const request = {
    product: 'mdi',
    url: `https://${SENSOR_HOST}:${server.port}/tri/sensor/api/ping`,
    routes: ['direct'],
    resolve,
    trustedRoots: [pki.rootPem],
    timeoutMs: 10000,
  };
  const windows = await runWindowsExeAsync(['test'], request);
  assert.is(windows.status, 0, windows.stdout + windows.stderr);
  const probe = windows.json.result.probes[0];
  assert.equal([probe.verdict, probe.code, probe.httpStatus, probe.intercepted, probe.address], ['pass', 'OK', 200, false, '127.0.0.1']);
  const presented = [new X509Certificate(pki.serverCertPem), new X509Certificate(pki.issuingPem)];
  assert.equal(
    probe.chain.map((c: any) => c.sha1),
    presented.map((c) => c.fingerprint.replace(/:/g, '')),
    'the captured chain is the presented one',
  );
  assert.ok(server.requests.includes(`${SENSOR_HOST} /tri/sensor/api/ping`), 'the request reached the loopback server');

  const linux = await runExeAsync(['test'], request);
  assert.is(linux.status, 0, linux.stdout);
  assert.equal(timeless(probe), timeless(linux.json.result.probes[0]));
});

test("an intercepted probe (explicit proxy = mitmdump): TLS_INTERCEPTED at the tls stage, the chain ending at mitmproxy's CA", async () => {
  const request = {
    product: 'mdi',
    url: `https://${SENSOR_HOST}:${server.port}/tri/sensor/api/ping`,
    routes: ['explicit'],
    proxy: { url: mitm.url },
    resolve,
    trustedRoots: [pki.rootPem],
    timeoutMs: 10000,
  };
  const windows = await runWindowsExeAsync(['test'], request);
  assert.is(windows.status, 1, windows.stdout + windows.stderr);
  const probe = windows.json.result.probes[0];
  assert.equal(
    [probe.verdict, probe.stage, probe.code, probe.intercepted, probe.proxy],
    ['fail', 'tls', 'TLS_INTERCEPTED', true, mitm.url],
  );
  assert.equal(attributes(probe.chain.at(-1).issuer), attributes(new X509Certificate(mitm.caPem).subject));
  assert.is(probe.chain[0].subject, `CN=${SENSOR_HOST}`, 'mitmproxy forged a leaf for the name asked');
});

test("route winhttp reads the live machine: the WinHTTP proxy in wine's registry is the one probed", async () => {
  const proxy = mitm.url.replace(/^http:\/\//, '');
  regAdd({
    key: WINE_KEYS.winhttp,
    name: 'WinHttpSettings',
    type: 'REG_BINARY',
    data: winhttpBlob({ version: 0x18, flags: 3, proxyServer: proxy, bypassList: '' }).hex,
  });
  const request = {
    product: 'mde',
    url: `https://${EDR_HOST}:${server.port}/edr/commands/test`,
    routes: ['winhttp'],
    resolve,
    trustedRoots: [pki.rootPem],
    timeoutMs: 10000,
  };
  const windows = await runWindowsExeAsync(['test'], request);
  assert.is(windows.status, 1, windows.stdout + windows.stderr);
  const probe = windows.json.result.probes[0];
  assert.equal([probe.route, probe.proxy, probe.code, probe.intercepted], ['winhttp', mitm.url, 'TLS_INTERCEPTED', true]);
});

test("NTLM and Negotiate from the Windows executable: Samba's ntlm_auth behind squid accepts the right password only", async () => {
  const url = `https://${SENSOR_HOST}:${server.port}/tri/sensor/api/ping`;
  const codes = [];
  for (const [squid, password] of [
    [ntlm, PASSWORD],
    [negotiate, PASSWORD],
    [ntlm, 'wrong'],
  ] as const) {
    const run = await runWindowsExeAsync(['test'], {
      product: 'mdi',
      url,
      routes: ['explicit'],
      proxy: { url: squid.url, userName: 'CONTOSO\\alice', password },
      trustedRoots: [pki.rootPem],
      timeoutMs: 10000,
    });
    assert.ok(run.json, run.stdout + run.stderr);
    codes.push(run.json.result.probes[0].code);
  }
  assert.equal(codes, ['OK', 'OK', 'PROXY_AUTH_FAILED']);
});

for (const [host, why] of [
  ['reg.exe', /CERTIFICATE_KEY_HOST_UNSUPPORTED/],
  // The native host reaches crypt32: the certificate the password names is not in wine's LocalMachine\My.
  ['native', /CERTIFICATE_NOT_FOUND/],
] as const) {
  test(`route sensor on the live ${host} host without the sensor's key: the stored password cannot be decrypted, so SENSOR_PASSWORD_UNAVAILABLE, not a 407`, async () => {
    installWineSensor('2.250.18972.18405', JSON.stringify(sensorConfiguration({ ...SENSOR_PROXY_WITH_CREDENTIAL, Url: ntlm.url })));
    const request = {
      product: 'mdi',
      url: `https://${SENSOR_HOST}:${server.port}/tri/sensor/api/ping`,
      routes: ['sensor'],
      trustedRoots: [pki.rootPem],
      timeoutMs: 10000,
    };
    const windows = await runWindowsExeAsync(['test'], request, 120_000, { host });
    assert.is(windows.status, 1, windows.stdout + windows.stderr);
    const probe = windows.json.result.probes[0];
    assert.equal([probe.route, probe.proxy, probe.stage, probe.code], ['sensor', ntlm.url, 'proxy', 'SENSOR_PASSWORD_UNAVAILABLE']);
    assert.match(probe.detail, why);
  });
}

test.run();
