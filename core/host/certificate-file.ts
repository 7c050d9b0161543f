const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** A certificate file as Windows exports it: DER, or PEM (`-----BEGIN CERTIFICATE-----`), or base64 DER. */
export function derFromCertificateFile(bytes: Buffer): Buffer {
  return dersFromCertificateFile(bytes)[0] ?? bytes;
}

/** Every certificate of a file: a PEM file may be a bundle of several; DER and base64 DER hold one. */
export function dersFromCertificateFile(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  if (blocks.length > 0) return blocks;
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && bytes[0] !== 0x30) return [Buffer.from(text.replace(/\s+/g, ''), 'base64')];
  return [bytes];
}
