import type { Win32 } from './win32';
import { phrase } from '../../messages';

/**
 * Certificate stores through crypt32 (the logical LocalMachine stores, every physical store included, as
 * Windows itself sees them), and decryption with a certificate's private key through NCrypt, the way the MDI
 * sensor decrypts its stored proxy password (RSA-OAEP with SHA-256).
 */

const CERT_STORE_PROV_SYSTEM_W = 10;
const CERT_SYSTEM_STORE_LOCAL_MACHINE = 0x20000;
const CERT_STORE_OPEN_EXISTING_FLAG = 0x4000;
const CERT_STORE_READONLY_FLAG = 0x8000;
const ENCODING = 0x10001; // X509_ASN_ENCODING | PKCS_7_ASN_ENCODING
const CERT_FIND_SHA1_HASH = 0x10000;
const CRYPT_ACQUIRE_SILENT_FLAG = 0x40;
const CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG = 0x20000;
const CERT_NCRYPT_KEY_SPEC = 0xffffffff;
const NCRYPT_PAD_OAEP_FLAG = 0x4;
const PP_NAME = 4;

/** Codes that mean "there is no private key here", as opposed to "there is one, but it cannot be used". */
const KEY_ABSENT = new Set([
  0x8009200b, // CRYPT_E_NO_KEY_PROPERTY: the certificate names no key
  0x80090016, // NTE_BAD_KEYSET: the key container it names does not exist
  0x80090011, // NTE_NO_KEY
]);

export type CertificateKeyProblem = 'not-found' | 'no-key' | 'unusable';

/** Why a certificate's key could not decrypt: what is wrong, and Windows' code when it gave one. */
export class CertificateKeyError extends Error {
  constructor(
    readonly problem: CertificateKeyProblem,
    readonly detail: string,
    readonly status: number | null = null,
  ) {
    super(detail);
    this.name = 'CertificateKeyError';
  }
}

/** A store crypt32 could not open for a reason other than "it does not exist". */
export class CertificateStoreError extends Error {
  constructor(
    readonly store: string,
    readonly status: number,
  ) {
    super(`CertOpenStore ${store}: Windows error ${status}`);
    this.name = 'CertificateStoreError';
  }
}

export class NativeCertificates {
  constructor(private readonly win32: Win32) {}

  /** DER of every certificate in a LocalMachine store (`Root`, `My`, ...); [] when the store does not exist. */
  list(storeName: string): Buffer[] {
    return (
      this.withStore(storeName, (store) => {
        const enumerate = this.fn('CertEnumCertificatesInStore', 'void *', ['void *', 'void *']);
        const found: Buffer[] = [];
        for (let context = enumerate(store, null); context; context = enumerate(store, context)) found.push(this.encoded(context));
        return found;
      }) ?? []
    );
  }

  /** DER of the certificate with this SHA-1 thumbprint; null when the store does not hold it. */
  find(storeName: string, thumbprint: string): Buffer | null {
    return this.withStore(storeName, (store) => this.withCertificate(store, thumbprint, (context) => this.encoded(context)));
  }

  /** RSA-OAEP-SHA256 decryption with the certificate's private key. */
  decrypt(storeName: string, thumbprint: string, ciphertext: Buffer): Buffer {
    const plain = this.withStore(storeName, (store) =>
      this.withCertificate(store, thumbprint, (context) => this.decryptWith(context, ciphertext)),
    );
    if (plain === null) throw new CertificateKeyError('not-found', `no certificate ${thumbprint}`);
    return plain;
  }

  private decryptWith(context: unknown, ciphertext: Buffer): Buffer {
    const { koffi } = this.win32;
    const handle = [0 as number | bigint];
    const keySpec = [0];
    const callerFrees = [0];
    const acquired = this.fn('CryptAcquireCertificatePrivateKey', 'int', [
      'void *',
      'uint32',
      'void *',
      koffi.out(koffi.pointer('uintptr_t')),
      koffi.out(koffi.pointer('uint32')),
      koffi.out(koffi.pointer('int')),
    ])(context, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG, null, handle, keySpec, callerFrees) as number;
    if (!acquired) {
      const status = this.win32.lastError() >>> 0;
      throw new CertificateKeyError(
        KEY_ABSENT.has(status) ? 'no-key' : 'unusable',
        `CryptAcquireCertificatePrivateKey: ${hexStatus(status)}`,
        status,
      );
    }
    const isNcrypt = keySpec[0]! >>> 0 === CERT_NCRYPT_KEY_SPEC;
    try {
      if (!isNcrypt) {
        throw new CertificateKeyError('unusable', phrase('KEY_HELD_BY_CRYPTOAPI', { provider: this.providerName(handle[0]!) }));
      }
      return this.ncryptDecrypt(handle[0]!, ciphertext);
    } finally {
      if (callerFrees[0]) {
        if (isNcrypt) this.win32.fn('ncrypt.dll', 'NCryptFreeObject', 'int32', ['uintptr_t'])(handle[0]);
        else this.win32.fn('advapi32.dll', 'CryptReleaseContext', 'int', ['uintptr_t', 'uint32'])(handle[0], 0);
      }
    }
  }

  private ncryptDecrypt(key: number | bigint, ciphertext: Buffer): Buffer {
    const { koffi } = this.win32;
    const padding = this.win32.type('BCRYPT_OAEP_PADDING_INFO', () =>
      koffi.struct('BCRYPT_OAEP_PADDING_INFO', { pszAlgId: 'str16', pbLabel: 'void *', cbLabel: 'uint32' }),
    );
    // An RSA key decrypts to at most its modulus: 1024 bytes covers 8192-bit keys.
    const plain = Buffer.alloc(Math.max(ciphertext.length, 1024));
    const length = [0];
    const status = this.win32.fn('ncrypt.dll', 'NCryptDecrypt', 'int32', [
      'uintptr_t',
      'uint8_t *',
      'uint32',
      koffi.pointer(padding),
      'uint8_t *',
      'uint32',
      koffi.out(koffi.pointer('uint32')),
      'uint32',
    ])(
      key,
      ciphertext,
      ciphertext.length,
      { pszAlgId: 'SHA256', pbLabel: null, cbLabel: 0 },
      plain,
      plain.length,
      length,
      NCRYPT_PAD_OAEP_FLAG,
    ) as number;
    if (status !== 0) throw new CertificateKeyError('unusable', `NCryptDecrypt RSA-OAEP-SHA256: ${hexStatus(status)}`, status >>> 0);
    return Buffer.from(plain.subarray(0, length[0]!));
  }

  private providerName(provider: number | bigint): string {
    const { koffi } = this.win32;
    const name = Buffer.alloc(512);
    const length = [name.length];
    const ok = this.win32.fn('advapi32.dll', 'CryptGetProvParam', 'int', [
      'uintptr_t',
      'uint32',
      'uint8_t *',
      koffi.inout(koffi.pointer('uint32')),
      'uint32',
    ])(provider, PP_NAME, name, length, 0) as number;
    return ok ? name.toString('latin1', 0, length[0]!).replace(/\0+$/, '') : 'unknown provider';
  }

  /** null when the store does not exist (CertOpenStore with OPEN_EXISTING says "file not found"). */
  private withStore<T>(storeName: string, work: (store: unknown) => T): T | null {
    const store = this.fn('CertOpenStore', 'void *', ['intptr_t', 'uint32', 'void *', 'uint32', 'str16'])(
      CERT_STORE_PROV_SYSTEM_W,
      0,
      null,
      CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG,
      storeName,
    );
    if (!store) {
      const status = this.win32.lastError() >>> 0;
      if (status === 2 || status === 0x80070002) return null;
      throw new CertificateStoreError(storeName, status);
    }
    try {
      return work(store);
    } finally {
      this.fn('CertCloseStore', 'int', ['void *', 'uint32'])(store, 0);
    }
  }

  private withCertificate<T>(store: unknown, thumbprint: string, work: (context: unknown) => T): T | null {
    const { koffi } = this.win32;
    const hash = Buffer.from(thumbprint.replace(/\s/g, ''), 'hex');
    if (hash.length !== 20) return null;
    const blob = this.win32.type('CRYPT_HASH_BLOB', () => koffi.struct('CRYPT_HASH_BLOB', { cbData: 'uint32', pbData: 'uint8_t *' }));
    const context = this.fn('CertFindCertificateInStore', 'void *', [
      'void *',
      'uint32',
      'uint32',
      'uint32',
      koffi.pointer(blob),
      'void *',
    ])(store, ENCODING, 0, CERT_FIND_SHA1_HASH, { cbData: hash.length, pbData: hash }, null);
    if (!context) return null;
    try {
      return work(context);
    } finally {
      this.fn('CertFreeCertificateContext', 'int', ['void *'])(context);
    }
  }

  /** The DER bytes of a CERT_CONTEXT. */
  private encoded(context: unknown): Buffer {
    const { koffi } = this.win32;
    const type = this.win32.type('CERT_CONTEXT', () =>
      koffi.struct('CERT_CONTEXT', {
        dwCertEncodingType: 'uint32',
        pbCertEncoded: 'void *',
        cbCertEncoded: 'uint32',
        pCertInfo: 'void *',
        hCertStore: 'void *',
      }),
    );
    const fields = koffi.decode(context, type) as { pbCertEncoded: unknown; cbCertEncoded: number };
    return this.win32.bytesAt(fields.pbCertEncoded, fields.cbCertEncoded);
  }

  private fn(name: string, result: string, parameters: Parameters<Win32['fn']>[3]) {
    return this.win32.fn('crypt32.dll', name, result, parameters);
  }
}

function hexStatus(status: number): string {
  return `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
