import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callHost, errorOf, valueOf } from '../support/host-harness';
import { makeTestCertificate, type TestCertificate } from '../support/stores';
import { runWindowsExe, WINDOWS_HOSTS } from '../support/wine';
import { regAdd, regDeleteKey, regExportAll, resetWineMachine, WINE_KEYS } from '../support/wine-registry';
import { WININET_VECTORS } from '../support/proxy-vectors';
import { storeEntry } from './read-scenarios';

/**
 * The live hosts' certificate stores, decryption, elevation and exact errors, under wine. Certificates are put
 * where Windows keeps a system store's certificates (HKLM\SOFTWARE\Microsoft\SystemCertificates\<Store>\
 * Certificates\<SHA-1>\Blob), which crypt32 reads; a key's DACL is set through advapi32 so that reading it is
 * refused with ERROR_ACCESS_DENIED, as on a machine where the tool runs without the rights it needs.
 */
const live = suite('live hosts under wine: certificates, decryption, elevation, refused keys');

const SYSTEM_CERTIFICATES = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates';
const sha1 = (der: Buffer) => createHash('sha1').update(der).digest('hex').toUpperCase();
const fromBase64 = (items: string[]) => items.map((b) => Buffer.from(b, 'base64'));

/** A store Blob as crypt32 writes it: property 3 (the SHA-1 hash), then property 0x20 (the certificate). */
function storeBlob(der: Buffer): string {
  const property = (id: number, value: Buffer) => {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(id, 0);
    header.writeUInt32LE(1, 4);
    header.writeUInt32LE(value.length, 8);
    return Buffer.concat([header, value]);
  };
  return Buffer.concat([property(3, createHash('sha1').update(der).digest()), property(0x20, der)]).toString('hex');
}

function addToStore(store: string, certificate: TestCertificate): string {
  const key = `${SYSTEM_CERTIFICATES}\\${store}\\Certificates\\${certificate.thumbprint}`;
  regAdd({ key, name: 'Blob', type: 'REG_BINARY', data: storeBlob(certificate.der) });
  return key;
}

/** The certificate with its private key as a PFX (password "test"), as an admin would import it. */
function pfxOf(certificate: TestCertificate): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'dp-pfx-'));
  writeFileSync(join(folder, 'key.pem'), certificate.privateKeyPem);
  writeFileSync(join(folder, 'cert.pem'), execFileSync('openssl', ['x509', '-inform', 'DER'], { input: certificate.der }));
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(folder, 'key.pem'),
    '-in',
    join(folder, 'cert.pem'),
    '-out',
    join(folder, 'cert.pfx'),
    '-passout',
    'pass:test',
  ]);
  return readFileSync(join(folder, 'cert.pfx'));
}

const root = makeTestCertificate();
const sensorCertificate = makeTestCertificate();
const withKey = makeTestCertificate();
const added: string[] = [];

live.before(() => {
  resetWineMachine();
  added.push(addToStore('Root', root), addToStore('My', sensorCertificate));
});

live.after(() => {
  for (const key of added) regDeleteKey(key);
  regDeleteKey(`${SYSTEM_CERTIFICATES}\\My\\Certificates\\${withKey.thumbprint}`);
  resetWineMachine();
});

live('LocalMachine\\Root: both hosts list the same certificates, the root added as Windows keeps it among them', async () => {
  // The native host first: wine's crypt32 copies the Linux host's roots into the registry when it first opens Root.
  const native = fromBase64(valueOf<string[]>((await callHost('native', [{ op: 'listCertificates', store: 'LocalMachine\\Root' }]))[0]));
  const regExe = fromBase64(valueOf<string[]>((await callHost('reg.exe', [{ op: 'listCertificates', store: 'LocalMachine\\Root' }]))[0]));
  console.log(`\n  [live-host] LocalMachine\\Root: ${native.length} certificates through crypt32, ${regExe.length} through reg.exe`);
  assert.ok(native.map(sha1).includes(root.thumbprint), 'crypt32 lists the added root');
  assert.equal(regExe.map(sha1).sort(), native.map(sha1).sort(), 'reg.exe reads the same physical stores crypt32 opens');
});

for (const host of WINDOWS_HOSTS) {
  live(`${host} host: LocalMachine\\My gives the sensor's certificate by thumbprint, byte for byte; an absent one is null`, async () => {
    const [found, absent, lower] = await callHost(host, [
      { op: 'getCertificate', store: 'LocalMachine\\My', thumbprint: sensorCertificate.thumbprint },
      { op: 'getCertificate', store: 'LocalMachine\\My', thumbprint: root.thumbprint },
      { op: 'getCertificate', store: 'LocalMachine\\My', thumbprint: sensorCertificate.thumbprint.toLowerCase() },
    ]);
    assert.equal(Buffer.from(valueOf<string>(found), 'base64'), sensorCertificate.der);
    assert.is(valueOf(absent), null);
    assert.equal(Buffer.from(valueOf<string>(lower), 'base64'), sensorCertificate.der, 'thumbprints compare without case');
  });

  live(`${host} host: wine runs every process elevated, and the host says so`, async () => {
    assert.is(valueOf((await callHost(host, [{ op: 'isElevated' }]))[0]), true);
  });
}

live(
  'native host: decryption says which is wrong: no certificate, a certificate without a key, a key in a CryptoAPI provider',
  async () => {
    const ciphertext = Buffer.alloc(256, 1).toString('base64');
    const [imported] = await callHost('native', [
      { op: 'importPfx', pfx: pfxOf(withKey).toString('base64'), password: 'test', store: 'My' },
    ]);
    assert.is(valueOf(imported), true, 'the PFX went into LocalMachine\\My');
    const [absent, keyless, legacy] = await callHost('native', [
      { op: 'decryptWithCertificateKey', store: 'LocalMachine\\My', thumbprint: root.thumbprint, ciphertext },
      { op: 'decryptWithCertificateKey', store: 'LocalMachine\\My', thumbprint: sensorCertificate.thumbprint, ciphertext },
      { op: 'decryptWithCertificateKey', store: 'LocalMachine\\My', thumbprint: withKey.thumbprint, ciphertext },
    ]);
    assert.is(errorOf(absent).code, 'CERTIFICATE_NOT_FOUND');
    assert.is(errorOf(keyless).code, 'CERTIFICATE_KEY_MISSING');
    assert.is(errorOf(keyless).details.status, 0x8009200b, 'CRYPT_E_NO_KEY_PROPERTY');
    assert.is(errorOf(legacy).code, 'CERTIFICATE_KEY_UNUSABLE');
    assert.match(errorOf(legacy).message, /CryptoAPI provider "Microsoft [^"]+"/);
  },
);

live("reg.exe host: decryption is the native host's alone: a coded refusal", async () => {
  const [answer] = await callHost('reg.exe', [
    { op: 'decryptWithCertificateKey', store: 'LocalMachine\\My', thumbprint: sensorCertificate.thumbprint, ciphertext: 'AA==' },
  ]);
  assert.is(errorOf(answer).code, 'CERTIFICATE_KEY_HOST_UNSUPPORTED');
});

/** LocalService's WinINet key, readable by nobody: a deny-read ACE for Everyone (WRITE_DAC still allowed, to undo it). */
const REFUSED_KEY = WINE_KEYS.wininetLocalService;
const REFUSED_KEY_LONG = REFUSED_KEY.replace(/^HKU\\/, 'HKEY_USERS\\');
const DENY_READ = 'D:P(D;;KR;;;WD)(A;;KA;;;WD)';
const ALLOW_ALL = 'D:(A;;KA;;;WD)';

for (const host of WINDOWS_HOSTS) {
  live(
    `${host} host: a WinINet key the tool may not read is reported as unreadable, not as absent; get exits 2, a set refuses and writes nothing`,
    async () => {
      resetWineMachine();
      regAdd({ key: REFUSED_KEY, name: 'DefaultConnectionSettings', type: 'REG_BINARY', data: WININET_VECTORS.dscManualLocal.hex });
      regAdd({
        key: WINE_KEYS.wininetLocalSystem,
        name: 'DefaultConnectionSettings',
        type: 'REG_BINARY',
        data: WININET_VECTORS.ie6AutoDetect.hex,
      });
      valueOf((await callHost('native', [{ op: 'setKeyDacl', path: REFUSED_KEY, sddl: DENY_READ }]))[0]);
      try {
        const get = runWindowsExe(['get'], {}, { host });
        assert.is(get.status, 2, get.stdout + get.stderr);
        assert.is(get.json.error.code, 'REGISTRY_KEY_UNREADABLE');
        assert.match(get.json.error.message, REFUSED_KEY_LONG);
        const localService = get.json.result.stores.find((s: any) => s.store === 'wininet' && s.account === 'LocalService');
        if (host === 'native') {
          assert.equal(localService.unreadableKeys, [
            { key: REFUSED_KEY_LONG, win32Error: 5, error: 'RegOpenKeyExW: ERROR_ACCESS_DENIED (5)' },
          ]);
        } else {
          assert.equal(
            localService.unreadableKeys.map((u: any) => [u.key, u.win32Error]),
            [[REFUSED_KEY_LONG, null]],
            'reg.exe cannot say which error',
          );
          assert.match(localService.unreadableKeys[0].error, /reg query lists the key/);
        }
        assert.is(localService.present, false);
        assert.is(storeEntry(get.json, 'winhttp').unreadableKeys.length, 0, 'the other stores were read');
        const localSystem = get.json.result.stores.find((s: any) => s.store === 'wininet' && s.account === 'LocalSystem');
        assert.equal([localSystem.present, localSystem.unreadableKeys], [true, []]);

        const before = await regExportAll([WINE_KEYS.wininetLocalSystem]);
        const set = runWindowsExe(['set'], { store: 'wininet', proxy: { server: 'proxy.contoso.com:8080' } }, { host });
        assert.is(set.status, 2, set.stdout + set.stderr);
        assert.is(set.json.error.code, 'REGISTRY_KEY_UNREADABLE');
        assert.equal(await regExportAll([WINE_KEYS.wininetLocalSystem]), before, 'nothing was written');
      } finally {
        valueOf((await callHost('native', [{ op: 'setKeyDacl', path: REFUSED_KEY, sddl: ALLOW_ALL }]))[0]);
      }
    },
  );
}

live.run();
