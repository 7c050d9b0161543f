/**
 * Random and mutated inputs through every decoder: only FormatError may escape, and each one names a code,
 * a format and an offset inside the input. Seeded, so a failure reproduces: the message carries the seed
 * and case number (set FUZZ_SEED to replay another run).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { decodeWininet, encodeWininet, buildWininetBlob, buildWininetClearBlob } from '../../../core/formats/wininet';
import { decodeWinhttp, encodeWinhttp, buildWinhttpProxyBlob } from '../../../core/formats/winhttp';
import { formatRegFile, parseRegFile, regFileFromKeys } from '../../../core/formats/reg-file';
import { bypassMatches, parseBypassList, parsePerSchemeList, parseProxyAddress } from '../../../core/formats/proxy-address';
import { decodeChallenge } from '../../../core/formats/ntlm-messages';
import { decodeNegTokenResp } from '../../../core/formats/spnego';
import { REG, binaryValue, dwordValue, multiSzValue, szValue } from '../../../core/formats/registry-model';
import { FUZZ_SEED, dice } from '../../support/fuzz';

const SEED = FUZZ_SEED;
const { random, int, pick } = dice(SEED);

function checkOnlyFormatErrors(where: string, inputLength: number, run: () => void): 'ok' | 'rejected' {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (!(e instanceof FormatError)) throw new Error(`${where} (seed ${SEED}): threw a non-FormatError: ${(e as Error)?.stack ?? e}`);
    assert.ok(typeof e.code === 'string' && e.code.length > 0, `${where}: code`);
    assert.ok(typeof e.format === 'string' && e.format.length > 0, `${where}: format name`);
    assert.ok(
      Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= inputLength,
      `${where}: offset ${e.offset} outside 0..${inputLength}: ${e.message}`,
    );
    return 'rejected';
  }
}

// ─── binary blobs ───────────────────────────────────────────────────────────────────────────────────

const Z32 = '0'.repeat(64);
const BLOB_CORPUS: Buffer[] = [
  '3C0000003A000000090000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  '460000003A000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  '46000000400000000F0000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    Z32,
  '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    Z32,
  '4600000008000000030000000e0000007465737470726f78793a3838383800000000' + Z32,
  '4600000008000000030000000e0000007465737470726f78793a38383838070000003c6c6f63616c3e' + Z32,
  '1800000000000000010000000000000000000000',
  '2800000000000000010000000000000000000000',
  '28000000000000000300000004000000613A3432040000002A2E3432',
].map((h) => Buffer.from(h, 'hex'));
BLOB_CORPUS.push(
  buildWininetBlob({
    proxyServer: 'http=a:80;https=b:443',
    bypass: ['<local>', '*.contoso.com'],
    autoConfigUrl: 'http://wpad/x.pac',
    autoDetect: true,
  }),
  buildWininetClearBlob(BLOB_CORPUS[0]),
  buildWinhttpProxyBlob('proxy.contoso.com:8080', ['<local>']),
);

function mutateBlob(source: Buffer): Buffer {
  let b = Buffer.from(source);
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    switch (int(8)) {
      case 0: // bit flips
        for (let i = 0, n = 1 + int(4); i < n && b.length > 0; i++) b[int(b.length)] ^= 1 << int(8);
        break;
      case 1: // truncation
        b = b.subarray(0, int(b.length + 1));
        break;
      case 2: // a u32 field (aligned or not) set huge or near the remaining length
        if (b.length >= 4) {
          const at = int(b.length - 3);
          b.writeUInt32LE(
            pick([0xffffffff, 0x80000000, 0x7fffffff, b.length - at, b.length - at - 3, b.length - at - 4, b.length, int(256)]) >>> 0,
            at,
          );
        }
        break;
      case 3: // random bytes appended
        b = Buffer.concat([b, Buffer.from(Array.from({ length: int(40) }, () => int(256)))]);
        break;
      case 4: // a slice deleted
        if (b.length > 0) {
          const at = int(b.length);
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(8))]);
        }
        break;
      case 5: // the version replaced
        if (b.length >= 4) b.writeUInt32LE(pick([0x18, 0x28, 0x3c, 0x46, 0, 0xffffffff, int(0x100)]), 0);
        break;
      case 6: // splice with another corpus blob
        b = Buffer.concat([b.subarray(0, int(b.length + 1)), pick(BLOB_CORPUS).subarray(int(20))]);
        break;
      default: // bytes overwritten with high (non-ASCII) values
        for (let i = 0, n = 1 + int(6); i < n && b.length > 0; i++) b[int(b.length)] = 0x80 + int(128);
    }
  }
  return b;
}

function randomBlob(): Buffer {
  const length = int(80);
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = random() < 0.6 ? 0 : int(256);
  return b;
}

test('fuzz: WinINet and WinHTTP blobs (8,000 inputs, both decoders each)', () => {
  let decodedWininet = 0;
  let decodedWinhttp = 0;
  for (let i = 0; i < 8000; i++) {
    const blob = i % 4 === 3 ? randomBlob() : mutateBlob(pick(BLOB_CORPUS));
    const where = `blob case ${i} ${blob.toString('hex')}`;
    checkOnlyFormatErrors(`${where} wininet`, blob.length, () => {
      const d = decodeWininet(blob);
      decodedWininet++;
      assert.ok(d.tail.length <= blob.length);
      let encoded: Buffer | null = null;
      const outcome = checkOnlyFormatErrors(
        `${where} wininet re-encode`,
        Math.max(d.proxyServer.length, d.bypassList.length, d.autoConfigUrl.length),
        () => {
          encoded = encodeWininet(d);
        },
      );
      if (outcome === 'ok' && d.hasPacLength)
        assert.is(encoded!.toString('hex'), blob.toString('hex'), `${where}: decode → encode is lossless`);
      if (outcome === 'ok') checkOnlyFormatErrors(`${where} wininet clear`, blob.length, () => void buildWininetClearBlob(blob));
    });
    checkOnlyFormatErrors(`${where} winhttp`, blob.length, () => {
      const d = decodeWinhttp(blob);
      decodedWinhttp++;
      let encoded: Buffer | null = null;
      const outcome = checkOnlyFormatErrors(`${where} winhttp re-encode`, Math.max(d.proxyServer.length, d.bypassList.length), () => {
        encoded = encodeWinhttp(d);
      });
      if (outcome === 'ok') assert.is(encoded!.toString('hex'), blob.toString('hex'), `${where}: decode → encode is lossless`);
    });
  }
  assert.ok(
    decodedWininet > 500 && decodedWinhttp > 500,
    `mutations should keep many blobs decodable (${decodedWininet}, ${decodedWinhttp})`,
  );
});

// ─── .reg text ──────────────────────────────────────────────────────────────────────────────────────

const REG_CORPUS: string[] = [
  formatRegFile(
    regFileFromKeys([
      {
        path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender',
        values: [
          szValue('ProxyServer', 'http://10.0.0.6:8080'),
          szValue('', 'default "quoted" \\ back'),
          dwordValue('D', 10),
          binaryValue('DefaultConnectionSettings', BLOB_CORPUS[2]),
          multiSzValue('M', ['<local>', '*.contoso.com']),
          szValue('E', '%TEMP%', REG.EXPAND_SZ),
          { name: 'Q', type: REG.QWORD, data: Buffer.alloc(8, 1) },
          { name: 'N', type: REG.NONE, data: Buffer.alloc(0) },
        ],
      },
      { path: 'HKU\\S-1-5-18\\Software', values: [] },
    ]),
  ),
  'REGEDIT4\r\n\r\n[-HKEY_CURRENT_USER\\Old]\r\n\r\n[HKEY_CURRENT_USER\\Env]\r\n"Path"=hex(2):25,54,4d,50,25,00\r\n"Gone"=-\r\n@=-\r\n',
  'Windows Registry Editor Version 5.00\n; comment\n[HKEY_LOCAL_MACHINE\\X]\n"A"=hex:01,\\\n  02,\\\n; inner comment\n  03\n"B" = dword:1 ; trailing\n',
];
const REG_TOKENS = [
  '[',
  ']',
  '[-',
  '"',
  '\\',
  '\\\\',
  '\\"',
  '=',
  '@',
  '-',
  ':',
  ',',
  ';',
  '\r\n',
  '\n',
  '\r',
  ' ',
  '\t',
  'hex:',
  'hex(',
  ')',
  'hex(7):',
  'hex(b):',
  'dword:',
  'ff',
  '0',
  'g',
  'HKEY_LOCAL_MACHINE\\',
  'HKLM',
  'HKEY_NOPE',
  ',\\\r\n  ',
  '\uFEFF',
  'é',
  '😀',
  '\uD800',
  '\0',
];

function mutateText(source: string, tokens: readonly string[]): string {
  let t = source;
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const at = int(t.length + 1);
    switch (int(7)) {
      case 0:
        t = t.slice(0, at) + pick(tokens) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + int(5));
        break;
      case 2:
        t = t.slice(0, at);
        break;
      case 3: {
        const lines = t.split(/\r?\n/);
        const i = int(lines.length);
        lines.splice(int(lines.length + 1), 0, lines[i]);
        t = lines.join(pick(['\r\n', '\n']));
        break;
      }
      case 4: {
        const lines = t.split(/\r?\n/);
        lines.splice(int(lines.length), 1);
        t = lines.join('\r\n');
        break;
      }
      case 5:
        t = t.slice(0, at) + String.fromCharCode(int(0x80)) + t.slice(at + 1);
        break;
      default:
        t = t.slice(0, at) + Array.from({ length: 1 + int(6) }, () => pick(tokens)).join('') + t.slice(at);
    }
  }
  return t;
}

function randomText(tokens: readonly string[], prefix: string): string {
  return (random() < 0.7 ? prefix : '') + Array.from({ length: int(40) }, () => pick(tokens)).join('');
}

test('fuzz: .reg texts (3,000 inputs); whatever parses re-formats to a fixed point', () => {
  let parsed = 0;
  for (let i = 0; i < 3000; i++) {
    const text =
      i % 3 === 2
        ? randomText(REG_TOKENS, 'Windows Registry Editor Version 5.00\r\n[HKLM\\X]\r\n')
        : mutateText(pick(REG_CORPUS), REG_TOKENS);
    const where = `reg case ${i} ${JSON.stringify(text)}`;
    checkOnlyFormatErrors(where, text.length, () => {
      const doc = parseRegFile(text);
      parsed++;
      let first = '';
      const formatted = checkOnlyFormatErrors(`${where} format`, text.length, () => {
        first = formatRegFile(doc);
      });
      if (formatted === 'ok') assert.is(formatRegFile(parseRegFile(first)), first, `${where}: format(parse(x)) is a fixed point`);
    });
  }
  assert.ok(parsed > 300, `mutations should keep many files parseable (${parsed})`);
});

// ─── proxy addresses ────────────────────────────────────────────────────────────────────────────────

const ADDRESS_CORPUS = [
  'http://user@proxy:8080/',
  'proxy.contoso.com:8080',
  '[::1]:3128',
  'http://[fe80::1]:8080',
  'http=a:80;https=b:443',
  '<local>;*.contoso.com, 10.*',
];
const ADDRESS_TOKENS = [
  'http',
  '://',
  ':',
  '[',
  ']',
  '@',
  '/',
  '=',
  ';',
  ',',
  ' ',
  '*',
  '.',
  '<local>',
  '<',
  '>',
  '8080',
  '0',
  '99999',
  'a',
  'é',
  '%',
  '?',
  '#',
  '-',
];

test('fuzz: proxy addresses, per-scheme and bypass lists (2,000 inputs)', () => {
  for (let i = 0; i < 2000; i++) {
    const text = i % 2 ? randomText(ADDRESS_TOKENS, '') : mutateText(pick(ADDRESS_CORPUS), ADDRESS_TOKENS);
    const where = `address case ${i} ${JSON.stringify(text)}`;
    checkOnlyFormatErrors(`${where} address`, text.length, () => void parseProxyAddress(text));
    checkOnlyFormatErrors(`${where} list`, text.length, () => void parsePerSchemeList(text));
    checkOnlyFormatErrors(`${where} bypass`, text.length, () => void parseBypassList(text));
    assert.type(bypassMatches('host.contoso.com', text), 'boolean');
  }
});

// ─── NTLM and SPNEGO, what a proxy sends back ───────────────────────────────────────────────────────

const NTLM_CORPUS: Buffer[] = [
  // [MS-NLMP] §4.2.4.3 CHALLENGE; squid's ntlm_fake_auth's; Samba's gss-spnego NegTokenResp around its CHALLENGE.
  Buffer.from(
    '4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef0000000000000000240024004400000006007017' +
      '0000000f53006500720076006500720002000c0044006f006d00610069006e0001000c0053006500720076006500720000000000',
    'hex',
  ),
  Buffer.from('TlRMTVNTUAACAAAACQAJAK6qqqoHgggATFlKH7lr58gAAAAAAAA6AFdPUktHUk9VUA==', 'base64'),
  Buffer.from(
    'oYGBMH+gAwoBAaEMBgorBgEEAYI3AgIKomoEaE5UTE1TU1AAAgAAAAQABAA4AAAABYKKYmDEbkK69Z9JAAAAAAAAAAAsACwAPAAAAAYBAAAAAAAPVgBNAAIABABWAE0AAQAEAFYATQAEAAAAAwAEAHYAbQAHAAgAqunmX4p/3QEAAAAA',
    'base64',
  ),
  Buffer.from('oQcwBaADCgEA', 'base64'),
];

test('fuzz: NTLM CHALLENGE and SPNEGO NegTokenResp decoders (6,000 inputs each): only FormatErrors escape', () => {
  let challenges = 0;
  let tokens = 0;
  for (let i = 0; i < 6000; i++) {
    const bytes = i % 5 === 4 ? randomBlob() : mutateBlob(pick(NTLM_CORPUS));
    const where = `ntlm case ${i} ${bytes.toString('hex')}`;
    checkOnlyFormatErrors(`${where} challenge`, bytes.length, () => {
      const c = decodeChallenge(bytes);
      challenges++;
      assert.is(c.serverChallenge.length, 8);
    });
    checkOnlyFormatErrors(`${where} spnego`, bytes.length, () => {
      decodeNegTokenResp(bytes);
      tokens++;
    });
  }
  assert.ok(challenges > 300 && tokens > 100, `mutations should keep many decodable (${challenges}, ${tokens})`);
});

test.run();
