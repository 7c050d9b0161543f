import { fail, phrase } from '../messages';

/**
 * RSA-OAEP-SHA256 decryption with a PEM private key, as the MDI sensor decrypts its stored proxy password. The key
 * must belong to the certificate when that is known: a stray key would decrypt nothing and say so less clearly.
 * node:crypto is loaded here, on use, as for encryption (core/stores/mdi-sensor.ts): start-up does not pay for it.
 */
export function decryptWithKeyFile(keyPem: Buffer, certificateDer: Buffer | null, thumbprint: string, ciphertext: Buffer): Buffer {
  const { X509Certificate, constants, createPrivateKey, createPublicKey, privateDecrypt } =
    require('node:crypto') as typeof import('node:crypto');
  let key: import('node:crypto').KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw fail('CERTIFICATE_KEY_UNUSABLE', { thumbprint, detail: phrase('KEY_NOT_PEM', { detail: (error as Error).message }) });
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw fail('CERTIFICATE_KEY_UNUSABLE', { thumbprint, detail: phrase('KEY_NOT_RSA', { type: key.asymmetricKeyType ?? 'unknown' }) });
  if (certificateDer) {
    const spki = (k: import('node:crypto').KeyObject) => k.export({ type: 'spki', format: 'der' });
    if (!spki(createPublicKey(key)).equals(spki(new X509Certificate(certificateDer).publicKey))) {
      throw fail('CERTIFICATE_KEY_UNUSABLE', { thumbprint, detail: phrase('KEY_NOT_OF_CERTIFICATE') });
    }
  }
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext);
  } catch (error) {
    throw fail('CERTIFICATE_KEY_UNUSABLE', { thumbprint, detail: phrase('KEY_DECRYPT_FAILED', { detail: (error as Error).message }) });
  }
}
