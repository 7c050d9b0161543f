import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ToolError } from '../../../core/errors';
import { openImageHost } from '../../../core/host/image';
import { certificateStoreKeys } from '../../../core/host/certificate-stores';
import { certificateFromStoreBlob } from '../../../core/formats/certificate-blob';
import { makeImage } from '../../support/image';
import { WINE_MY_BLOB_HEX, WINE_MY_BLOB_THUMBPRINT } from '../../support/certificate-vectors';

const test = suite('host certificates');
const der = certificateFromStoreBlob(Buffer.from(WINE_MY_BLOB_HEX, 'hex'));
const pem = (d: Buffer) => `-----BEGIN CERTIFICATE-----\n${d.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (e) {
    assert.instance(e, ToolError);
    assert.is((e as ToolError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('an image lists every certificate file of a store folder: DER, PEM and each certificate of a PEM bundle', async () => {
  const root = makeImage({ services: {} });
  const folder = join(root, 'certificates', 'LocalMachine', 'Root');
  mkdirSync(folder, { recursive: true });
  const other = Buffer.from(der);
  other[other.length - 1] ^= 0xff; // a different certificate as far as bytes go
  writeFileSync(join(folder, 'a.cer'), der);
  writeFileSync(join(folder, 'b.pem'), pem(der) + pem(other));
  writeFileSync(join(folder, 'notes.txt'), 'not a certificate');
  const host = openImageHost(root);
  const listed = await host.listCertificates('LocalMachine\\Root');
  assert.equal(listed.map(sha1), [der, der, other].map(sha1));
  assert.equal(await host.listCertificates('LocalMachine\\CA'), [], 'a store the image does not hold is empty');
  assert.equal(await host.listCertificates('LocalMachine\\..\\..\\Root'), listed, 'a store name cannot leave certificates/');
});

test('an image runs elevated; without a .key beside a certificate, decrypting says the key is missing', async () => {
  const host = openImageHost(makeImage({ certificates: { [WINE_MY_BLOB_THUMBPRINT]: der } }));
  assert.is(await host.isElevated(), true);
  await rejects(host.decryptWithCertificateKey('LocalMachine\\My', WINE_MY_BLOB_THUMBPRINT, Buffer.alloc(256)), 'CERTIFICATE_KEY_MISSING');
  await rejects(host.decryptWithCertificateKey('LocalMachine\\My', '00'.repeat(20), Buffer.alloc(256)), 'CERTIFICATE_KEY_MISSING');
});

test('LocalMachine\\Root is read from its four registry physical stores, My from three', () => {
  assert.equal(certificateStoreKeys('LocalMachine\\Root'), [
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\Root\\Certificates',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root\\Certificates',
  ]);
  assert.is(certificateStoreKeys('LocalMachine\\My').length, 3);
  assert.throws(
    () => certificateStoreKeys('CurrentUser\\My'),
    (e: ToolError) => e.code === 'CERTIFICATE_STORE_UNREADABLE',
  );
  assert.throws(
    () => certificateStoreKeys('LocalMachine\\My\\..'),
    (e: ToolError) => e.code === 'CERTIFICATE_STORE_UNREADABLE',
  );
});

test.run();
