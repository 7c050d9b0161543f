import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './tools';

/** A root → issuing CA → server certificate chain made with the openssl CLI, like a public CA's. */
export interface TestPki {
  rootPem: string;
  issuingPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** What the server presents: its certificate and the issuing CA, not the root (as real servers do). */
  presentedChainPem: string;
}

const DEFAULT_NAMES = ['*.atp.azure.com', '*.gcc.atp.azure.com', '*.atp.azure.us', '*.endpoint.security.microsoft.com',
  '*.us.endpoint.security.microsoft.com', '*.eu.endpoint.security.microsoft.com', 'localhost'];

export function createTestPki(names: string[] = DEFAULT_NAMES, label = 'DefenderProxyTools Test'): TestPki {
  const openssl = requireBinary('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'dpt-pki-'));
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    run('req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-days', '3', '-subj', `/O=DefenderProxyTools Tests/CN=${label} Root CA`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    writeFileSync(join(dir, 'issuing.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
    run('req', ...ec, '-keyout', 'issuing.key', '-out', 'issuing.csr', '-subj', `/O=DefenderProxyTools Tests/CN=${label} Issuing CA`);
    run('x509', '-req', '-in', 'issuing.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'issuing.pem', '-days', '3', '-extfile', 'issuing.ext');
    writeFileSync(join(dir, 'server.ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
    run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names[0]}`);
    run('x509', '-req', '-in', 'server.csr', '-CA', 'issuing.pem', '-CAkey', 'issuing.key', '-CAcreateserial', '-out', 'server.pem', '-days', '3', '-extfile', 'server.ext');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    const serverCertPem = read('server.pem');
    const issuingPem = read('issuing.pem');
    return { rootPem: read('root.pem'), issuingPem, serverCertPem, serverKeyPem: read('server.key'), presentedChainPem: serverCertPem + issuingPem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
