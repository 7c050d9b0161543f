import * as assert from 'uvu/assert';
import { Deadline } from '../../../core/net/probe/deadline';
import { connectTcp } from '../../../core/net/probe/tcp-connect';
import { handshake } from '../../../core/net/probe/tls-handshake';
import { runExeAsync } from '../../support/exe-async';
import { startClientHelloRecorder, type ClientHello, type ClientHelloRecorder } from '../../support/client-hello';
import { serviceSuite } from '../../support/service-suite';

// What a probe offers must be what Windows' SChannel offers (the sensor and MDE speak through it), checked on the
// wire against a loopback server that records the ClientHello. The executable is checked, not only the code under
// test here: it runs Node 22 (OpenSSL 3.5), whose defaults differ from this test runner's Node.

/**
 * SChannel's default suites on Windows Server 2022 and later, in order, with their IANA code points (Microsoft
 * Learn, "TLS Cipher Suites in Windows Server 2022"; codes from the IANA TLS Cipher Suites registry), without
 * 3DES (filtered by SCH_USE_STRONG_CRYPTO) and the NULL suites (only on an application's explicit request).
 */
const SCHANNEL_SUITES: [string, number][] = [
  ['TLS_AES_256_GCM_SHA384', 0x1302],
  ['TLS_AES_128_GCM_SHA256', 0x1301],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 0xc02c],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 0xc02b],
  ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 0xc030],
  ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0xc02f],
  ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 0x009f],
  ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 0x009e],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 0xc024],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 0xc023],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 0xc028],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 0xc027],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 0xc00a],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 0xc009],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 0xc014],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0xc013],
  ['TLS_RSA_WITH_AES_256_GCM_SHA384', 0x009d],
  ['TLS_RSA_WITH_AES_128_GCM_SHA256', 0x009c],
  ['TLS_RSA_WITH_AES_256_CBC_SHA256', 0x003d],
  ['TLS_RSA_WITH_AES_128_CBC_SHA256', 0x003c],
  ['TLS_RSA_WITH_AES_256_CBC_SHA', 0x0035],
  ['TLS_RSA_WITH_AES_128_CBC_SHA', 0x002f],
];
/** OpenSSL signals secure renegotiation with this pseudo-suite; it offers no cipher. */
const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
/** curve25519, NistP256, NistP384 ("TLS Elliptic Curves in Windows 10 1607 and later", Server 2016–2025). */
const SCHANNEL_GROUPS = [0x001d, 0x0017, 0x0018];
const X25519MLKEM768 = 0x11ec;

const names = new Map(SCHANNEL_SUITES.map(([name, code]) => [code, name]));
const suiteNames = (hello: ClientHello) =>
  hello.cipherSuites
    .filter((code) => code !== EMPTY_RENEGOTIATION_INFO_SCSV)
    .map((code) => names.get(code) ?? `0x${code.toString(16).padStart(4, '0')}`);

let recorder: ClientHelloRecorder;

const test = serviceSuite(
  'client-hello',
  async () => {
    recorder = await startClientHelloRecorder();
  },
  async () => {
    await recorder?.close();
  },
);

function assertSchannelLike(hello: ClientHello, serverName: string): void {
  assert.equal(
    suiteNames(hello),
    SCHANNEL_SUITES.map(([name]) => name),
    "cipher suites, in SChannel's order",
  );
  assert.equal(hello.supportedVersions, [0x0304, 0x0303], 'TLS 1.3 and 1.2, nothing older');
  assert.equal(hello.groups, SCHANNEL_GROUPS, 'x25519, secp256r1, secp384r1');
  assert.equal(hello.keyShareGroups, [0x001d], 'one key share, x25519');
  assert.not.ok(hello.groups.includes(X25519MLKEM768), 'no post-quantum hybrid group');
  assert.is(hello.serverName, serverName);
  assert.equal(hello.alpn, ['http/1.1']);
  // Node 22's default ClientHello is ~1.6 KB with its ML-KEM key share; SChannel's is a few hundred bytes.
  assert.ok(hello.length < 512, `ClientHello of ${hello.length} bytes`);
}

test("the executable offers SChannel's versions, suites in order and groups, with no post-quantum key share", async () => {
  const before = recorder.hellos.length;
  const host = 'contoso-corpsensorapi.atp.azure.com';
  const run = await runExeAsync(['test'], {
    product: 'mdi',
    url: `https://${host}:${recorder.port}/tri/sensor/api/ping`,
    routes: ['direct'],
    resolve: { [host]: '127.0.0.1' },
  });
  assert.is(run.status, 1, run.stdout + run.stderr);
  assert.is(run.json.result.probes[0].stage, 'tls');
  assert.is(recorder.hellos.length, before + 1);
  assertSchannelLike(recorder.hellos.at(-1)!, host);
});

test('the handshake code offers the same under the Node running these tests', async () => {
  const before = recorder.hellos.length;
  const deadline = new Deadline(5000);
  try {
    const socket = await connectTcp('127.0.0.1', recorder.port, deadline);
    await handshake(socket, 'edr-weu.eu.endpoint.security.microsoft.com', deadline).then(
      () => assert.unreachable('the recorder hangs up'),
      () => undefined,
    );
  } finally {
    deadline.dispose();
  }
  assert.is(recorder.hellos.length, before + 1);
  assertSchannelLike(recorder.hellos.at(-1)!, 'edr-weu.eu.endpoint.security.microsoft.com');
});

test.run();
