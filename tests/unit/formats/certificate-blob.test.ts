import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { FormatError } from '../../../core/errors';
import { certificateFromStoreBlob, storeBlobOfCertificate } from '../../../core/formats/certificate-blob';
import { WINE_MY_BLOB_CERTIFICATE_OFFSET, WINE_MY_BLOB_HEX, WINE_MY_BLOB_THUMBPRINT } from '../../support/certificate-vectors';

const test = suite('certificate store Blob');
const blob = Buffer.from(WINE_MY_BLOB_HEX, 'hex');
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex').toUpperCase();

function expectFormatError(fn: () => unknown, code: string, offset: number): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, FormatError);
    assert.is((e as FormatError).code, code);
    assert.is((e as FormatError).offset, offset);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('finds the certificate after the hash property in a blob crypt32 wrote', () => {
  const der = certificateFromStoreBlob(blob);
  assert.is(sha1(der), WINE_MY_BLOB_THUMBPRINT);
  assert.equal(der, blob.subarray(WINE_MY_BLOB_CERTIFICATE_OFFSET));
});

test('a blob of a bare certificate round-trips', () => {
  const der = certificateFromStoreBlob(blob);
  assert.equal(certificateFromStoreBlob(storeBlobOfCertificate(der)), der);
  assert.equal(storeBlobOfCertificate(der), blob.subarray(32), 'the same bytes crypt32 writes for property 0x20');
});

test('a cut blob is refused where it breaks', () => {
  expectFormatError(() => certificateFromStoreBlob(blob.subarray(0, 40)), 'CERTIFICATE_BLOB_TRUNCATED', 32);
  expectFormatError(() => certificateFromStoreBlob(blob.subarray(0, 8)), 'CERTIFICATE_BLOB_TRUNCATED', 0);
});

test('a blob without the certificate property is refused', () => {
  expectFormatError(() => certificateFromStoreBlob(blob.subarray(0, 32)), 'CERTIFICATE_BLOB_EMPTY', 32);
  expectFormatError(() => certificateFromStoreBlob(Buffer.alloc(0)), 'CERTIFICATE_BLOB_EMPTY', 0);
});

test.run();
