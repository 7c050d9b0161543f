import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dwordValue, szValue } from '../../../core/formats/registry-model';
import { INTERNET_SETTINGS_POLICY_KEY, wininetScope } from '../../../core/stores/wininet-scope';

const key = (...values: ReturnType<typeof dwordValue>[]) => ({ path: INTERNET_SETTINGS_POLICY_KEY, values });

test('ProxySettingsPerUser = 0 (DWORD) makes WinINet per machine; 1, absent or a string is per user', () => {
  assert.is(wininetScope(key(dwordValue('ProxySettingsPerUser', 0))), 'per-machine');
  assert.is(wininetScope(key(dwordValue('ProxySettingsPerUser', 1))), 'per-user');
  assert.is(wininetScope(key()), 'per-user');
  assert.is(wininetScope(null), 'per-user');
  assert.is(wininetScope(key(szValue('ProxySettingsPerUser', '0'))), 'per-user');
});

test.run();
