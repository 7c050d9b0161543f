import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { buildWinhttpProxyBlob, buildWinhttpResetBlob, decodeWinhttp, encodeWinhttp, WINHTTP_FORMAT } from '../../../core/formats/winhttp';

const hex = (s: string) => Buffer.from(s, 'hex');

/** FORMATS.md §2 vectors. */
const RESET_KB4494447 = '1800000000000000010000000000000000000000';
const DIRECT_0X28 = '2800000000000000010000000000000000000000';
const PROXY_0X28 = '28000000000000000300000004000000613A3432040000002A2E3432';

function expectError(fn: () => unknown, code: string, offset: number, mentions: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, FormatError);
    assert.is((e as FormatError).code, code);
    assert.is((e as FormatError).offset, offset, (e as FormatError).message);
    assert.match((e as FormatError).message, mentions);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

const vectors = suite('winhttp vectors');

vectors('netsh winhttp reset proxy (KB 4494447): direct, version 0x18', () => {
  const d = decodeWinhttp(hex(RESET_KB4494447));
  assert.equal([d.version, d.reserved, d.flags, d.direct, d.proxy, d.proxyServer, d.bypassList], [0x18, 0, 1, true, false, '', '']);
  assert.equal(d.bypass, []);
  assert.is(d.tail.length, 0);
  assert.is(encodeWinhttp(d).toString('hex'), RESET_KB4494447);
});

vectors('direct, version 0x28 (vbfox)', () => {
  const d = decodeWinhttp(hex(DIRECT_0X28));
  assert.is(d.version, 0x28);
  assert.not.ok(d.proxy);
  assert.is(encodeWinhttp(d).toString('hex'), DIRECT_0X28);
});

vectors('proxy a:42 bypass *.42, flags 3 (vbfox)', () => {
  const d = decodeWinhttp(hex(PROXY_0X28));
  assert.equal([d.version, d.flags, d.direct, d.proxy, d.proxyServer, d.bypassList], [0x28, 3, true, true, 'a:42', '*.42']);
  assert.equal(d.bypass, ['*.42']);
  assert.is(encodeWinhttp(d).toString('hex'), PROXY_0X28.toLowerCase());
});

vectors("Wine's writer sets flags 2: proxy is bit 0x2", () => {
  const d = decodeWinhttp(hex('18000000000000000200000004000000613a3432' + '00000000'));
  assert.ok(d.proxy);
  assert.not.ok(d.direct);
});

vectors.run();

const decoding = suite('winhttp decode edge cases');

decoding('unknown version with trailing bytes: decoded, tail kept', () => {
  const blob = hex('3000000005000000030000000400000061' + '3a3432' + '00000000' + 'cafe');
  const d = decodeWinhttp(blob);
  assert.equal([d.version, d.reserved, d.proxyServer], [0x30, 5, 'a:42']);
  assert.is(d.tail.toString('hex'), 'cafe');
  assert.is(encodeWinhttp(d).toString('hex'), blob.toString('hex'));
});

decoding('truncation and huge lengths', () => {
  expectError(() => decodeWinhttp(hex('180000')), 'WINHTTP_BLOB_INVALID', 0, /ends inside the version/);
  expectError(() => decodeWinhttp(hex('1800000000000000010000000000000000')), 'WINHTTP_BLOB_INVALID', 16, /bypass list length/);
  expectError(
    () => decodeWinhttp(hex('180000000000000003000000ffffffff')),
    'WINHTTP_BLOB_INVALID',
    12,
    /proxy server length 4294967295 runs past the end of the 16-byte blob/,
  );
  const full = hex(PROXY_0X28);
  for (let n = 0; n < full.length; n++) {
    try {
      decodeWinhttp(full.subarray(0, n));
      assert.unreachable(`a ${n}-byte prefix cannot hold both strings`);
    } catch (e) {
      assert.instance(e, FormatError);
      assert.ok((e as FormatError).offset <= n);
      assert.is((e as FormatError).format, WINHTTP_FORMAT);
    }
  }
});

decoding.run();

const building = suite('winhttp builders');

building('reset proxy without a previous blob is the KB vector', () => {
  assert.is(buildWinhttpResetBlob().toString('hex'), RESET_KB4494447);
});

building("reset keeps the machine's version", () => {
  assert.is(buildWinhttpResetBlob(hex(PROXY_0X28)).toString('hex'), DIRECT_0X28);
});

building('set proxy: flags 3, <local> last, version kept', () => {
  const blob = buildWinhttpProxyBlob('proxy.contoso.com:8080', ['<local>', '*.contoso.com'], hex(DIRECT_0X28));
  assert.is(
    blob.toString('hex'),
    '28000000' +
      '00000000' +
      '03000000' +
      '16000000' +
      Buffer.from('proxy.contoso.com:8080').toString('hex') +
      '15000000' +
      Buffer.from('*.contoso.com;<local>').toString('hex'),
  );
  assert.is(buildWinhttpProxyBlob('a:42', ['*.42']).toString('hex'), '18' + PROXY_0X28.toLowerCase().slice(2));
});

building('set proxy with a per-scheme list and no bypass', () => {
  const d = decodeWinhttp(buildWinhttpProxyBlob(' http=a:80;https=b:443 '));
  assert.is(d.proxyServer, 'http=a:80;https=b:443');
  assert.is(d.bypassList, '');
});

building('set proxy refuses empty or malformed servers and non-ASCII', () => {
  expectError(() => buildWinhttpProxyBlob('  '), 'PROXY_ADDRESS_INVALID', 0, /empty/);
  expectError(() => buildWinhttpProxyBlob('a:0'), 'PROXY_ADDRESS_INVALID', 2, /port/);
  expectError(() => buildWinhttpProxyBlob('a:80', ['ü.com']), 'PROXY_ADDRESS_INVALID', 0, /ASCII/);
  expectError(
    () => encodeWinhttp({ flags: 3, proxyServer: 'a:80', bypassList: 'ü' }),
    'WINHTTP_TEXT_NOT_ASCII',
    0,
    /bypass list "ü" contains "ü"/,
  );
});

building('unknown flag bits of the previous blob survive', () => {
  const previous = { ...decodeWinhttp(hex(DIRECT_0X28)), flags: 0x11 };
  assert.is(decodeWinhttp(buildWinhttpProxyBlob('a:1', [], previous)).flags, 0x13);
  assert.is(decodeWinhttp(buildWinhttpResetBlob(previous)).flags, 0x11);
});

building.run();
