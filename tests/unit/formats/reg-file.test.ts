import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import {
  decodeRegFileBytes,
  encodeRegFileBytes,
  formatRegFile,
  parseRegFile,
  regFileFromKeys,
  type RegFileDocument,
} from '../../../core/formats/reg-file';
import { REG, type RegValue, binaryValue, dwordValue, multiSzValue, readSz, szValue } from '../../../core/formats/registry-model';

const CONNECTIONS = 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
const DIRECT_BLOB = Buffer.from('460000000a000000010000000000000000000000000000000000000000000000' + '0'.repeat(48), 'hex');

function lines(...ls: string[]): string {
  return ls.join('\r\n');
}

function expectFormatError(fn: () => unknown, check: (e: FormatError) => void): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, FormatError);
    check(e as FormatError);
    return;
  }
  assert.unreachable('expected a FormatError');
}

function doc(values: RegValue[], header: RegFileDocument['header'] = 'Windows Registry Editor Version 5.00'): RegFileDocument {
  return { header, keys: [{ path: CONNECTIONS, deleteKey: false, values, deletedValues: [] }] };
}

function roundTrips(d: RegFileDocument): string {
  const text = formatRegFile(d);
  assert.is(formatRegFile(parseRegFile(text)), text);
  return text;
}

// ─── encodings ──────────────────────────────────────────────────────────────────────────────────────

const bytes = suite('reg-file bytes');

bytes('UTF-16LE with BOM, as reg export writes it', () => {
  const encoded = encodeRegFileBytes('REGEDIT4\r\n', 'utf16le');
  assert.equal([...encoded.subarray(0, 4)], [0xff, 0xfe, 0x52, 0x00]);
  assert.equal(decodeRegFileBytes(encoded), { text: 'REGEDIT4\r\n', encoding: 'utf16le' });
});

bytes('UTF-8 with and without BOM', () => {
  const bom = encodeRegFileBytes('é', 'utf8-bom');
  assert.equal([...bom], [0xef, 0xbb, 0xbf, 0xc3, 0xa9]);
  assert.equal(decodeRegFileBytes(bom), { text: 'é', encoding: 'utf8-bom' });
  const plain = encodeRegFileBytes('é', 'utf8');
  assert.equal([...plain], [0xc3, 0xa9]);
  assert.equal(decodeRegFileBytes(plain), { text: 'é', encoding: 'utf8' });
});

bytes('empty and one-byte files decode as UTF-8', () => {
  assert.equal(decodeRegFileBytes(Buffer.alloc(0)), { text: '', encoding: 'utf8' });
  assert.equal(decodeRegFileBytes(Buffer.from([0xff])).encoding, 'utf8');
});

bytes('a UTF-16 file of odd length drops the dangling byte instead of throwing', () => {
  const b = Buffer.concat([encodeRegFileBytes('AB', 'utf16le'), Buffer.from([0x43])]);
  assert.is(decodeRegFileBytes(b).text, 'AB');
});

bytes('a whole exported file survives bytes → text → document → text → bytes', () => {
  const text = formatRegFile(doc([binaryValue('DefaultConnectionSettings', DIRECT_BLOB)]));
  for (const encoding of ['utf16le', 'utf8', 'utf8-bom'] as const) {
    const decoded = decodeRegFileBytes(encodeRegFileBytes(text, encoding));
    assert.is(decoded.encoding, encoding);
    assert.is(formatRegFile(parseRegFile(decoded.text)), text);
  }
});

bytes.run();

// ─── parse ──────────────────────────────────────────────────────────────────────────────────────────

const parse = suite('reg-file parse');

// A real `reg export` of a Connections key (published in a blog post), 15 bytes on the first line, 25 after.
const REAL_EXPORT = lines(
  'Windows Registry Editor Version 5.00',
  '',
  `[${CONNECTIONS}]`,
  '"DefaultConnectionSettings"=hex:46,00,00,00,0a,00,00,00,01,00,00,00,00,00,00,\\',
  '  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\',
  '  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00',
  '',
  '',
);

parse('a real reg export of DefaultConnectionSettings', () => {
  const d = parseRegFile(REAL_EXPORT);
  assert.is(d.header, 'Windows Registry Editor Version 5.00');
  assert.is(d.keys.length, 1);
  assert.is(d.keys[0].path, CONNECTIONS);
  assert.is(d.keys[0].deleteKey, false);
  assert.equal(d.keys[0].deletedValues, []);
  assert.is(d.keys[0].values.length, 1);
  const v = d.keys[0].values[0];
  assert.is(v.name, 'DefaultConnectionSettings');
  assert.is(v.type, REG.BINARY);
  assert.is(v.data.toString('hex'), DIRECT_BLOB.toString('hex'));
  assert.is(formatRegFile(d), REAL_EXPORT, 'our writer reproduces it byte for byte');
});

parse('every value type', () => {
  const d = parseRegFile(
    lines(
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]',
      '@="default"',
      '"Sz"="proxy.contoso.com:8080"',
      '"EmptySz"=""',
      '"Dword"=dword:0000000a',
      '"DwordMax"=dword:FFFFFFFF',
      '"Binary"=hex:01,02,ab',
      '"EmptyBinary"=hex:',
      '"Expand"=hex(2):25,00,54,00,4d,00,50,00,25,00,00,00',
      '"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00',
      '"Qword"=hex(b):01,00,00,00,00,00,00,00',
      '"None"=hex(0):',
      '"NoneData"=hex(0):ff',
      '"Custom"=hex(ffff0001):01',
      '"BigEndian"=hex(5):00,00,00,01',
      '',
    ),
  );
  const byName = Object.fromEntries(d.keys[0].values.map((v) => [v.name, v]));
  assert.is(readSz(byName['']), 'default');
  assert.is(byName['Sz'].type, REG.SZ);
  assert.is(byName['Sz'].data.toString('hex'), Buffer.from('proxy.contoso.com:8080\0', 'utf16le').toString('hex'));
  assert.is(byName['EmptySz'].data.toString('hex'), '0000');
  assert.is(byName['Dword'].type, REG.DWORD);
  assert.is(byName['Dword'].data.toString('hex'), '0a000000');
  assert.is(byName['DwordMax'].data.toString('hex'), 'ffffffff');
  assert.is(byName['Binary'].type, REG.BINARY);
  assert.is(byName['Binary'].data.toString('hex'), '0102ab');
  assert.is(byName['EmptyBinary'].data.length, 0);
  assert.is(byName['Expand'].type, REG.EXPAND_SZ);
  assert.is(readSz(byName['Expand']), '%TMP%');
  assert.is(byName['Multi'].type, REG.MULTI_SZ);
  assert.is(byName['Multi'].data.toString('hex'), multiSzValue('x', ['a', 'b']).data.toString('hex'));
  assert.is(byName['Qword'].type, REG.QWORD);
  assert.is(byName['Qword'].data.readBigUInt64LE(0), 1n);
  assert.is(byName['None'].type, REG.NONE);
  assert.is(byName['None'].data.length, 0);
  assert.is(byName['NoneData'].data.toString('hex'), 'ff');
  assert.is(byName['Custom'].type, 0xffff0001);
  assert.is(byName['BigEndian'].type, REG.DWORD_BIG_ENDIAN);
});

parse('escapes in names and strings', () => {
  const d = parseRegFile(
    lines(
      'Windows Registry Editor Version 5.00',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]',
      '"Quote \\"q\\" back\\\\slash"="C:\\\\Program Files\\\\\\"x\\""',
      '"Wine"="a\\nb\\rc\\0d"',
    ),
  );
  const [a, b] = d.keys[0].values;
  assert.is(a.name, 'Quote "q" back\\slash');
  assert.is(readSz(a), 'C:\\Program Files\\"x"');
  assert.is(b.data.toString('utf16le'), 'a\nb\rc\0d\0');
});

parse('LF line ends, lone CR line ends, blank lines, comments and blanks around "="', () => {
  const d = parseRegFile(
    [
      'REGEDIT4',
      '; a comment before the first key',
      '   ',
      '[HKEY_USERS\\S-1-5-18\\Software]   ',
      '\t; indented comment',
      '  "A" = "x"   ; trailing comment',
      '"B"\t=\tdword:1',
      '"C"=hex:01 , 02 ,03\r"D"=hex:04',
    ].join('\n'),
  );
  const key = d.keys[0];
  assert.is(d.header, 'REGEDIT4');
  assert.is(key.path, 'HKEY_USERS\\S-1-5-18\\Software');
  assert.equal(
    key.values.map((v) => v.name),
    ['A', 'B', 'C', 'D'],
  );
  assert.is(readSz(key.values[0]), 'x');
  assert.is(key.values[1].data.toString('hex'), '01000000');
  assert.is(key.values[2].data.toString('hex'), '010203');
  assert.is(key.values[3].data.toString('hex'), '04');
});

parse('continuation lines: any wrapping, leading blanks, comment lines, trailing comma, LF', () => {
  const d = parseRegFile(
    [
      'Windows Registry Editor Version 5.00',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]',
      '"A"=hex:01,\\',
      '\t\t02,03,\\   ',
      '; a comment inside the value',
      '      04,\\',
      '05,',
      '"B"=hex(7):\\',
      '  61,00,00,00,00,00',
      '"C"=hex:0a,0b,\\',
    ].join('\n'),
  );
  const [a, b, c] = d.keys[0].values;
  assert.is(a.data.toString('hex'), '0102030405');
  assert.is(b.data.toString('hex'), '610000000000');
  assert.is(c.data.toString('hex'), '0a0b', 'a continuation at the end of the file ends the value');
});

parse('[-KEY], value deletions and the default value', () => {
  const d = parseRegFile(
    lines(
      'Windows Registry Editor Version 5.00',
      '',
      '[-HKEY_CURRENT_USER\\Software\\Old]',
      '',
      '[HKLM\\Software\\Policies\\Microsoft\\Windows Defender\\]',
      '"ProxyServer"=-',
      '@=-',
      '"Keep"="1"',
    ),
  );
  assert.equal(d.keys[0], { path: 'HKEY_CURRENT_USER\\Software\\Old', deleteKey: true, values: [], deletedValues: [] });
  assert.is(d.keys[1].path, 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows Defender', 'short roots canonicalised');
  assert.equal(d.keys[1].deletedValues, ['ProxyServer', '']);
  assert.equal(
    d.keys[1].values.map((v) => v.name),
    ['Keep'],
  );
});

parse('a later line for the same value wins (set after delete, delete after set, set twice)', () => {
  const d = parseRegFile(
    lines(
      'Windows Registry Editor Version 5.00',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]',
      '"A"=-',
      '"a"="set again"',
      '"B"="x"',
      '"b"=-',
      '"C"="first"',
      '"C"="second"',
    ),
  );
  const key = d.keys[0];
  assert.equal(
    key.values.map((v) => [v.name, readSz(v)]),
    [
      ['a', 'set again'],
      ['C', 'second'],
    ],
  );
  assert.equal(key.deletedValues, ['b']);
});

parse('a key that appears twice stays two sections, in order', () => {
  const d = parseRegFile(lines('REGEDIT4', '[HKCU\\A]', '"x"="1"', '[-HKCU\\A]', '[HKCU\\A]', '"y"="2"'));
  assert.equal(
    d.keys.map((k) => k.deleteKey),
    [false, true, false],
  );
});

parse('a leading U+FEFF (BOM decoded as text) and blanks around the header are tolerated', () => {
  assert.is(parseRegFile('\uFEFF  REGEDIT4 \r\n').header, 'REGEDIT4');
});

parse('REGEDIT4 string types carry single-byte characters; the model stores UTF-16LE', () => {
  const d = parseRegFile(
    lines('REGEDIT4', '', '[HKEY_CURRENT_USER\\Env]', '"Path"=hex(2):25,54,4d,50,25,e9,00', '"L"=hex(7):61,00,62,00,00', ''),
  );
  const [expand, multi] = d.keys[0].values;
  assert.is(expand.data.toString('hex'), Buffer.from('%TMP%é\0', 'utf16le').toString('hex'));
  assert.is(multi.data.toString('hex'), multiSzValue('L', ['a', 'b']).data.toString('hex'));
  assert.is(
    formatRegFile(d),
    lines('REGEDIT4', '', '[HKEY_CURRENT_USER\\Env]', '"Path"=hex(2):25,54,4d,50,25,e9,00', '"L"=hex(7):61,00,62,00,00', '', ''),
  );
});

parse('a file with only a header has no keys', () => {
  assert.equal(parseRegFile('Windows Registry Editor Version 5.00\r\n\r\n'), { header: 'Windows Registry Editor Version 5.00', keys: [] });
});

parse.run();

// ─── errors ─────────────────────────────────────────────────────────────────────────────────────────

const errors = suite('reg-file errors');

const HEADER = 'Windows Registry Editor Version 5.00\r\n';
const KEY = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n';

function expectMalformed(text: string, offset: number, line: number, mentions: RegExp): void {
  expectFormatError(
    () => parseRegFile(text, 'registry.reg'),
    (e) => {
      assert.is(e.code, 'REG_FILE_MALFORMED');
      assert.is(e.format, 'registry.reg');
      assert.is(e.offset, offset, `offset in: ${e.message}`);
      assert.ok(e.message.includes(`line ${line}:`), e.message);
      assert.match(e.message, mentions);
    },
  );
}

errors('bad header: wrong case, missing, empty file', () => {
  expectMalformed('windows registry editor version 5.00\r\n', 0, 1, /expected the header/);
  expectMalformed('[HKEY_LOCAL_MACHINE\\X]\r\n', 0, 1, /found "\[HKEY_LOCAL_MACHINE/);
  expectMalformed('', 0, 1, /header/);
  expectMalformed('REGEDIT5\r\n', 0, 1, /header/);
});

errors('unterminated string in a value and in a name', () => {
  const text = HEADER + KEY + '"A"="abc\r\n';
  expectMalformed(text, text.indexOf('"abc'), 3, /unterminated string/);
  const name = HEADER + KEY + '"A=1\r\n';
  expectMalformed(name, name.indexOf('"A=1'), 3, /unterminated/);
  const escapedEnd = HEADER + KEY + '"A"="abc\\"\r\n';
  expectMalformed(escapedEnd, escapedEnd.indexOf('"abc'), 3, /unterminated/);
});

errors('bad hex byte, on the first line and on a continuation line', () => {
  const text = HEADER + KEY + '"A"=hex:01,0g,03\r\n';
  expectMalformed(text, text.indexOf('0g'), 3, /bad hex byte "0g"/);
  const three = HEADER + KEY + '"A"=hex:01,123\r\n';
  expectMalformed(three, three.indexOf('123'), 3, /bad hex byte "123"/);
  const cont = HEADER + KEY + '"A"=hex:01,\\\r\n  02,zz\r\n';
  expectMalformed(cont, cont.indexOf('zz'), 4, /bad hex byte "zz"/);
  const missingComma = HEADER + KEY + '"A"=hex:01 02\r\n';
  expectMalformed(missingComma, missingComma.indexOf(' 02') + 1, 3, /expected ","/);
  const doubleComma = HEADER + KEY + '"A"=hex:01,,02\r\n';
  expectMalformed(doubleComma, doubleComma.indexOf(',,') + 1, 3, /bad hex byte/);
  const badType = HEADER + KEY + '"A"=hex(123456789):00\r\n';
  expectMalformed(badType, badType.indexOf('hex('), 3, /bad type/);
  const emptyType = HEADER + KEY + '"A"=hex():00\r\n';
  expectMalformed(emptyType, emptyType.indexOf('hex('), 3, /bad type/);
});

errors('value line outside a key, and under a [-KEY]', () => {
  const text = HEADER + '\r\n"A"="x"\r\n';
  expectMalformed(text, text.indexOf('"A"'), 3, /before any \[KEY\]/);
  const deleted = HEADER + '[-HKCU\\X]\r\n  @="x"\r\n';
  expectMalformed(deleted, deleted.indexOf('@'), 3, /\[-KEY\]/);
});

errors('unknown root, empty key, missing "]"', () => {
  const text = HEADER + '[HKEY_LOCAL_MACHIN\\Software]\r\n';
  expectMalformed(text, HEADER.length + 1, 2, /unknown registry root/);
  expectMalformed(HEADER + '[]\r\n', HEADER.length, 2, /empty/);
  expectMalformed(HEADER + '[-]\r\n', HEADER.length, 2, /empty/);
  expectMalformed(HEADER + '[HKLM\\X\r\n', HEADER.length, 2, /"\]"/);
  const after = HEADER + '[HKLM\\X] junk\r\n';
  expectMalformed(after, after.indexOf(' junk'), 2, /after the closing/);
});

errors('bad dword: too long, empty, not hex, trailing text', () => {
  for (const bad of ['dword:123456789', 'dword:', 'dword:xyz', 'dword:0000000a x', 'dword:-1']) {
    const text = HEADER + KEY + `"A"=${bad}\r\n`;
    expectMalformed(text, text.indexOf('dword:') + 6, 3, /bad dword/);
  }
});

errors('garbage lines, unknown data, missing "=", unknown escape, text after a string', () => {
  const text = HEADER + KEY + 'hello world\r\n';
  expectMalformed(text, text.indexOf('hello'), 3, /unexpected text "hello world"/);
  const data = HEADER + KEY + '"A"=str:1\r\n';
  expectMalformed(data, data.indexOf('str:'), 3, /unknown value data/);
  const noEq = HEADER + KEY + '"A" "x"\r\n';
  expectMalformed(noEq, noEq.indexOf(' "x"') + 1, 3, /expected "="/);
  const esc = HEADER + KEY + '"A"="C:\\Temp"\r\n';
  expectMalformed(esc, esc.lastIndexOf('\\T'), 3, /unknown escape "\\T"/);
  const after = HEADER + KEY + '"A"="x" y\r\n';
  expectMalformed(after, after.indexOf(' y'), 3, /after the closing quote/);
  const minus = HEADER + KEY + '"A"=-1\r\n';
  expectMalformed(minus, minus.indexOf('-1'), 3, /unknown value data/);
});

errors('the default format name, and a header-only error on a UTF-16 decoded file', () => {
  expectFormatError(
    () => parseRegFile('nope'),
    (e) => {
      assert.is(e.format, '.reg file');
      assert.ok(e.message.includes('(at offset 0)'));
    },
  );
});

errors.run();

// ─── format ─────────────────────────────────────────────────────────────────────────────────────────

const format = suite('reg-file format');

format('layout: header, blank line before each key, values, deletions, extra CRLF at the end', () => {
  const text = formatRegFile({
    header: 'Windows Registry Editor Version 5.00',
    keys: [
      { path: 'HKEY_LOCAL_MACHINE\\A', deleteKey: false, values: [szValue('', 'd'), dwordValue('N', 10)], deletedValues: ['Gone', ''] },
      { path: 'HKEY_LOCAL_MACHINE\\B', deleteKey: true, values: [], deletedValues: [] },
    ],
  });
  assert.is(
    text,
    'Windows Registry Editor Version 5.00\r\n' +
      '\r\n[HKEY_LOCAL_MACHINE\\A]\r\n@="d"\r\n"N"=dword:0000000a\r\n"Gone"=-\r\n@=-\r\n' +
      '\r\n[-HKEY_LOCAL_MACHINE\\B]\r\n' +
      '\r\n',
  );
});

format('an empty document', () => {
  assert.is(formatRegFile({ header: 'REGEDIT4', keys: [] }), 'REGEDIT4\r\n\r\n');
});

format('each type in its reg export form', () => {
  const qword = Buffer.alloc(8);
  qword.writeBigUInt64LE(0x1122334455667788n);
  const text = formatRegFile(
    doc([
      szValue('Sz', 'a"b\\c'),
      { name: 'EmptySz', type: REG.SZ, data: Buffer.from([0, 0]) },
      { name: 'NoTerminator', type: REG.SZ, data: Buffer.from('ab', 'utf16le') },
      { name: 'ZeroLengthSz', type: REG.SZ, data: Buffer.alloc(0) },
      { name: 'EmbeddedNul', type: REG.SZ, data: Buffer.from('a\0b\0', 'utf16le') },
      { name: 'NewLine', type: REG.SZ, data: Buffer.from('a\r\n\0', 'utf16le') },
      { name: 'OddLength', type: REG.SZ, data: Buffer.from([0x61, 0, 0]) },
      { name: 'LoneSurrogate', type: REG.SZ, data: Buffer.from('\uD800\0', 'utf16le') },
      szValue('Pair', '😀'),
      szValue('Expand', '%X%', REG.EXPAND_SZ),
      multiSzValue('Multi', ['a']),
      dwordValue('Dword', 0xdeadbeef),
      { name: 'ShortDword', type: REG.DWORD, data: Buffer.from([1, 2]) },
      { name: 'Qword', type: REG.QWORD, data: qword },
      { name: 'None', type: REG.NONE, data: Buffer.alloc(0) },
      binaryValue('Binary', Buffer.from([0xab, 0xcd])),
      binaryValue('EmptyBinary', Buffer.alloc(0)),
      { name: 'Custom', type: 0x100, data: Buffer.from([1]) },
      { name: 'name\nwith "odd" \\ chars\r\0', type: REG.DWORD, data: Buffer.alloc(4) },
    ]),
  );
  const valueLines = text.split('\r\n').slice(3, -2);
  assert.equal(valueLines, [
    '"Sz"="a\\"b\\\\c"',
    '"EmptySz"=""',
    '"NoTerminator"=hex(1):61,00,62,00',
    '"ZeroLengthSz"=hex(1):',
    '"EmbeddedNul"=hex(1):61,00,00,00,62,00,00,00',
    '"NewLine"=hex(1):61,00,0d,00,0a,00,00,00',
    '"OddLength"=hex(1):61,00,00',
    '"LoneSurrogate"=hex(1):00,d8,00,00',
    '"Pair"="😀"',
    '"Expand"=hex(2):25,00,58,00,25,00,00,00',
    '"Multi"=hex(7):61,00,00,00,00,00',
    '"Dword"=dword:deadbeef',
    '"ShortDword"=hex(4):01,02',
    '"Qword"=hex(b):88,77,66,55,44,33,22,11',
    '"None"=hex(0):',
    '"Binary"=hex:ab,cd',
    '"EmptyBinary"=hex:',
    '"Custom"=hex(100):01',
    '"name\\nwith \\"odd\\" \\\\ chars\\r\\0"=dword:00000000',
  ]);
  assert.is(formatRegFile(parseRegFile(text)), text);
});

format('hex wrapping matches real reg export: SavedLegacySettings carries 17 bytes on its first line', () => {
  // Published export: "SavedLegacySettings"=hex:46,00,00,00,51,00,00,00,0b,00,00,00,0c,00,00,00,31,\
  //                     32,37,2e,30,2e,30,2e,31,3a,38,30,07,00,00,00,3c,6c,6f,63,61,6c,3e,00,00,00,\
  const blob = Buffer.from(
    '46000000510000000b0000000c000000' + Buffer.from('127.0.0.1:80').toString('hex') + '070000003c6c6f63616c3e000000' + '00'.repeat(36),
    'hex',
  );
  const text = formatRegFile(doc([binaryValue('SavedLegacySettings', blob)]));
  const valueLines = text.split('\r\n').slice(3, -2);
  assert.is(valueLines[0], '"SavedLegacySettings"=hex:46,00,00,00,51,00,00,00,0b,00,00,00,0c,00,00,00,31,\\');
  assert.is(valueLines[1], '  32,37,2e,30,2e,30,2e,31,3a,38,30,07,00,00,00,3c,6c,6f,63,61,6c,3e,00,00,00,\\');
});

format('hex wrapping: break after the byte that reaches 77 characters, 25 bytes per continuation line', () => {
  for (const nameLength of [0, 1, 5, 20, 60, 72, 73, 74, 80]) {
    for (const size of [0, 1, 2, 14, 15, 16, 24, 25, 26, 40, 41, 100, 300]) {
      const name = 'n'.repeat(nameLength);
      const text = formatRegFile(doc([binaryValue(name, Buffer.alloc(size, 0xab))]));
      const valueLines = text.split('\r\n').slice(3, -2);
      const prefix = (name === '' ? '@=' : `"${name}"=`) + 'hex:';
      for (let i = 0; i < valueLines.length - 1; i++) {
        const line = valueLines[i];
        assert.ok(line.endsWith(',\\'), line);
        const counted = line.length - 1; // without the backslash
        assert.ok(counted >= 77, `line ${i} should reach 77 before breaking: ${line}`);
        assert.ok(counted - 3 < 77 || (i === 0 && prefix.length >= 77), `line ${i} broke late: ${line}`);
        if (i > 0) {
          assert.ok(line.startsWith('  ') && !line.startsWith('   '));
          assert.is((line.length - 3) / 3, 25, 'continuation lines carry 25 bytes');
        }
      }
      const last = valueLines[valueLines.length - 1];
      assert.not.ok(last.endsWith('\\'));
      if (valueLines.length > 1) assert.ok(last.length <= 2 + 25 * 3 - 1, last);
      const data = parseRegFile(text).keys[0].values[0].data;
      assert.is(data.length, size);
      assert.is(formatRegFile(parseRegFile(text)), text);
    }
  }
});

format('a name longer than a line: the first comma already breaks', () => {
  const name = 'x'.repeat(80);
  const text = formatRegFile(doc([binaryValue(name, Buffer.from([1, 2, 3]))]));
  assert.ok(text.includes(`"${name}"=hex:01,\\\r\n  02,03\r\n`));
});

format('hex(7) REG_MULTI_SZ wraps the same way (prefix hex(7): counts)', () => {
  const value = multiSzValue('ProxyBypass', ['*.contoso.com', '<local>', 'intranet.contoso.com']);
  const text = formatRegFile(doc([value]));
  const first = text.split('\r\n')[3];
  assert.ok(first.startsWith('"ProxyBypass"=hex(7):2a,00,'));
  // 21 characters of prefix + 19 × "xx," = 78 ≥ 77: the 19th byte ends the line.
  assert.is(first.length - 1 - '"ProxyBypass"=hex(7):'.length, 19 * 3, `19 bytes fit: ${first}`);
  assert.is(parseRegFile(text).keys[0].values[0].data.toString('hex'), value.data.toString('hex'));
});

format('REGEDIT4: string types narrowed to single bytes; wide-only text is refused', () => {
  const text = formatRegFile(doc([szValue('E', 'é', REG.EXPAND_SZ), szValue('S', 'plain')], 'REGEDIT4'));
  assert.ok(text.includes('"E"=hex(2):e9,00\r\n'));
  assert.ok(text.includes('"S"="plain"\r\n'));
  expectFormatError(
    () => formatRegFile(doc([szValue('E', 'Ω', REG.EXPAND_SZ)], 'REGEDIT4')),
    (e) => assert.is(e.code, 'REG_FILE_UNREPRESENTABLE'),
  );
});

format('round trip: format(parse(format(doc))) is identical for every type and many sizes', () => {
  const values: RegValue[] = [];
  for (let size = 0; size < 130; size += 7) {
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 37 + size) & 0xff;
    for (const type of [REG.NONE, REG.SZ, REG.EXPAND_SZ, REG.BINARY, REG.DWORD, REG.MULTI_SZ, REG.QWORD, 0x42]) {
      values.push({ name: `t${type}s${size}`, type, data });
    }
  }
  values.push(szValue('', 'default'), szValue('quote"', 'back\\slash'), szValue('unicode', 'Grüße 😀 ü'));
  const text = roundTrips(doc(values));
  const reparsed = parseRegFile(text).keys[0].values;
  assert.is(reparsed.length, values.length);
  for (let i = 0; i < values.length; i++) {
    assert.is(reparsed[i].name, values[i].name);
    assert.is(reparsed[i].type, values[i].type);
    if (values[i].type !== REG.SZ || values[i].data.length > 0) {
      assert.is(reparsed[i].data.toString('hex'), values[i].data.toString('hex'), values[i].name);
    }
  }
});

format('regFileFromKeys: a version 5.00 document with canonical paths and copied data', () => {
  const data = Buffer.from([1, 2]);
  const d = regFileFromKeys([{ path: 'HKLM\\Software\\X', values: [binaryValue('B', data)] }]);
  assert.is(d.header, 'Windows Registry Editor Version 5.00');
  assert.equal(d.keys[0].path, 'HKEY_LOCAL_MACHINE\\Software\\X');
  assert.equal(d.keys[0].deletedValues, []);
  assert.is(d.keys[0].deleteKey, false);
  data[0] = 9;
  assert.is(d.keys[0].values[0].data[0], 1);
  assert.is(formatRegFile(d), 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\X]\r\n"B"=hex:01,02\r\n\r\n');
});

format.run();
