import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { buildWininetBlob, buildWininetClearBlob, decodeWininet, encodeWininet, WININET_FORMAT } from '../../../core/formats/wininet';

const Z32 = '0'.repeat(64);
const hex = (s: string) => Buffer.from(s, 'hex');

/** FORMATS.md §1 vectors, exactly as written there. */
const V = {
  ie6AutoDetect: '3C0000003A000000090000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  ie7Direct: '460000003A000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  allFlags:
    '46000000400000000F0000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    Z32,
  storedButOff:
    '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    Z32,
  dscManual: '4600000008000000030000000e0000007465737470726f78793a3838383800000000' + Z32,
  dscManualLocal: '4600000008000000030000000e0000007465737470726f78793a38383838070000003c6c6f63616c3e' + Z32,
};
/** The IE6 vector as vbfox's fixture has it: 52 bytes (FORMATS.md's copy carries one extra 00 byte). */
const IE6_VBFOX = '3C0000003A0000000900000000000000000000000000000000000000000000000000000000000000000000000000000000000000';

function expectBlobError(fn: () => unknown, code: string, offset: number, mentions: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, FormatError);
    const error = e as FormatError;
    assert.is(error.code, code);
    assert.is(error.offset, offset, error.message);
    assert.match(error.message, mentions);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

const vectors = suite('wininet vectors');

vectors('0x3C (IE6), counter 58, auto-detect — both the FORMATS.md copy and vbfox original', () => {
  for (const vector of [V.ie6AutoDetect, IE6_VBFOX]) {
    const d = decodeWininet(hex(vector));
    assert.is(d.version, 0x3c);
    assert.is(d.changeCounter, 58);
    assert.is(d.flags, 9);
    assert.ok(d.direct && d.autoDetect);
    assert.not.ok(d.proxy || d.autoConfig);
    assert.is(d.proxyServer, '');
    assert.is(d.bypassList, '');
    assert.equal(d.bypass, []);
    assert.is(d.autoConfigUrl, '');
    assert.ok(d.hasPacLength);
    assert.is(encodeWininet(d).toString('hex'), vector.toLowerCase(), 're-encodes byte for byte');
  }
  assert.is(decodeWininet(hex(IE6_VBFOX)).tail.length, 28, 'the IE6 tail is 28 bytes');
  assert.is(decodeWininet(hex(V.ie6AutoDetect)).tail.length, 29, 'an extra byte stays in the tail');
});

vectors('0x46, counter 58, direct, 56 bytes', () => {
  const d = decodeWininet(hex(V.ie7Direct));
  assert.is(hex(V.ie7Direct).length, 56);
  assert.equal(
    [d.version, d.changeCounter, d.flags, d.direct, d.proxy, d.autoConfig, d.autoDetect, d.hasPacLength],
    [0x46, 58, 1, true, false, false, false, true],
  );
  assert.is(d.tail.toString('hex'), Z32);
  assert.is(encodeWininet(d).toString('hex'), V.ie7Direct.toLowerCase());
});

vectors('flags 0x0F with proxy, bypass and PAC', () => {
  const d = decodeWininet(hex(V.allFlags));
  assert.is(d.changeCounter, 0x40);
  assert.ok(d.direct && d.proxy && d.autoConfig && d.autoDetect);
  assert.is(d.proxyServer, 'google.com:42');
  assert.is(d.bypassList, 'Lol;<local>');
  assert.equal(d.bypass, ['Lol', '<local>']);
  assert.is(d.autoConfigUrl, 'http://google.fr/');
  assert.ok(d.hasPacLength);
  assert.is(encodeWininet(d).toString('hex'), V.allFlags.toLowerCase());
});

vectors('strings stored while every flag but direct is off (counter 0x44)', () => {
  const d = decodeWininet(hex(V.storedButOff));
  assert.is(d.changeCounter, 0x44);
  assert.is(d.flags, 1);
  assert.not.ok(d.proxy || d.autoConfig || d.autoDetect);
  assert.is(d.proxyServer, 'google.com:42', 'remembered but not in effect');
  assert.is(d.autoConfigUrl, 'http://google.fr/');
  assert.is(encodeWininet(d).toString('hex'), V.storedButOff.toLowerCase());
});

vectors('NetworkingDsc blobs without the PAC length: read, and rewritten the Windows way', () => {
  const manual = decodeWininet(hex(V.dscManual));
  assert.is(manual.changeCounter, 8);
  assert.is(manual.flags, 3);
  assert.is(manual.proxyServer, 'testproxy:8888');
  assert.is(manual.bypassList, '');
  assert.is(manual.autoConfigUrl, '');
  assert.is(manual.hasPacLength, false);
  assert.is(manual.tail.toString('hex'), Z32, 'its 32-byte tail is kept whole');
  const windowsForm = '4600000008000000030000000e0000007465737470726f78793a383838380000000000000000' + Z32;
  assert.is(encodeWininet(manual).toString('hex'), windowsForm, 'the PAC length is written');
  assert.ok(decodeWininet(encodeWininet(manual)).hasPacLength);

  const local = decodeWininet(hex(V.dscManualLocal));
  assert.is(local.bypassList, '<local>');
  assert.equal(local.bypass, ['<local>']);
  assert.is(local.hasPacLength, false);
  assert.is(
    encodeWininet(local).toString('hex'),
    '4600000008000000030000000e0000007465737470726f78793a38383838070000003c6c6f63616c3e00000000' + Z32,
  );
});

vectors('a real Windows export: tail word 1 (published .reg, HKU\\.DEFAULT)', () => {
  const blob = hex('46000000090000000100000000000000000000000000000001000000' + '00'.repeat(28));
  const d = decodeWininet(blob);
  assert.is(d.tail.readUInt32LE(0), 1);
  assert.is(encodeWininet(d).toString('hex'), blob.toString('hex'));
});

vectors.run();

const decoding = suite('wininet decode edge cases');

decoding('unknown versions decode when the structure fits', () => {
  const blob = hex('50000000010000000300000004000000613a3830000000000000000001020304');
  const d = decodeWininet(blob);
  assert.is(d.version, 0x50);
  assert.is(d.proxyServer, 'a:80');
  assert.is(d.tail.toString('hex'), '01020304');
  assert.is(encodeWininet(d).toString('hex'), blob.toString('hex'));
});

decoding('a blob that ends right after the bypass list (no PAC length, no tail)', () => {
  const d = decodeWininet(hex('4600000001000000010000000000000000000000'));
  assert.is(d.hasPacLength, false);
  assert.is(d.tail.length, 0);
});

decoding('strings are read as Latin-1', () => {
  const d = decodeWininet(hex('46000000010000000300000001000000e9000000000000000000000000'));
  assert.is(d.proxyServer, 'é');
});

decoding('bounds: every truncation of a real blob decodes or fails with an offset inside it', () => {
  const full = hex(V.allFlags);
  for (let n = 0; n < full.length; n++) {
    try {
      decodeWininet(full.subarray(0, n));
    } catch (e) {
      assert.instance(e, FormatError);
      assert.ok((e as FormatError).offset <= n);
      assert.is((e as FormatError).format, WININET_FORMAT);
    }
  }
});

decoding('truncation and huge lengths name the field and its offset', () => {
  expectBlobError(() => decodeWininet(Buffer.alloc(0)), 'WININET_BLOB_INVALID', 0, /ends inside the version/);
  expectBlobError(() => decodeWininet(hex('46000000')), 'WININET_BLOB_INVALID', 4, /change counter/);
  expectBlobError(() => decodeWininet(hex('460000000100000001000000')), 'WININET_BLOB_INVALID', 12, /proxy server length/);
  expectBlobError(
    () => decodeWininet(hex('460000000100000003000000ffffffff')),
    'WININET_BLOB_INVALID',
    12,
    /proxy server length 4294967295 runs past the end of the 16-byte blob/,
  );
  const hugeBypass = hex('46000000010000000300000001000000610000ffff');
  expectBlobError(() => decodeWininet(hugeBypass), 'WININET_BLOB_INVALID', 17, /bypass list length/);
  const hugePac = hex('4600000001000000010000000000000000000000ffffff7f' + Z32);
  expectBlobError(() => decodeWininet(hugePac, 'wininet SavedLegacySettings'), 'WININET_BLOB_INVALID', 20, /auto-config URL length/);
  try {
    decodeWininet(hugePac, 'wininet SavedLegacySettings');
  } catch (e) {
    assert.is((e as FormatError).format, 'wininet SavedLegacySettings');
  }
});

decoding('the decoded tail is a copy, not a view of the input', () => {
  const blob = hex(V.ie7Direct);
  const d = decodeWininet(blob);
  blob.fill(0xff);
  assert.is(d.tail.toString('hex'), Z32);
});

decoding.run();

const encoding = suite('wininet encode and builders');

encoding('encode with a previous blob: counter + 1, its version and tail kept', () => {
  const previous = decodeWininet(hex(V.ie6AutoDetect));
  const blob = encodeWininet({ flags: 3, proxyServer: 'p:1', bypassList: '', autoConfigUrl: '' }, previous);
  const d = decodeWininet(blob);
  assert.equal([d.version, d.changeCounter, d.flags, d.proxyServer], [0x3c, 59, 3, 'p:1']);
  assert.is(d.tail.toString('hex'), previous.tail.toString('hex'));
});

encoding('encode without a previous blob: 0x46, counter 1, 32 zero bytes of tail', () => {
  const blob = encodeWininet({ flags: 1, proxyServer: '', bypassList: '', autoConfigUrl: '' });
  assert.is(blob.toString('hex'), '46000000' + '01000000' + '01000000' + '00'.repeat(12) + Z32);
});

encoding('the counter wraps at 2^32', () => {
  const previous = { ...decodeWininet(hex(V.ie7Direct)), changeCounter: 0xffffffff };
  assert.is(decodeWininet(buildWininetClearBlob(previous)).changeCounter, 0);
});

encoding('non-ASCII text is refused with its position', () => {
  expectBlobError(
    () => encodeWininet({ flags: 3, proxyServer: 'prøxy:80', bypassList: '', autoConfigUrl: '' }),
    'WININET_TEXT_NOT_ASCII',
    2,
    /proxy server "prøxy:80" contains "ø" at position 2/,
  );
  expectBlobError(() => buildWininetBlob({ autoConfigUrl: 'http://wpad/ü.pac' }), 'WININET_TEXT_NOT_ASCII', 12, /auto-config URL/);
});

encoding('builder: manual proxy with bypass, replacing a real blob', () => {
  const blob = buildWininetBlob({ proxyServer: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] }, hex(V.ie7Direct));
  const expected =
    '46000000' +
    '3b000000' +
    '03000000' +
    '16000000' +
    Buffer.from('proxy.contoso.com:8080').toString('hex') +
    '15000000' +
    Buffer.from('*.contoso.com;<local>').toString('hex') +
    '00000000' +
    Z32;
  assert.is(blob.toString('hex'), expected);
  const d = decodeWininet(blob);
  assert.equal(d.bypass, ['*.contoso.com', '<local>'], '<local> last');
});

encoding('builder: PAC and auto-detect flags, per-scheme list', () => {
  const d = decodeWininet(
    buildWininetBlob({ proxyServer: 'http=a:80;https=b:443', autoConfigUrl: 'http://wpad/proxy.pac', autoDetect: true }),
  );
  assert.is(d.flags, 0xf);
  assert.is(d.proxyServer, 'http=a:80;https=b:443');
  assert.is(d.autoConfigUrl, 'http://wpad/proxy.pac');
  assert.ok(d.hasPacLength);
  const pacOnly = decodeWininet(buildWininetBlob({ autoConfigUrl: 'http://wpad/proxy.pac' }));
  assert.is(pacOnly.flags, 5);
  assert.is(decodeWininet(buildWininetBlob({ autoDetect: true })).flags, 9);
  assert.is(decodeWininet(buildWininetBlob({})).flags, 1);
});

encoding('builder rejects a malformed proxy server with PROXY_ADDRESS_INVALID', () => {
  try {
    buildWininetBlob({ proxyServer: 'http=a:0' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as FormatError).code, 'PROXY_ADDRESS_INVALID');
  }
});

encoding('builder: an undecodable previous blob throws; null starts afresh', () => {
  expectBlobError(() => buildWininetBlob({}, hex('4600')), 'WININET_BLOB_INVALID', 0, /version/);
  assert.is(decodeWininet(buildWininetBlob({}, null)).changeCounter, 1);
});

encoding('builder keeps flag bits it does not know', () => {
  const previous = { ...decodeWininet(hex(V.ie7Direct)), flags: 0x101 };
  assert.is(decodeWininet(buildWininetBlob({ proxyServer: 'p:1' }, previous)).flags, 0x103);
  assert.is(decodeWininet(buildWininetClearBlob(previous)).flags, 0x101);
});

encoding('clear: direct, empty strings, counter + 1, version and tail kept', () => {
  const cleared = buildWininetClearBlob(hex(V.allFlags));
  assert.is(cleared.toString('hex'), '46000000' + '41000000' + '01000000' + '00'.repeat(12) + Z32);
  const fromIe6 = buildWininetClearBlob(hex(IE6_VBFOX));
  assert.is(fromIe6.toString('hex'), '3c000000' + '3b000000' + '01000000' + '00'.repeat(12) + '00'.repeat(28));
  const tailWord = hex('46000000090000000100000000000000000000000000000001000000' + '00'.repeat(28));
  assert.is(decodeWininet(buildWininetClearBlob(tailWord)).tail.readUInt32LE(0), 1);
});

encoding.run();
