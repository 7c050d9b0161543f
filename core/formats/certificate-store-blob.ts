import { FormatError } from '../errors';

/** CERT_CERT_PROP_ID: the element of a serialized store entry that holds the certificate's DER encoding. */
const CERT_CERT_PROP_ID = 0x20;

/**
 * The DER certificate inside a registry certificate store entry's `Blob` value
 * (`HKLM\SOFTWARE\Microsoft\SystemCertificates\<Store>\Certificates\<SHA-1>\Blob`), which Windows writes as
 * CertSerializeCertificateStoreElement does: a run of properties, each `u32 id, u32 reserved (1), u32 length,
 * bytes`, the certificate itself being property 0x20. Pure; bounds-checked; throws FormatError naming the offset.
 */
export function certificateFromStoreBlob(blob: Buffer, name = 'certificate store blob'): Buffer {
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 12 > blob.length) throw new FormatError('CERT_BLOB_TRUNCATED', name, offset, 'a property header runs past the end');
    const id = blob.readUInt32LE(offset);
    const length = blob.readUInt32LE(offset + 8);
    const start = offset + 12;
    if (start + length > blob.length) throw new FormatError('CERT_BLOB_TRUNCATED', name, offset, `property ${id} claims ${length} bytes, only ${blob.length - start} follow`);
    if (id === CERT_CERT_PROP_ID) return Buffer.from(blob.subarray(start, start + length));
    offset = start + length;
  }
  throw new FormatError('CERT_BLOB_NO_CERTIFICATE', name, offset, 'no certificate property (0x20) in the entry');
}
