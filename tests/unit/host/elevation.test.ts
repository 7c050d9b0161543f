import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { elevationOfDiskOpen } from '../../../core/host/windows';

const failing = (code: string) => () => {
  throw Object.assign(new Error(`${code}: open '\\\\.\\PHYSICALDRIVE0'`), { code });
};

test('elevated when the disk opens; not when Windows answers access denied; unknown (wine: no such device) is not a refusal', () => {
  assert.is(elevationOfDiskOpen(() => {}), true);
  assert.is(elevationOfDiskOpen(failing('EPERM')), false);
  assert.is(elevationOfDiskOpen(failing('EACCES')), false);
  assert.is(elevationOfDiskOpen(failing('UNKNOWN')), true);
  assert.is(elevationOfDiskOpen(failing('ENOENT')), true);
});

test.run();
