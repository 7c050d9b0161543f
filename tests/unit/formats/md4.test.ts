import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { md4 } from '../../../core/formats/md4';

// RFC 1320, appendix A.5 "Test suite".
const RFC1320: [string, string][] = [
  ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
  ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
  ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
  ['message digest', 'd9130a8164549fe818874806e1c7014b'],
  ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
  ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
];

test('MD4 reproduces the RFC 1320 test suite', () => {
  for (const [input, digest] of RFC1320) assert.is(md4(Buffer.from(input, 'latin1')).toString('hex'), digest, JSON.stringify(input));
});

test('MD4 of lengths around the 56-byte padding boundary differ and are 16 bytes', () => {
  const seen = new Set<string>();
  for (let n = 50; n <= 130; n++) {
    const digest = md4(Buffer.alloc(n, 0x61));
    assert.is(digest.length, 16);
    seen.add(digest.toString('hex'));
  }
  assert.is(seen.size, 81);
});

test('the NT hash of "Password" is MS-NLMP 4.2.2.1.2 NTOWFv1', () => {
  assert.is(md4(Buffer.from('Password', 'utf16le')).toString('hex'), 'a4f49c406510bdcab6824ee7c30fd852');
});

test.run();
