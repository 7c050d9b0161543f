import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { parseRegQuery, parseRegQueryOutput, parseRegQueryResult } from '../../../core/formats/reg-query';
import { REG, RegKey, findValue, readDword, readMultiSz, readSz } from '../../../core/formats/registry-model';

const BASE = 'HKEY_CURRENT_USER\\Software\\Wine\\reg_test';

function summary(keys: RegKey[]): [string, [string, number, string][]][] {
  return keys.map((k) => [k.path, k.values.map((v) => [v.name, v.type, v.data.toString('hex')] as [string, number, string])]);
}

function expectMalformed(text: string, offset: number, line: number, mentions: RegExp): void {
  try {
    parseRegQuery(text);
  } catch (e) {
    assert.instance(e, FormatError);
    const error = e as FormatError;
    assert.is(error.code, 'REG_QUERY_MALFORMED');
    assert.is(error.format, 'reg query output');
    assert.is(error.offset, offset, error.message);
    assert.ok(error.message.includes(`line ${line}:`), error.message);
    assert.match(error.message, mentions);
    return;
  }
  assert.unreachable('expected REG_QUERY_MALFORMED');
}

const sz = (s: string) => Buffer.from(s + '\0', 'utf16le').toString('hex');

const vectors = suite('reg-query vectors');

vectors('FORMATS.md §4 example', () => {
  const keys = parseRegQuery(
    '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection\r\n' +
      '    TelemetryProxyServer    REG_SZ    proxy.contoso.com:8080\r\n' +
      '    DisableEnterpriseAuthProxy    REG_DWORD    0x1\r\n\r\n',
  );
  assert.is(keys.length, 1);
  assert.is(keys[0].path, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection');
  assert.is(readSz(findValue(keys[0], 'TelemetryProxyServer')!), 'proxy.contoso.com:8080');
  const dword = findValue(keys[0], 'DisableEnterpriseAuthProxy')!;
  assert.is(dword.type, REG.DWORD);
  assert.is(readDword(dword), 1);
});

// The outputs below are the ones Wine's reg.exe tests expect from native Windows (programs/reg/tests/query.c).
vectors('one key, values only', () => {
  const keys = parseRegQuery(`\r\n${BASE}\r\n    Test1    REG_SZ    Hello, World\r\n    Test2    REG_DWORD    0x123\r\n\r\n`);
  assert.equal(summary(keys), [[BASE, [['Test1', REG.SZ, sz('Hello, World')], ['Test2', REG.DWORD, '23010000']]]]);
});

vectors('without /s: values, then subkeys listed by name only', () => {
  const out = parseRegQueryOutput(
    `\r\n${BASE}\r\n    Test1    REG_SZ    Hello, World\r\n    Test2    REG_DWORD    0x123\r\n    Wine    REG_SZ    First instance\r\n\r\n${BASE}\\subkey\r\n`,
  );
  assert.equal(out.keys.map((k) => k.path), [BASE]);
  assert.is(out.keys[0].values.length, 3);
  assert.equal(out.subkeys, [`${BASE}\\subkey`]);
});

vectors('without /s, a key with only subkeys: no header, subkeys listed', () => {
  const out = parseRegQueryOutput(`\r\n${BASE}\\subkey1\r\n${BASE}\\subkey2\r\n${BASE}\\subkey3\r\n${BASE}\\subkey4\r\n`);
  assert.equal(out.keys, []);
  assert.equal(out.subkeys, [1, 2, 3, 4].map((n) => `${BASE}\\subkey${n}`));
});

vectors('/s: every key a block, empty keys included', () => {
  const keys = parseRegQuery(
    `\r\n${BASE}\r\n    Test1    REG_SZ    Hello, World\r\n    Test2    REG_DWORD    0x123\r\n    Wine    REG_SZ    First instance\r\n\r\n` +
      `${BASE}\\subkey\r\n    Test3    REG_SZ    Some string data\r\n    Test4    REG_DWORD    0xabc\r\n    Wine    REG_SZ    Second instance\r\n\r\n`,
  );
  assert.equal(keys.map((k) => k.path), [BASE, `${BASE}\\subkey`]);
  assert.is(readDword(findValue(keys[1], 'Test4')!), 0xabc);
  const empties = parseRegQueryOutput([1, 2, 3, 4].map((n) => `${BASE}\\subkey${n}\r\n\r\n`).join('').replace(/^/, '\r\n'));
  assert.equal(empties.keys.map((k) => [k.path, k.values.length]), [1, 2, 3, 4].map((n) => [`${BASE}\\subkey${n}`, 0]));
  assert.equal(empties.subkeys, []);
});

vectors('/v Wine /s ends with a search summary line', () => {
  const keys = parseRegQuery(
    `\r\n${BASE}\r\n    Wine    REG_SZ    First instance\r\n\r\n${BASE}\\subkey\r\n    Wine    REG_SZ    Second instance\r\n\r\nEnd of search: 2 match(es) found.\r\n`,
  );
  assert.equal(keys.map((k) => readSz(k.values[0])), ['First instance', 'Second instance']);
});

vectors.run();

const types = suite('reg-query types');

types('every type, the default value, names with spaces, empty strings', () => {
  const keys = parseRegQuery(
    [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test',
      '    (Default)    REG_SZ    default text',
      '    Name With  Spaces    REG_SZ    value with    four spaces',
      '    EmptyWithSpaces    REG_SZ    ',
      '    EmptyBare    REG_SZ',
      '    Expand    REG_EXPAND_SZ    %SystemRoot%\\x',
      '    Binary    REG_BINARY    46000000AB',
      '    EmptyBinary    REG_BINARY    ',
      '    Dword    REG_DWORD    0xffffffff',
      '    Qword    REG_QWORD    0x1122334455667788',
      '    Multi    REG_MULTI_SZ    <local>\\0*.contoso.com',
      '    EmptyMulti    REG_MULTI_SZ    ',
      '    None    REG_NONE    ',
      '    NoneData    REG_NONE    00FF',
      '    BigEndian    REG_DWORD_BIG_ENDIAN    0x1',
      '    Resource    REG_RESOURCE_LIST    0102',
      '',
    ].join('\r\n'),
  );
  const key = keys[0];
  const get = (n: string) => findValue(key, n)!;
  assert.is(readSz(get('')), 'default text');
  assert.is(readSz(get('Name With  Spaces')), 'value with    four spaces');
  assert.is(get('EmptyWithSpaces').data.toString('hex'), '0000');
  assert.is(get('EmptyBare').data.toString('hex'), '0000');
  assert.is(get('Expand').type, REG.EXPAND_SZ);
  assert.is(readSz(get('Expand')), '%SystemRoot%\\x');
  assert.is(get('Binary').data.toString('hex'), '46000000ab');
  assert.is(get('EmptyBinary').data.length, 0);
  assert.is(get('Dword').data.toString('hex'), 'ffffffff');
  assert.is(get('Qword').data.toString('hex'), '8877665544332211');
  assert.equal(readMultiSz(get('Multi')), ['<local>', '*.contoso.com']);
  assert.is(get('Multi').data.toString('hex'), Buffer.from('<local>\0*.contoso.com\0\0', 'utf16le').toString('hex'));
  assert.equal(readMultiSz(get('EmptyMulti')), []);
  assert.is(get('None').type, REG.NONE);
  assert.is(get('NoneData').data.toString('hex'), '00ff');
  assert.is(get('BigEndian').data.toString('hex'), '00000001');
  assert.is(get('Resource').type, REG.RESOURCE_LIST);
});

types('a default value that is not set is left out; localized spellings can be given', () => {
  const english = parseRegQuery('\r\nHKEY_USERS\\S-1-5-18\r\n    (Default)    REG_SZ    (value not set)\r\n\r\n');
  assert.equal(english[0].values, []);
  const german = '\r\nHKEY_USERS\\S-1-5-18\r\n    (Standard)    REG_SZ    (Wert nicht festgelegt)\r\n    (Standard2)    REG_SZ    x\r\n\r\n';
  const parsed = parseRegQuery(german, { defaultValueName: '(Standard)', valueNotSet: '(Wert nicht festgelegt)' });
  assert.equal(parsed[0].values.map((v) => v.name), ['(Standard2)']);
});

types('LF line ends and short root names are accepted', () => {
  const keys = parseRegQuery('\nHKLM\\Software\\X\n    A    REG_DWORD    0x0\n');
  assert.is(keys[0].path, 'HKEY_LOCAL_MACHINE\\Software\\X');
});

types('a value name containing a type-like word', () => {
  const keys = parseRegQuery('\r\nHKEY_CURRENT_USER\\X\r\n    My REG_SZ thing    REG_SZ    v\r\n    Tricky    REG_FOO    REG_SZ    x\r\n');
  assert.is(keys[0].values[0].name, 'My REG_SZ thing');
  assert.is(keys[0].values[1].name, 'Tricky    REG_FOO', 'unknown REG_ words are part of the name');
  assert.is(readSz(keys[0].values[1]), 'x');
});

types('empty output is no keys', () => {
  assert.equal(parseRegQuery(''), []);
  assert.equal(parseRegQuery('\r\n\r\n'), []);
});

types.run();

const errors = suite('reg-query errors and exit codes');

errors('malformed lines name their line and offset', () => {
  expectMalformed('    A    REG_SZ    x\r\n', 0, 1, /before any key/);
  const noType = '\r\nHKEY_CURRENT_USER\\X\r\n    A    x\r\n';
  expectMalformed(noType, noType.indexOf('    A'), 3, /expected "    name    REG_TYPE    data"/);
  const badDword = '\r\nHKEY_CURRENT_USER\\X\r\n    A    REG_DWORD    12\r\n';
  expectMalformed(badDword, badDword.indexOf('12'), 3, /bad number "12"/);
  const longDword = '\r\nHKEY_CURRENT_USER\\X\r\n    A    REG_DWORD    0x123456789\r\n';
  expectMalformed(longDword, longDword.indexOf('0x'), 3, /up to 8 hex digits/);
  const badHex = '\r\nHKEY_CURRENT_USER\\X\r\n    A    REG_BINARY    ABC\r\n';
  expectMalformed(badHex, badHex.indexOf('ABC'), 3, /bad hex data/);
  expectMalformed('\r\nHKEY_NOWHERE\\X\r\n', 2, 2, /unknown registry root/);
  const garbage = '\r\nHKEY_CURRENT_USER\\X\r\nsomething\r\n    A    REG_SZ    x\r\n';
  expectMalformed(garbage, garbage.indexOf('something'), 3, /unexpected text "something"/);
});

errors('exit code 1 means missing → null; 0 parses; others throw', () => {
  assert.is(parseRegQueryResult({ exitCode: 1, stdout: '' }), null);
  assert.is(parseRegQueryResult({ exitCode: 1, stdout: 'garbage that is not parsed' }), null);
  const keys = parseRegQueryResult({ exitCode: 0, stdout: '\r\nHKEY_CURRENT_USER\\X\r\n    A    REG_SZ    x\r\n\r\n' })!;
  assert.is(keys.length, 1);
  try {
    parseRegQueryResult({ exitCode: 5, stdout: '' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, FormatError);
    assert.is((e as FormatError).code, 'REG_QUERY_FAILED');
  }
});

errors.run();
