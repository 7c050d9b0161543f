import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overwriteFileInPlace, writeFileAtomic } from '../../../core/host/atomic-file';

test('overwriteFileInPlace keeps the file itself (inode, mode) and its new content exactly, shorter or longer', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'dp-inplace-')), 'SensorConfiguration.json');
  writeFileSync(file, 'a much longer original content\r\n');
  chmodSync(file, 0o640);
  const before = statSync(file);
  overwriteFileInPlace(file, Buffer.from('short'));
  assert.is(readFileSync(file, 'utf8'), 'short');
  overwriteFileInPlace(file, Buffer.from('{"longer": "than before, by far"}'));
  assert.is(readFileSync(file, 'utf8'), '{"longer": "than before, by far"}');
  const after = statSync(file);
  assert.is(after.ino, before.ino);
  assert.is(after.mode, before.mode);
});

test('writeFileAtomic replaces the file by rename and leaves no temporary file behind', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dp-atomic-'));
  const file = join(folder, 'registry.reg');
  writeFileSync(file, 'old');
  writeFileAtomic(file, Buffer.from('new'));
  assert.is(readFileSync(file, 'utf8'), 'new');
  assert.equal(require('node:fs').readdirSync(folder), ['registry.reg']);
});

test.run();
