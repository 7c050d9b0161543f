import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, createServer, TLSSocket, type DetailedPeerCertificate, type Server } from 'node:tls';
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
// (the way it was captured before the chain was taken in raw DER and kept per hash) gives, chain met first or again.
let root: Issued;
let issuing: Issued;
let leaf: Issued;
let unrelated: Issued;
const servers = new Map<string, Server>();
let tls11Only: Server;

/** What each server presents, in this order on the wire, and the chain linked by issuer from it. */
const ORDERS: Record<string, { sent: () => Issued[]; linked: () => Issued[] }> = {
  'leaf, issuing': { sent: () => [leaf, issuing], linked: () => [leaf, issuing] },
  'leaf, issuing, root': { sent: () => [leaf, issuing, root], linked: () => [leaf, issuing, root] },
  'leaf, root, issuing': { sent: () => [leaf, root, issuing], linked: () => [leaf, issuing, root] },
  'leaf, unrelated, issuing': { sent: () => [leaf, unrelated, issuing], linked: () => [leaf, issuing] },
  'leaf, unrelated': { sent: () => [leaf, unrelated], linked: () => [leaf] },
  'leaf alone': { sent: () => [leaf], linked: () => [leaf] },
};
/**
 * getPeerCertificate(true) stops linking when the issuer it finds is the last certificate it has left (its loop
 * compares the index with the count after removing the one found), so for a root sent before its intermediate it
 * leaves the root out. The capture links every issuer presented; the verdict is the same either way.
 */
const NODE_STOPS_EARLY = new Set(['leaf, root, issuing']);

const chainOf = (issued: Issued[]) => issued.map((c) => new X509Certificate(c.certPem));

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function setUp(): Promise<void> {
  root = createRootCa('/O=DefenderProxyTools Tests/CN=Capture Test Root');
  issuing = issue(root, '/O=DefenderProxyTools Tests/CN=Capture Test Issuing CA', { ca: true });
  leaf = issue(issuing, '/CN=*.capture.example', { names: ['*.capture.example'] });
  unrelated = createRootCa('/O=DefenderProxyTools Tests/CN=Capture Unrelated CA');
  for (const [name, { sent }] of Object.entries(ORDERS)) {
    const cert = sent()
      .map((c) => c.certPem)
      .join('');
    servers.set(name, await listen(createServer({ key: leaf.keyPem, cert, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => s.end())));
  }
  tls11Only = await listen(
    createServer(
      { key: leaf.keyPem, cert: leaf.certPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
      (s) => s.end(),
    ),
  );
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

test('the chain captured is linked by issuer as getPeerCertificate(true) links it, in whatever order the server sends it', async () => {
  for (const [name, { linked }] of Object.entries(ORDERS)) {
    for (const round of ['first', 'again']) {
      // getPeerCertificate first: the capture takes the leaf out of the socket's peer chain.
      const [before, captured] = await withHandshake(servers.get(name)!, 'a.capture.example', (socket) => [
        capturedBefore(socket).map(describe),
        PresentedChain.of(socket).describe(),
      ]);
      assert.equal(captured, chainOf(linked()).map(describe), `${name}, ${round}`);
      if (NODE_STOPS_EARLY.has(name)) assert.equal(before, captured.slice(0, before.length), `${name}: Node's chain is the start of it`);
      else assert.equal(before, captured, `${name}, ${round}: as getPeerCertificate(true)`);
    }
  }
});

test('the judgement of a chain met again is the one judgeChain gives, worked out once per pin set', async () => {
  const pinned = pinSetFromPems([root.certPem]);
  for (const [name, { linked }] of Object.entries(ORDERS)) {
    const [first, second] = [
      await withHandshake(servers.get(name)!, 'a.capture.example', (s) => ({ before: capturedBefore(s), chain: PresentedChain.of(s) })),
      await withHandshake(servers.get(name)!, 'a.capture.example', (s) => PresentedChain.of(s)),
    ];
    assert.ok(first.chain === second, `${name}: the same chain is kept once`);
    for (const pins of [pinned, pinSetForFamily('mde'), pinSetForFamily('public')]) {
      assert.equal(second.judge(pins), judgeChain(chainOf(linked()), pins), `${name} against ${pins.description}`);
      assert.ok(second.judge(pins) === first.chain.judge(pins), `${name}: judged once`);
      const { trusted, code } = judgeChain(first.before, pins) as { trusted: boolean; code?: string };
      assert.equal(
        [second.judge(pins).trusted, (second.judge(pins) as { code?: string }).code],
        [trusted, code],
        `${name}: the verdict getPeerCertificate(true) gave`,
      );
    }
  }
  const verdicts = Object.fromEntries(
    await Promise.all(
      Object.keys(ORDERS).map(async (name) => [
        name,
        await withHandshake(servers.get(name)!, 'a.capture.example', (s) => PresentedChain.of(s).judge(pinned).trusted),
      ]),
    ),
  );
  assert.equal(verdicts, {
    'leaf, issuing': true,
    'leaf, issuing, root': true,
    'leaf, root, issuing': true,
    'leaf, unrelated, issuing': true,
    'leaf, unrelated': false,
    'leaf alone': false,
  });
});

test('a probe reads the chain once, in DER: no getPeerCertificate, one legacy leaf per distinct chain', async () => {
  // A chain no other test has met, so the cache is cold for it.
  const freshRoot = createRootCa('/O=DefenderProxyTools Tests/CN=Capture Cold Root');
  const freshLeaf = issue(freshRoot, '/CN=cold.capture.example', { names: ['cold.capture.example'] });
  const server = await listen(createServer({ key: freshLeaf.keyPem, cert: freshLeaf.certPem }, (s) => s.end()));
  const counts = { getPeerCertificate: 0, toLegacyObject: 0 };
  const tlsGet = TLSSocket.prototype.getPeerCertificate;
  const legacy = X509Certificate.prototype.toLegacyObject;
  TLSSocket.prototype.getPeerCertificate = function (this: TLSSocket, ...args: [boolean?]) {
    counts.getPeerCertificate++;
    return tlsGet.apply(this, args as [true]);
  } as typeof tlsGet;
  X509Certificate.prototype.toLegacyObject = function (this: X509Certificate) {
    counts.toLegacyObject++;
    return legacy.call(this);
  };
  try {
    const chains: PresentedChain[] = [];
    for (let i = 0; i < 5; i++) chains.push(await withHandshake(server, 'cold.capture.example', (s) => PresentedChain.of(s)));
    assert.ok(chains.every((chain) => chain === chains[0]));
    assert.equal(counts, { getPeerCertificate: 0, toLegacyObject: 1 });
  } finally {
    TLSSocket.prototype.getPeerCertificate = tlsGet;
    X509Certificate.prototype.toLegacyObject = legacy;
    server.close();
  }
});

test('the name check is checkServerIdentity on the leaf, message and all, for each host asked', async () => {
  const server = servers.get('leaf, issuing')!;
  for (const host of [
    'a.capture.example',
    'B.Capture.Example',
    'a.capture.example.',
    'capture.example',
    'a.b.capture.example',
    'elsewhere.test',
    '127.0.0.1',
  ]) {
    const [node, mine] = await withHandshake(server, host, (s) => [
      checkServerIdentity(host, s.getPeerCertificate())?.message ?? null,
      PresentedChain.of(s).nameMismatch(host),
    ]);
    assert.is(mine, node, host);
  }
  // A trailing dot passes as Node has it (OpenSSL's X509Certificate.checkHost would refuse it).
  assert.is(await withHandshake(server, 'a.capture.example.', (s) => PresentedChain.of(s).nameMismatch('a.capture.example.')), null);
});

test('the shared secure context keeps every limit the handshake had: TLS 1.2 at least, ALPN http/1.1, no resumed session', async () => {
  const deadline = new Deadline(5000);
  try {
    const socket = await connectTcp('127.0.0.1', portOf(tls11Only), deadline);
    const error = await handshake(socket, 'a.capture.example', deadline).then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
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
