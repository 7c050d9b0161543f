import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { formatRegFile, parseRegFile, parseRegFileLeniently } from '../../../core/formats/reg-file';
import { readSz } from '../../../core/formats/registry-model';

// regedit and `reg import` skip a line they cannot read and go on. Each case below is one that Wine's reg
// import tests (programs/reg/tests/import.c, run by Wine against native Windows) show native Windows skipping.
const KEY = 'HKEY_CURRENT_USER\\Software\\Wine\\reg_test';
const lines = (...l: string[]) => l.join('\r\n') + '\r\n';

function lenient(...body: string[]) {
  return parseRegFileLeniently(lines('Windows Registry Editor Version 5.00', '', `[${KEY}]`, ...body), 'test.reg');
}

function names(result: ReturnType<typeof lenient>): string[] {
  return result.document.keys.flatMap((k) => k.values.map((v) => v.name));
}

test('a value with text after it: "#" text skips the line, a ";" comment does not (Wine10, Wine11, Wine30, Wine31)', () => {
  const r = lenient(
    '"Wine10"="Value 1"#comment',
    '"Wine11"="Value 2";comment',
    '"Wine30"=dword:00000003#comment',
    '"Wine31"=dword:00000004;comment',
  );
  assert.equal(names(r), ['Wine11', 'Wine31']);
  assert.equal(
    r.warnings.map((w) => w.line),
    [4, 6],
  );
});

test('bad dwords are skipped, good lines around them kept (Wine33, Wine34, Wine35)', () => {
  const r = lenient(
    '"A"=dword:',
    '"B"=dword:hello',
    '"C"=dword:123456789',
    '"D"=dword:12345678abc',
    '"E"=dword:0x123',
    '"F"=dword:1234',
    '"G"="kept"',
  );
  assert.equal(names(r), ['F', 'G']);
  assert.is(r.warnings.length, 5);
});

test('a hex value whose continuation swallows the next line drops both (Wine40e, Wine40f); the line after is read (Wine40g)', () => {
  const r = lenient('"Wine40d"="Value 2"', '"Wine40e"=hex(2):4c,69,6e,65,\\', '"Wine40f"="Value 3"', '"Wine40g"="Value 4"');
  assert.equal(names(r), ['Wine40d', 'Wine40g']);
  assert.equal(
    r.warnings.map((w) => w.line),
    [5],
  );
});

test('lines that are neither keys nor values, values before any key, values after [-KEY]: skipped, the file read', () => {
  const r = parseRegFileLeniently(
    lines(
      'Windows Registry Editor Version 5.00',
      '"Orphan"="before any key"',
      '#comment line',
      'NameNoQuotes="x"',
      `[-${KEY}\\Gone]`,
      '"AfterDeletion"="ignored"',
      `[${KEY}]`,
      '"Kept"="yes"',
      '[HKEY_NOWHERE\\X]',
      '"UnderBadKey"="dropped with its key"',
    ),
    'test.reg',
  );
  assert.equal(
    r.document.keys.map((k) => [k.path, k.deleteKey, k.values.map((v) => v.name)]),
    [
      [`${KEY}\\Gone`, true, []],
      [KEY, false, ['Kept']],
    ],
  );
  assert.equal(
    r.warnings.map((w) => w.line),
    [2, 3, 4, 6, 9, 10],
  );
  for (const w of r.warnings) assert.match(w.message, /^test\.reg: line \d+: .*skipped, as regedit skips it$/);
});

test('the header stays mandatory, as for regedit', () => {
  assert.throws(
    () => parseRegFileLeniently('REGEDIT5\r\n[HKEY_CURRENT_USER\\X]\r\n'),
    (e: unknown) => e instanceof FormatError,
  );
});

test('a real reg export reads leniently exactly as strictly, with no warning, and formats back byte for byte', () => {
  const real = lines(
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections]',
    '"DefaultConnectionSettings"=hex:46,00,00,00,0a,00,00,00,01,00,00,00,00,00,00,\\',
    '  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\',
    '  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00',
    '"Name with \\"quotes\\" and \\\\"="and a value"',
    '@=dword:0000000a',
    '',
  );
  const { document, warnings } = parseRegFileLeniently(real);
  assert.equal(warnings, []);
  assert.equal(document, parseRegFile(real));
  assert.is(formatRegFile(document), real);
  assert.is(readSz(document.keys[0]!.values[1]!), 'and a value');
});

test.run();
