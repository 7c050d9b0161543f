import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { FormatError } from '../../../core/errors';
import { certificateFromStoreBlob } from '../../../core/formats/certificate-blob';

// A real entry of HKLM\SOFTWARE\Microsoft\SystemCertificates\ROOT\Certificates\A31D3E0A4D99335EBD9B6F18E0915490F13525CA
// as a public .reg export holds its Blob value: property 3 (the SHA-1 hash), then property 0x20 (the certificate).
const VECTOR = Buffer.from(
  '030000000100000014000000a31d3e0a4d99335ebd9b6f18e0915490f13525ca2000000001000000280200003082022430820191a00302010202108258854428619ebc48c005a4406fceeb300906052b0e03021d0500301f311d301b060355040313147777772e616469612d70726f6a6563742e6e6574301e170d3133303331313039353734305a170d3339313233313233353935395a301f311d301b060355040313147777772e616469612d70726f6a6563742e6e657430819f300d06092a864886f70d010101050003818d0030818902818100c44ef878d3ebfc45491331a0fcf6501d3cb34b9ed573454c069370e7eec86b2582164b58ea2240ab82d7c7c9900c3145aa7f7927e6b547fe7d48ad70e69a4625640b5074ceeaf18c926c822e084baaa81005d1e89b9bfbce793e42a4498803c8226fb621a23f68f2845dac29a50271876d81ece3d017becf4858a3abedf59d5f0203010001a369306730130603551d25040c300a06082b0601050507030330500603551d0104493047801001604c5b6fd2c8c6606b5024034b9ba7a121301f311d301b060355040313147777772e616469612d70726f6a6563742e6e657482108258854428619ebc48c005a4406fceeb300906052b0e03021d05000381810008a6576e3ca57cad41ab61f98f410e6ee0b26ebd3516cc0c05d1e2d9d4b2715070fd28a0c77f8f23634ac4e01b0e9837c1241f4faeaedb8dceb8cb9e136eb0a8b00f901b229497fa47b629b1eb984a262823a50aef5943b1be25492bcf8dbc823720cdb7db900bd73d7be9f5877b87bbaef253de5d17722518f961bd4ecd6cc8',
  'hex',
);

test('the certificate of a registry store entry is its property 0x20, whatever properties come first', () => {
  const der = certificateFromStoreBlob(VECTOR);
  assert.is(der.length, 0x228);
  assert.is(new X509Certificate(der).fingerprint.replace(/:/g, ''), 'A31D3E0A4D99335EBD9B6F18E0915490F13525CA');
});

test('a truncated or certificate-less blob is a FormatError naming the offset, never a crash', () => {
  for (const cut of [5, 30, 100]) {
    const error = (() => {
      try {
        certificateFromStoreBlob(VECTOR.subarray(0, cut));
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(error instanceof FormatError, String(cut));
  }
  assert.throws(
    () => certificateFromStoreBlob(VECTOR.subarray(0, 32)),
    (e: Error) => e instanceof FormatError && /no certificate property/.test(e.message),
  );
});

test.run();
