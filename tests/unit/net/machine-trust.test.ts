import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { machineRootsFrom, machineTrustOf, validityProblem } from '../../../core/net/probe/machine-trust';
import { createRootCa, issue } from '../../support/test-ca';

const x509 = (pem: string) => new X509Certificate(pem);
const der = (pem: string) => x509(pem).raw;
const root = createRootCa('/O=DefenderProxyTools Tests/CN=Machine Trust Root');
const lookalike = createRootCa('/O=DefenderProxyTools Tests/CN=Machine Trust Root');
const other = createRootCa('/O=DefenderProxyTools Tests/CN=Some Other Root');
const issuing = issue(root, '/O=DefenderProxyTools Tests/CN=Machine Trust Issuing CA', { ca: true });
const leaf = issue(issuing, '/CN=contoso-corpsensorapi.atp.azure.com', { names: ['contoso-corpsensorapi.atp.azure.com'] });
const expired = issue(
  issuing,
  '/CN=contoso-corpsensorapi.atp.azure.com',
  { names: ['contoso-corpsensorapi.atp.azure.com'] },
  { notBefore: '20200101000000Z', notAfter: '20200201000000Z' },
);
const future = issue(
  issuing,
  '/CN=contoso-corpsensorapi.atp.azure.com',
  { names: ['contoso-corpsensorapi.atp.azure.com'] },
  { notBefore: '20990101000000Z', notAfter: '20990201000000Z' },
);
const chain = [x509(leaf.certPem), x509(issuing.certPem)];

test("a chain ending in a root of the machine's store is trusted; without the root it gets its own code (000/001)", () => {
  const store = machineRootsFrom([der(other.certPem), der(root.certPem)], 'LocalMachine\\Root of DC01')!;
  const trusted = machineTrustOf(chain, store);
  assert.ok('root' in trusted && trusted.root.name === 'Machine Trust Root');
  const missing = machineTrustOf(chain, machineRootsFrom([der(other.certPem)], 'LocalMachine\\Root of DC01')!);
  assert.ok('problem' in missing);
  if ('problem' in missing) {
    assert.is(missing.problem.code, 'TLS_ROOT_NOT_TRUSTED');
    assert.match(missing.problem.detail, /Machine Trust Root.*is not there \(LocalMachine\\Root of DC01\)/);
  }
});

test('a root of the same name that did not sign the chain does not anchor it', () => {
  const result = machineTrustOf(chain, machineRootsFrom([der(lookalike.certPem)], 'store')!);
  assert.ok('problem' in result && /did not sign this chain/.test(result.problem.detail));
});

test('an unknown store (no certificates captured) is no store: the check is skipped, not failed', () => {
  assert.is(machineRootsFrom([], 'store'), null);
  assert.is(machineRootsFrom([Buffer.from('not a certificate')], 'store'), null);
});

test('a certificate outside its validity dates never passes, whatever root it chains to', () => {
  assert.is(validityProblem(chain, new Date()), null);
  assert.is(validityProblem([x509(expired.certPem), x509(issuing.certPem)], new Date())!.code, 'TLS_CERT_EXPIRED');
  assert.is(validityProblem([x509(future.certPem)], new Date())!.code, 'TLS_CERT_NOT_YET_VALID');
  assert.is(validityProblem([x509(expired.certPem)], new Date('2020-01-15T00:00:00Z')), null, 'judged by the clock given');
});

test.run();
