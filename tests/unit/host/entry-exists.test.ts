// entryExists, shared by capture (the output folder must not exist) and the image containment check: a dangling
// link is an entry, though existsSync says no to it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryExists } from '../../../core/host/entry-exists';

const folder = mkdtempSync(join(tmpdir(), 'dp-entry-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

test('a file and a folder are entries; a name with nothing there is not', () => {
  writeFileSync(join(folder, 'file'), 'x');
  assert.ok(entryExists(join(folder, 'file')));
  assert.ok(entryExists(folder));
  assert.not.ok(entryExists(join(folder, 'nothing')));
});

test('a dangling link is an entry (a write through it would land where it points), though existsSync says no', () => {
  const link = join(folder, 'dangling');
  symlinkSync(join(folder, 'gone', 'target'), link);
  assert.not.ok(existsSync(link));
  assert.ok(entryExists(link));
});

test.run();
