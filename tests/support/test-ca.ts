import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './tools';

/** A certificate and its key, PEM. */
export interface Issued {
  certPem: string;
  keyPem: string;
}

/** A root → issuing CA → server certificate chain made with the openssl CLI, like a public CA's. */
export interface TestPki {
  rootPem: string;
  issuingPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** What the server presents: its certificate and the issuing CA, not the root (as real servers do). */
  presentedChainPem: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function inTempDir<T>(work: (run: (...args: string[]) => void, dir: string) => T): T {
  const openssl = requireBinary('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'dpt-pki-'));
  try {
    return work((...args) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed CA; `subject` in openssl's `/C=US/O=…/CN=…` form (so tests can imitate a real root's name). */
export function createRootCa(subject: string): Issued {
  return inTempDir((run, dir) => {
    run(
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3',
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key'), 'utf8') };
  });
}

/** Fixed validity dates, `YYYYMMDDHHMMSSZ` (openssl ca's form), for a certificate outside its dates. */
export interface Validity {
  notBefore: string;
  notAfter: string;
}

/** openssl ca's smallest configuration: it is the one openssl 3.0 command that sets arbitrary dates. */
const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied
`;

/** A certificate signed by `issuer`: a CA (pathlen 0) or a server certificate for `names`; valid 3 days from now unless `validity` says otherwise. */
export function issue(issuer: Issued, subject: string, kind: { ca: true } | { names: string[] }, validity?: Validity): Issued {
  return inTempDir((run, dir) => {
    writeFileSync(join(dir, 'issuer.pem'), issuer.certPem);
    writeFileSync(join(dir, 'issuer.key'), issuer.keyPem);
    const extensions =
      'ca' in kind
        ? 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n'
        : `subjectAltName=${kind.names.map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`;
    writeFileSync(join(dir, 'cert.ext'), extensions);
    run('req', ...EC_KEY, '-keyout', 'cert.key', '-out', 'cert.csr', '-subj', subject);
    if (validity) {
      writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial'), '01\n');
      run(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-cert',
        'issuer.pem',
        '-keyfile',
        'issuer.key',
        '-in',
        'cert.csr',
        '-out',
        'cert.pem',
        '-startdate',
        validity.notBefore,
        '-enddate',
        validity.notAfter,
        '-extfile',
        'cert.ext',
        '-notext',
      );
    } else {
      run(
        'x509',
        '-req',
        '-in',
        'cert.csr',
        '-CA',
        'issuer.pem',
        '-CAkey',
        'issuer.key',
        '-CAcreateserial',
        '-out',
        'cert.pem',
        '-days',
        '3',
        '-extfile',
        'cert.ext',
      );
    }
    return { certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'cert.key'), 'utf8') };
  });
}

const DEFAULT_NAMES = [
  '*.atp.azure.com',
  '*.gcc.atp.azure.com',
  '*.atp.azure.us',
  '*.endpoint.security.microsoft.com',
  ...['us', 'eu', 'uk', 'au', 'events'].map((label) => `*.${label}.endpoint.security.microsoft.com`),
  '*.microsoft.com',
  '*.cp.wd.microsoft.com',
  '*.blob.core.windows.net',
  'localhost',
];

/** A test PKI; `leafValidity` gives the server certificate fixed dates (e.g. long expired). */
export function createTestPki(names: string[] = DEFAULT_NAMES, label = 'DefenderProxyTools Test', leafValidity?: Validity): TestPki {
  const root = createRootCa(`/O=DefenderProxyTools Tests/CN=${label} Root CA`);
  const issuing = issue(root, `/O=DefenderProxyTools Tests/CN=${label} Issuing CA`, { ca: true });
  const server = issue(issuing, `/CN=${names[0]}`, { names }, leafValidity);
  return {
    rootPem: root.certPem,
    issuingPem: issuing.certPem,
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    presentedChainPem: server.certPem + issuing.certPem,
  };
}

/** An RSA certificate like the MDI sensor's secret-manager certificate, with its key and SHA-1 thumbprint. */
export function createSecretCertificate(
  subject = '/CN=Azure ATP Sensor Secret Manager Test',
): Issued & { der: Buffer; thumbprint: string } {
  return inTempDir((run, dir) => {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'secret.key', '-out', 'secret.pem', '-days', '3', '-subj', subject);
    const certPem = readFileSync(join(dir, 'secret.pem'), 'utf8');
    const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const thumbprint = require('node:crypto').createHash('sha1').update(der).digest('hex').toUpperCase() as string;
    return { certPem, keyPem: readFileSync(join(dir, 'secret.key'), 'utf8'), der, thumbprint };
  });
}
