import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { judgeChain, pinSetForFamily, pinSetFromPems } from '../../../core/net/probe/pinning';
import { ROOTS } from '../../../core/net/catalog/pinned-roots';
import { sha1Of } from '../../../core/net/probe/certificate-chain';
import { createRootCa, issue } from '../../support/test-ca';

const x509 = (pem: string) => new X509Certificate(pem);
const testRoot = createRootCa('/O=DefenderProxyTools Tests/CN=Pinning Test Root');
const issuing = issue(testRoot, '/O=DefenderProxyTools Tests/CN=Pinning Test Issuing CA', { ca: true });
const leaf = issue(issuing, '/CN=contoso-corpsensorapi.atp.azure.com', { names: ['contoso-corpsensorapi.atp.azure.com'] });
const presented = [x509(leaf.certPem), x509(issuing.certPem)];

test("the built-in roots carry the SHA-1s FACTS.md gives, and match Node's bundled copies", () => {
  assert.is(ROOTS.digicertGlobalRootG2.sha1, 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4');
  assert.is(ROOTS.digicertGlobalRootCA.sha1, 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436');
  const bundled = new Map(
    rootCertificates.map((pem) => {
      const c = x509(pem);
      return [sha1Of(c), c.subject];
    }),
  );
  for (const root of [
    ROOTS.digicertGlobalRootG2,
    ROOTS.digicertGlobalRootCA,
    ROOTS.digicertGlobalRootG3,
    ROOTS.microsoftRsaRoot2017,
    ROOTS.microsoftEccRoot2017,
  ]) {
    assert.is(bundled.get(root.sha1), root.subject, root.name);
  }
});

test('a chain whose last certificate is issued by a pinned root is trusted (the root itself is not sent)', () => {
  const judgement = judgeChain(presented, pinSetFromPems([testRoot.certPem]));
  assert.equal(judgement, { trusted: true, anchor: 'Pinning Test Root' });
});

test('a chain that includes the pinned root itself is trusted by its SHA-1', () => {
  assert.ok(judgeChain([...presented, x509(testRoot.certPem)], pinSetFromPems([testRoot.certPem])).trusted);
});

test('a look-alike root with the same name but another key is interception, caught by the signature', () => {
  const lookAlike = createRootCa('/O=DefenderProxyTools Tests/CN=Pinning Test Root');
  const judgement = judgeChain(presented, pinSetFromPems([lookAlike.certPem]));
  assert.is(judgement.trusted, false);
  assert.is((judgement as { code: string }).code, 'TLS_INTERCEPTED');
  assert.match((judgement as { detail: string }).detail, /look-alike/);
});

test('a chain ending in a private CA is interception for every built-in pin family', () => {
  for (const family of ['mdi-commercial', 'mdi-gcc-high', 'mde', 'public'] as const) {
    const judgement = judgeChain(presented, pinSetForFamily(family));
    assert.is((judgement as { code: string }).code, 'TLS_INTERCEPTED', family);
  }
});

test('a forged "DigiCert Global Root G2" issuer is caught: its real key is in Node\'s bundle', () => {
  const fakeG2 = createRootCa('/C=US/O=DigiCert Inc/OU=www.digicert.com/CN=DigiCert Global Root G2');
  const forgedIssuing = issue(fakeG2, '/C=US/O=Microsoft Corporation/CN=Microsoft Azure TLS Issuing CA 01', { ca: true });
  const forgedLeaf = issue(forgedIssuing, '/CN=*.atp.azure.com', { names: ['*.atp.azure.com'] });
  const judgement = judgeChain([x509(forgedLeaf.certPem), x509(forgedIssuing.certPem)], pinSetForFamily('mdi-commercial'));
  assert.is((judgement as { code: string }).code, 'TLS_INTERCEPTED');
});

test("Microsoft Root Certificate Authority 2011 (not in Node's bundle) is matched by name for MDE", () => {
  const ms2011 = createRootCa('/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/CN=Microsoft Root Certificate Authority 2011');
  const secureServer = issue(ms2011, '/C=US/O=Microsoft Corporation/CN=Microsoft Secure Server CA 2011', { ca: true });
  assert.ok(judgeChain([x509(secureServer.certPem)], pinSetForFamily('mde')).trusted);
  assert.is((judgeChain([x509(secureServer.certPem)], pinSetForFamily('mdi-commercial')) as { code: string }).code, 'TLS_INTERCEPTED');
});

test('a chain ending in a public root the endpoint does not use is an unexpected root, not interception', () => {
  const g3 = rootCertificates.map(x509).find((c) => sha1Of(c) === ROOTS.digicertGlobalRootG3.sha1)!;
  const judgement = judgeChain([g3], pinSetForFamily('mdi-commercial'));
  assert.is((judgement as { code: string }).code, 'TLS_UNEXPECTED_ROOT');
  assert.ok(judgeChain([g3], pinSetForFamily('public')).trusted);
  assert.ok(judgeChain([g3], pinSetForFamily('mde')).trusted);
});

test('GCC High pins DigiCert Global Root CA, commercial pins G2', () => {
  const globalRootCa = rootCertificates.map(x509).find((c) => sha1Of(c) === ROOTS.digicertGlobalRootCA.sha1)!;
  assert.ok(judgeChain([globalRootCa], pinSetForFamily('mdi-gcc-high')).trusted);
  assert.is((judgeChain([globalRootCa], pinSetForFamily('mdi-commercial')) as { code: string }).code, 'TLS_UNEXPECTED_ROOT');
});

test('each family has one pin set, the same object for every probe (judgements are kept per pin set)', () => {
  // Two calls must return the same object (one pin set per family).
  for (const family of ['mdi-commercial', 'mdi-gcc-high', 'mde', 'public'] as const) {
    const first = pinSetForFamily(family);
    assert.ok(first === pinSetForFamily(family), family);
  }
  assert.equal(
    pinSetForFamily('mde').anchors.map((a) => a.name),
    [
      'Microsoft Root Certificate Authority 2011',
      'DigiCert Global Root G2',
      'DigiCert Global Root CA',
      'DigiCert Global Root G3',
      'Microsoft RSA Root Certificate Authority 2017',
      'Microsoft ECC Root Certificate Authority 2017',
    ],
  );
});

test('no certificate at all is a TLS failure', () => {
  assert.is((judgeChain([], pinSetForFamily('mde')) as { code: string }).code, 'TLS_FAILED');
});

test.run();
