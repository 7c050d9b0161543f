/** A certificate file as Windows exports it: DER, or PEM (`-----BEGIN CERTIFICATE-----`), or base64 DER. */
export function derFromCertificateFile(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  if (pem) return Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64');
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && bytes[0] !== 0x30) return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  return bytes;
}
