import type { RegKey } from '../formats/registry-model';
import { findValue, readDword } from '../formats/registry-model';

/**
 * The Group Policy "Make proxy settings per-machine (rather than per-user)" (inetres.admx) is the DWORD
 * `ProxySettingsPerUser` under this key: 0 makes WinINet use the machine's settings for every account, 1 (or no
 * value) keeps them per user.
 */
export const INTERNET_SETTINGS_POLICY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

/** Where WinINet then reads DefaultConnectionSettings for every account (beside WinHTTP's WinHttpSettings). */
export const MACHINE_CONNECTIONS_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

export type WininetScope = 'per-user' | 'per-machine';

/** Per machine only for a real DWORD 0: a REG_SZ "0" is not what the policy writes, and Windows does not read it as the policy. */
export function wininetScope(policy: RegKey | null): WininetScope {
  const value = findValue(policy, 'ProxySettingsPerUser');
  return value && readDword(value) === 0 ? 'per-machine' : 'per-user';
}
