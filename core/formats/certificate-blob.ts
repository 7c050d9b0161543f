import { detail } from '../messages';
/**
 * The `Blob` value of a certificate in a registry certificate store
 * (`...\SystemCertificates\<Store>\Certificates\<SHA1>\Blob`, REG_BINARY): the certificate's serialized
 * properties as CertSerializeCertificateStoreElement writes them (MS-GPEF 2.2.2.2): a run of
 * {property id u32, reserved u32 = 1, length u32, value}. The certificate itself is property 0x20.
 */
import { FormatError } from '../errors';

export const CERTIFICATE_BLOB_FORMAT = detail('FORMAT_CERTIFICATE_BLOB');

/** CERT_CERT_PROP_ID: the DER encoding of the certificate. */
const CERTIFICATE_PROPERTY = 0x20;
const HEADER_BYTES = 12;

/** The DER certificate inside a store Blob; a FormatError when the blob is cut short or holds none. */
export function certificateFromStoreBlob(blob: Buffer): Buffer {
  let offset = 0;
  while (offset < blob.length) {
    if (offset + HEADER_BYTES > blob.length)
      throw new FormatError('CERTIFICATE_BLOB_TRUNCATED', CERTIFICATE_BLOB_FORMAT, offset, detail('CERT_BLOB_HEADER_CUT_SHORT'));
    const id = blob.readUInt32LE(offset);
    const length = blob.readUInt32LE(offset + 8);
    const start = offset + HEADER_BYTES;
    if (start + length > blob.length)
      throw new FormatError(
        'CERTIFICATE_BLOB_TRUNCATED',
        CERTIFICATE_BLOB_FORMAT,
        offset,
        detail('CERT_BLOB_PROPERTY_PAST_END', { id, length, left: blob.length - start }),
      );
    if (id === CERTIFICATE_PROPERTY) return Buffer.from(blob.subarray(start, start + length));
    offset = start + length;
  }
  throw new FormatError('CERTIFICATE_BLOB_EMPTY', CERTIFICATE_BLOB_FORMAT, offset, detail('CERT_BLOB_NO_CERTIFICATE'));
}

/** The Blob of a certificate with no other property: what CertSerializeCertificateStoreElement writes for a bare certificate. */
export function storeBlobOfCertificate(der: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(CERTIFICATE_PROPERTY, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(der.length, 8);
  return Buffer.concat([header, der]);
}
