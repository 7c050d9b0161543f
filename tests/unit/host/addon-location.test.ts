import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addonLocations, isUnderFolder, protectedRoots } from '../../../core/host/native/addon-location';

const test = suite('where the koffi addon may be loaded from');

const WINDOWS_ENV = {
  ProgramW6432: 'C:\\Program Files',
  ProgramFiles: 'C:\\Program Files (x86)',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  SystemRoot: 'C:\\WINDOWS',
  ProgramData: 'C:\\ProgramData',
  LOCALAPPDATA: 'C:\\Users\\admin\\AppData\\Local',
};
const SHA = 'a77b6bb6f60cdd36' + '0'.repeat(48);

test('beside the executable only when it lies under Program Files or the Windows folder', () => {
  const installed = addonLocations(
    'C:\\Program Files\\WindowsPowerShell\\Modules\\DefenderProxyTools\\bin\\defenderproxy.exe',
    WINDOWS_ENV,
    '3.3.4',
    SHA,
  );
  assert.is(installed.besideExecutable, 'C:\\Program Files\\WindowsPowerShell\\Modules\\DefenderProxyTools\\bin\\koffi.node');
  assert.is(
    addonLocations('c:\\program files (x86)\\Tools\\defenderproxy.exe', WINDOWS_ENV, '3.3.4', SHA).besideExecutable,
    'c:\\program files (x86)\\Tools\\koffi.node',
  );
  for (const ordinary of [
    'C:\\Users\\admin\\Downloads\\defenderproxy.exe',
    'C:\\ProgramData\\defenderproxy.exe',
    'C:\\ProgramData\\DefenderProxyTools\\defenderproxy.exe',
    'C:\\Program Files Evil\\defenderproxy.exe',
    'C:\\Program Files\\..\\Temp\\defenderproxy.exe',
    'D:\\Program Files\\defenderproxy.exe',
    '\\\\server\\share\\Program Files\\defenderproxy.exe',
  ]) {
    assert.is(addonLocations(ordinary, WINDOWS_ENV, '3.3.4', SHA).besideExecutable, null, ordinary);
  }
});

test('the cache lies under the 64-bit Program Files, named by koffi version and hash', () => {
  const { cache } = addonLocations('C:\\Users\\admin\\Downloads\\defenderproxy.exe', WINDOWS_ENV, '3.3.4', SHA);
  assert.is(cache, 'C:\\Program Files\\DefenderProxyTools\\addon\\koffi-3.3.4-a77b6bb6f60cdd36.node');
  const thirtyTwoBitParent = addonLocations('C:\\x\\defenderproxy.exe', { ProgramFiles: 'C:\\Program Files\\' }, '3.3.4', SHA).cache;
  assert.is(thirtyTwoBitParent, 'C:\\Program Files\\DefenderProxyTools\\addon\\koffi-3.3.4-a77b6bb6f60cdd36.node');
  assert.is(addonLocations('C:\\x\\defenderproxy.exe', {}, '3.3.4', SHA).cache, null, 'no Program Files: no cache');
  assert.is(addonLocations('C:\\x\\defenderproxy.exe', { ProgramW6432: 'relative\\path' }, '3.3.4', SHA).cache, null);
});

test('protected roots: only absolute drive folders, once each', () => {
  assert.equal(protectedRoots(WINDOWS_ENV), ['C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\WINDOWS']);
  assert.equal(protectedRoots({ ProgramW6432: '', SystemRoot: 'C:\\' }), [], 'a drive root is not a protected folder');
  assert.ok(isUnderFolder('C:\\Program Files\\X\\', 'c:\\program files'));
  assert.not.ok(isUnderFolder('C:\\Program FilesX\\', 'C:\\Program Files'));
  assert.not.ok(isUnderFolder('C:\\Program Files\\..\\Users\\', 'C:\\Program Files'));
});

test.run();
