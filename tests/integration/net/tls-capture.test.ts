import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, createServer, type DetailedPeerCertificate, type Server, type TLSSocket } from 'node:tls';
import { Deadline } from '../../../core/net/probe/deadline';
import { connectTcp } from '../../../core/net/probe/tcp-connect';
import { handshake } from '../../../core/net/probe/tls-handshake';
import { PresentedChain } from '../../../core/net/probe/peer-chain';
import { describe } from '../../../core/net/probe/certificate-chain';
import { judgeChain, pinSetForFamily, pinSetFromPems } from '../../../core/net/probe/pinning';
import { createRootCa, issue, type Issued } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';

// The probe's handshake and chain capture against TLS servers on 127.0.0.1 that present their chains in every
// order a misconfigured server or proxy might: what the probe records and concludes must be what getPeerCertificate
// (the way it was captured before the chain was kept per fingerprints) gives, chain met first or again.
let root: Issued;
let issuing: Issued;
let leaf: Issued;
let unrelated: Issued;
const servers = new Map<string, Server>();
let tls11Only: Server;

const ORDERS: Record<string, () => Issued[]> = {
  'leaf, issuing': () => [leaf, issuing],
  'leaf, issuing, root': () => [leaf, issuing, root],
  'leaf, root, issuing': () => [leaf, root, issuing],
  'leaf, unrelated, issuing': () => [leaf, unrelated, issuing],
  'leaf, unrelated': () => [leaf, unrelated],
  'leaf alone': () => [leaf],
};

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function setUp(): Promise<void> {
  root = createRootCa('/O=DefenderProxyTools Tests/CN=Capture Test Root');
  issuing = issue(root, '/O=DefenderProxyTools Tests/CN=Capture Test Issuing CA', { ca: true });
  leaf = issue(issuing, '/CN=*.capture.example', { names: ['*.capture.example'] });
  unrelated = createRootCa('/O=DefenderProxyTools Tests/CN=Capture Unrelated CA');
  for (const [name, certificates] of Object.entries(ORDERS)) {
    const cert = certificates().map((c) => c.certPem).join('');
    servers.set(name, await listen(createServer({ key: leaf.keyPem, cert, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => s.end())));
  }
  tls11Only = await listen(createServer({ key: leaf.keyPem, cert: leaf.certPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }, (s) => s.end()));
}

async function tearDown(): Promise<void> {
  for (const server of [...servers.values(), tls11Only]) server?.close();
}

const test = serviceSuite('tls-capture', setUp, tearDown);

/** One handshake the way a probe makes it; `use` runs before the deadline destroys the sockets. */
async function withHandshake<T>(server: Server, serverName: string, use: (socket: TLSSocket) => T): Promise<T> {
  const deadline = new Deadline(5000);
  try {
    const socket = await connectTcp('127.0.0.1', portOf(server), deadline);
    return use(await handshake(socket, serverName, deadline));
  } finally {
    deadline.dispose();
  }
}

/** The capture as it was done per probe: getPeerCertificate(true) walked, each certificate parsed from its DER. */
function capturedBefore(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current && current.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

test('the chain captured is the one getPeerCertificate(true) links, in whatever order the server sends it', async () => {
  for (const name of Object.keys(ORDERS)) {
    for (const round of ['first', 'again']) {
      const [captured, before] = await withHandshake(servers.get(name)!, 'a.capture.example', (socket) => [PresentedChain.of(socket).describe(), capturedBefore(socket).map(describe)]);
      assert.equal(captured, before, `${name}, ${round}`);
    }
  }
  // Node links by issuer, not by position: the unrelated certificate is left out, the out-of-order root too.
  const subjects = async (name: string) => withHandshake(servers.get(name)!, 'a.capture.example', (s) => PresentedChain.of(s).describe().map((c) => c.subject));
  assert.equal(await subjects('leaf, unrelated, issuing'), ['CN=*.capture.example', 'CN=Capture Test Issuing CA, O=DefenderProxyTools Tests']);
  assert.equal(await subjects('leaf, unrelated'), ['CN=*.capture.example']);
});

test('the judgement of a chain met again is the one judgeChain gives, worked out once per pin set', async () => {
  const pinned = pinSetFromPems([root.certPem]);
  for (const name of Object.keys(ORDERS)) {
    const [first, second] = [
      await withHandshake(servers.get(name)!, 'a.capture.example', (s) => ({ chain: PresentedChain.of(s), fresh: capturedBefore(s) })),
      await withHandshake(servers.get(name)!, 'a.capture.example', (s) => PresentedChain.of(s)),
    ];
    assert.ok(first.chain === second, `${name}: the same chain is kept once`);
    for (const pins of [pinned, pinSetForFamily('mde'), pinSetForFamily('public')]) {
      assert.equal(second.judge(pins), judgeChain(first.fresh, pins), `${name} against ${pins.description}`);
      assert.ok(second.judge(pins) === first.chain.judge(pins), `${name}: judged once`);
    }
  }
  const verdicts = Object.fromEntries(
    await Promise.all(Object.keys(ORDERS).map(async (name) => [name, await withHandshake(servers.get(name)!, 'a.capture.example', (s) => PresentedChain.of(s).judge(pinned).trusted)])),
  );
  assert.equal(verdicts, { 'leaf, issuing': true, 'leaf, issuing, root': true, 'leaf, root, issuing': true, 'leaf, unrelated, issuing': true, 'leaf, unrelated': false, 'leaf alone': false });
});

test('the name check is checkServerIdentity on the leaf, message and all, for each host asked', async () => {
  const server = servers.get('leaf, issuing')!;
  for (const host of ['a.capture.example', 'B.Capture.Example', 'a.capture.example.', 'capture.example', 'a.b.capture.example', 'elsewhere.test', '127.0.0.1']) {
    const [mine, node] = await withHandshake(server, host, (s) => [PresentedChain.of(s).nameMismatch(host), checkServerIdentity(host, s.getPeerCertificate())?.message ?? null]);
    assert.is(mine, node, host);
  }
  // A trailing dot passes as Node has it (OpenSSL's X509Certificate.checkHost would refuse it).
  assert.is(await withHandshake(server, 'a.capture.example.', (s) => PresentedChain.of(s).nameMismatch('a.capture.example.')), null);
});

test('the shared secure context keeps every limit the handshake had: TLS 1.2 at least, ALPN http/1.1, no resumed session', async () => {
  const deadline = new Deadline(5000);
  try {
    const socket = await connectTcp('127.0.0.1', portOf(tls11Only), deadline);
    const error = await handshake(socket, 'a.capture.example', deadline).then(() => null, (e: NodeJS.ErrnoException) => e);
    assert.ok(error && /PROTOCOL_VERSION|unsupported protocol/i.test(`${error.code} ${error.message}`), String(error));
  } finally {
    deadline.dispose();
  }
  for (let i = 0; i < 3; i++) {
    const seen = await withHandshake(servers.get('leaf, issuing')!, 'a.capture.example', (s) => ({
      alpn: s.alpnProtocol,
      reused: s.isSessionReused(),
      chain: capturedBefore(s).length,
      protocol: s.getProtocol(),
    }));
    assert.equal(seen, { alpn: 'http/1.1', reused: false, chain: 2, protocol: 'TLSv1.3' }, `handshake ${i + 1}`);
  }
});

test.run();
