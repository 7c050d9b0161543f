import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cut, cutMiddle, table, visibleLength, wrap } from '../../../core/cli/text-layout';
import { CLEAR_LINE, logLine, progressLine } from '../../../core/cli/log-lines';
import { applyKeys } from '../../../core/cli/prompt';

const plain = { color: false, width: 60 };

test('layout: colour codes take no room; cut marks what it cut; wrap keeps words whole', () => {
  assert.is(visibleLength('\x1b[31mred\x1b[39m'), 3);
  assert.is(cut('abcdefghij', 6), 'abc...');
  assert.is(cut('abc', 6), 'abc');
  assert.is(cutMiddle('http://www.microsoft.com/pki/a.crt', 20), 'http://ww...ki/a.crt');
  assert.equal(wrap('one two three four', 9), ['one two', 'three', 'four']);
  const rows = table([{ header: 'A' }, { header: 'LONG', shrink: true }], [['x', 'y'.repeat(80)]], 30);
  assert.ok(
    rows.every((r) => r.length <= 30),
    rows.join('\n'),
  );
});

test('progress: count, bar and the current item, within the width', () => {
  const line = progressLine(
    { done: 5, total: 20, message: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\ProxyServer' },
    plain,
  );
  assert.match(line, /^5\/20 \[#####---------------\] {2}HKEY_LOCAL/);
  assert.ok(line.length < 60, line);
  assert.is(CLEAR_LINE, '\r\x1b[2K');
  assert.is(logLine({ level: 'warning', message: 'careful' }, plain), 'warning: careful');
  assert.is(logLine({ level: 'verbose', message: 'noise' }, plain), null);
});

test('the password prompt: Enter ends, Backspace and Ctrl+U edit, Ctrl+C interrupts, pasted text arrives whole', () => {
  assert.equal(applyKeys('', 'secret\r'), { done: true, text: 'secret' });
  assert.equal(applyKeys('', 'sec'), { done: false, text: 'sec' });
  assert.equal(applyKeys('sec', 'x\x7f\x7fret\n'), { done: true, text: 'seret' });
  assert.equal(applyKeys('junk', '\x15pw\r'), { done: true, text: 'pw' });
  assert.equal(applyKeys('pw', '\x03'), { interrupted: true });
  assert.equal(applyKeys('', '\x04'), { done: true, text: '' });
  assert.equal(applyKeys('', 'Pässwörd-ü\r'), { done: true, text: 'Pässwörd-ü' });
  assert.equal(applyKeys('pw', '\x1b[A\x1b[1;5D\x1bOP'), { done: false, text: 'pw' }, 'arrow and function keys enter nothing');
});

test.run();
