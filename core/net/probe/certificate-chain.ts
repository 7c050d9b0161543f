import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../protocol';

/** Node's `C=US\nO=DigiCert Inc\nCN=…` as the usual one-line `CN=…, O=…, C=US` (most specific first). */
export function distinguishedName(multiline: string): string {
  return multiline.split('\n').filter(Boolean).reverse().join(', ');
}

/** Order-insensitive key of a distinguished name in Node's multi-line form, for comparing names. */
export function nameKey(multiline: string): string {
  return multiline
    .split('\n')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join('|');
}

export function sha1Of(certificate: X509Certificate): string {
  return certificate.fingerprint.replace(/:/g, '').toUpperCase();
}

export function describe(certificate: X509Certificate): CertificateInfo {
  return { subject: distinguishedName(certificate.subject), issuer: distinguishedName(certificate.issuer), sha1: sha1Of(certificate) };
}
