import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { Probe, TestRequest } from '../../../core/protocol';
import { createSecretCertificate, createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { assertLogged, startSquid, type RunningSquid } from '../../support/squid';
import { startHttpFileServer, type RunningHttpFileServer } from '../../support/http-file-server';
import { imageWithSecretKey } from '../../support/sensor-secret';
import { runCommand } from '../../support/stores';
import { runNet } from '../../support/net-command';

// NTLM and Negotiate against real verifiers on loopback: squid with Samba's ntlm_auth, which checks every NTLMv2
// response against the one password it was given (so a wrong password fails), squid's negotiate_wrapper_auth
// (bare NTLM inside Negotiate) and a Kerberos-only squid (negotiate_kerberos_auth with a keytab).
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const CRL_PATH = '/pki/crl/products/MicRooCerAut2011_2011_03_22.crl';
const USER = 'CONTOSO\\alice';
const PASSWORD = `Pä55-${randomBytes(4).toString('hex')}`;
let pki: TestPki;
let server: RunningHttpsServer;
let files: RunningHttpFileServer;
let ntlm: RunningSquid;
let negotiate: RunningSquid;
let wrapper: RunningSquid;
let kerberos: RunningSquid;
let digest: RunningSquid;

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  files = await startHttpFileServer({ [CRL_PATH]: 'crl bytes' });
  const hosts = [SENSOR, 'crl.microsoft.com'];
  [ntlm, negotiate, wrapper, kerberos, digest] = await Promise.all([
    startSquid({ auth: 'ntlm-samba', password: PASSWORD, hosts }),
    startSquid({ auth: 'negotiate-samba', password: PASSWORD, hosts }),
    startSquid({ auth: 'negotiate-wrapper', password: PASSWORD, hosts }),
    startSquid({ auth: 'kerberos', hosts }),
    startSquid({ auth: 'digest', password: PASSWORD, hosts }),
  ]);
}

async function tearDown(): Promise<void> {
  await Promise.all([server?.close(), files?.stop(), ntlm?.stop(), negotiate?.stop(), wrapper?.stop(), kerberos?.stop(), digest?.stop()]);
}

const test = serviceSuite('proxy-auth', setUp, tearDown);

const pingUrl = () => `https://${SENSOR}:${server.port}/tri/sensor/api/ping`;

async function probe(request: Partial<TestRequest>): Promise<Probe> {
  const run = await runNet('test', {
    product: 'mdi',
    url: pingUrl(),
    routes: ['explicit'],
    trustedRoots: [pki.rootPem],
    timeoutMs: 5000,
    ...request,
  } as TestRequest);
  assert.is(run.error, null, JSON.stringify(run.error));
  return run.result!.probes[0]!;
}

const via = (squid: RunningSquid, password?: string, userName = USER) =>
  probe({ proxy: { url: squid.url, userName, ...(password === undefined ? {} : { password }) } });
const tunnelLogged = (_squid: RunningSquid) => new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${SENSOR}:${server.port} CONTOSO\\\\\\\\alice`);

test('NTLM, Samba verifying: the right password passes (NEGOTIATE, CHALLENGE, NTLMv2 AUTHENTICATE, tunnel, TLS, 200)', async () => {
  const p = await via(ntlm, PASSWORD);
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus, p.proxy], ['pass', 'done', 'OK', 200, ntlm.url]);
  assert.is(p.chain.length, 2);
  await assertLogged(ntlm, tunnelLogged(ntlm));
});

test('NTLM: a wrong password is PROXY_AUTH_FAILED at the proxy stage; no credentials PROXY_AUTH_REQUIRED', async () => {
  const wrong = await via(ntlm, `${PASSWORD}x`);
  assert.equal([wrong.verdict, wrong.stage, wrong.code, wrong.httpStatus], ['fail', 'proxy', 'PROXY_AUTH_FAILED', 407]);
  assert.match(wrong.detail!, /rejected the NTLMv2 response for CONTOSO\\alice/);
  const anonymous = await probe({ proxy: { url: ntlm.url } });
  assert.equal([anonymous.stage, anonymous.code], ['proxy', 'PROXY_AUTH_REQUIRED']);
});

test('NTLM: a user name without a domain prefix is hashed with an empty domain, which Samba also tries: the password decides', async () => {
  // A user given without a domain hashes with an empty domain, which Samba also tries: still the password decides.
  assert.is((await via(ntlm, PASSWORD, 'alice')).code, 'OK');
  assert.is((await via(ntlm, 'Password', 'alice')).code, 'PROXY_AUTH_FAILED');
});

test('Negotiate (SPNEGO, Samba gss-spnego): NTLM inside SPNEGO passes with the right password, fails with a wrong one', async () => {
  const p = await via(negotiate, PASSWORD);
  assert.equal([p.verdict, p.code, p.httpStatus], ['pass', 'OK', 200]);
  await assertLogged(negotiate, tunnelLogged(negotiate));
  const wrong = await via(negotiate, 'nope');
  assert.equal([wrong.stage, wrong.code, wrong.httpStatus], ['proxy', 'PROXY_AUTH_FAILED', 407]);
  assert.match(wrong.detail!, /inside Negotiate/);
});

test('Negotiate through negotiate_wrapper: SPNEGO goes to Kerberos and fails, the bare NTLM token then passes', async () => {
  const p = await via(wrapper, PASSWORD);
  assert.equal([p.verdict, p.code], ['pass', 'OK']);
  // Three 407s (anonymous, SPNEGO refused, CHALLENGE), then the tunnel.
  await assertLogged(wrapper, tunnelLogged(wrapper));
  assert.is((await via(wrapper, 'nope')).code, 'PROXY_AUTH_FAILED');
});

test('a Kerberos-only proxy is PROXY_AUTH_KERBEROS_ONLY, with advice on the SPN, the account and the clocks', async () => {
  const p = await via(kerberos, PASSWORD);
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus], ['fail', 'proxy', 'PROXY_AUTH_KERBEROS_ONLY', 407]);
  assert.match(p.advice, /SPN/);
  assert.match(p.advice, /clocks/);
  assert.match(p.detail!, /Kerberos only/);
});

test('a Digest-only proxy is PROXY_AUTH_UNSUPPORTED at the proxy stage, credentials or not', async () => {
  const p = await via(digest, PASSWORD);
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus], ['fail', 'proxy', 'PROXY_AUTH_UNSUPPORTED', 407]);
  assert.match(p.detail!, /offers only digest/);
  assert.is((await probe({ proxy: { url: digest.url } })).code, 'PROXY_AUTH_UNSUPPORTED');
});

test('a plain-HTTP CRL URL through the NTLM proxy: GET http://… with the handshake on one connection', async () => {
  const url = `http://crl.microsoft.com:${files.port}${CRL_PATH}`;
  const p = await probe({ url, proxy: { url: ntlm.url, userName: USER, password: PASSWORD } });
  assert.equal([p.verdict, p.code, p.httpStatus], ['pass', 'OK', 200]);
  await assertLogged(ntlm, new RegExp(`GET http://crl\\.microsoft\\.com:${files.port}${CRL_PATH} CONTOSO\\\\\\\\alice`));
  assert.is((await probe({ url, proxy: { url: ntlm.url, userName: USER, password: 'nope' } })).code, 'PROXY_AUTH_FAILED');
});

// ─── the sensor's own stored credentials ────────────────────────────────────────────────────────────────

/** An image whose sensor stores `CONTOSO\alice` and the password for `squid`, encrypted by `set`. */
async function sensorImage(squid: RunningSquid): Promise<{ machine: string; keyFile: string }> {
  const { machine, keyFile } = imageWithSecretKey();
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: squid.url, userName: USER, password: PASSWORD } });
  assert.ok(set.body.ok, JSON.stringify(set.body.error));
  return { machine, keyFile };
}

test('route "sensor" without credentials in the request: the stored password, decrypted with the certificate\'s key, passes NTLM', async () => {
  const { machine } = await sensorImage(ntlm);
  const p = await probe({ machine, routes: ['sensor'], proxy: undefined });
  assert.equal([p.route, p.verdict, p.code, p.proxy], ['sensor', 'pass', 'OK', ntlm.url]);
  const [direct] = [await probe({ machine, routes: ['mdi-sensor'], proxy: undefined })];
  assert.equal([direct.route, direct.code], ['mdi-sensor', 'OK']);
  // What Test-DefenderProxyCompliance -TestConnectivity sends: no route, no proxy, no password (here with the URL).
  const compliance = await runNet('test', { machine, product: 'mdi', url: pingUrl(), trustedRoots: [pki.rootPem], timeoutMs: 5000 });
  assert.equal(
    compliance.result!.probes.map((q) => [q.route, q.code]),
    [['sensor', 'OK']],
  );
  assert.is(compliance.exit, 0);
  // The request's own password still wins.
  assert.is((await probe({ machine, routes: ['sensor'], proxy: { password: 'nope' } })).code, 'PROXY_AUTH_FAILED');
});

test('route "sensor" when the key cannot be used: SENSOR_PASSWORD_UNAVAILABLE at the proxy stage, not a 407', async () => {
  const { machine, keyFile } = await sensorImage(negotiate);
  rmSync(keyFile);
  const p = await probe({ machine, routes: ['sensor'], proxy: undefined });
  assert.equal([p.verdict, p.stage, p.code, p.httpStatus], ['fail', 'proxy', 'SENSOR_PASSWORD_UNAVAILABLE', 407]);
  assert.match(p.detail!, /CERTIFICATE_KEY_MISSING/);
  assert.match(p.advice, /elevated/);
  // A key of another certificate is refused as such.
  writeFileSync(keyFile, createSecretCertificate().keyPem);
  const stray = await probe({ machine, routes: ['sensor'], proxy: undefined });
  assert.equal([stray.code, /does not belong to the certificate/.test(stray.detail!)], ['SENSOR_PASSWORD_UNAVAILABLE', true]);
});

test.run();
