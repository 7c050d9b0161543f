import type { WininetAccount, WininetEntry } from '../protocol';
import { INTERNET_SETTINGS_POLICY_KEY, MACHINE_CONNECTIONS_KEY, wininetScope } from './wininet-scope';
import { binaryValue, describeValue, findValue, sameName, type RegKey, type RegValue } from '../formats/registry-model';
import { buildWininetClearBlob, decodeWininet, encodeWininet, WININET_FLAG, type DecodedWininet } from '../formats/wininet';
import { mergeWininetChange, type WininetChange } from '../formats/wininet-merge';
import { sameBypassList } from '../formats/proxy-address';
import { FormatError } from '../errors';
import { fail, phrase } from '../messages';
import { KEYS } from './keys';
import type { Store } from './store';
import type { ProxyIntent, ProxySetting } from './proxy-intent';
import { valueTarget, valueWrite, type KeySnapshot, type ValueWrite } from './writes';

export const WININET_VALUE = 'DefaultConnectionSettings';
/** Windows keeps a copy beside it and restores from it: both are written. */
export const WININET_SAVED_VALUE = 'SavedLegacySettings';

export const WININET_ACCOUNTS: { account: WininetAccount; sid: string | null; key: string }[] = [
  { account: 'CurrentUser', sid: null, key: KEYS.wininetCurrentUser },
  { account: 'LocalSystem', sid: 'S-1-5-18', key: KEYS.wininetLocalSystem },
  { account: 'LocalService', sid: 'S-1-5-19', key: KEYS.wininetLocalService },
];

/** The accounts the MDI services run as (sensor: LocalService, updater: LocalSystem): the ones a change writes. */
const SERVICE_ACCOUNTS = WININET_ACCOUNTS.filter((a) => a.account !== 'CurrentUser');

/** The machine's own settings: what every account uses while the per-machine proxy policy is on. */
const MACHINE_ACCOUNT = { account: 'Machine' as WininetAccount, sid: null, key: MACHINE_CONNECTIONS_KEY };

/** The blob decoded, or the FormatError that names the account and the offset where it broke. */
export function decodeAccountBlob(account: WininetAccount, value: RegValue): DecodedWininet | FormatError {
  try {
    return decodeWininet(value.data, `wininet ${account} ${value.name}`);
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
}

export function describeWininet(account: WininetAccount, sid: string | null, keyPath: string, key: RegKey | null): WininetEntry {
  const entry: WininetEntry = {
    store: 'wininet',
    account,
    sid,
    target: valueTarget(keyPath, WININET_VALUE),
    present: false,
    proxyEnabled: false,
    proxyServer: null,
    bypassList: [],
    autoConfigUrl: null,
    autoDetect: false,
    version: null,
    changeCounter: null,
    error: null,
    autoConfigEnabled: false,
    notInEffect: [],
    perMachinePolicy: false,
    overriddenByMachine: false,
  };
  const value = findValue(key, WININET_VALUE);
  if (!value) return entry;
  const decoded = decodeAccountBlob(account, value);
  if (decoded instanceof FormatError) return { ...entry, present: true, error: `${decoded.code}: ${decoded.message}` };
  return {
    ...entry,
    present: true,
    proxyEnabled: decoded.proxy,
    proxyServer: decoded.proxyServer || null,
    bypassList: decoded.bypass,
    autoConfigUrl: decoded.autoConfig || decoded.autoConfigUrl ? decoded.autoConfigUrl || null : null,
    autoDetect: decoded.autoDetect,
    version: decoded.version,
    changeCounter: decoded.changeCounter,
    autoConfigEnabled: decoded.autoConfig,
    notInEffect: [
      ...(!decoded.proxy && decoded.proxyServer ? (['proxyServer'] as const) : []),
      ...(!decoded.autoConfig && decoded.autoConfigUrl ? (['autoConfigUrl'] as const) : []),
    ],
  };
}

/**
 * Every account's entry, and while the per-machine policy is on the machine's own too: the accounts' settings
 * are then stored but not in effect (WinINet reads HKLM's for every account).
 */
export function describeWininetStore(keys: (RegKey | null)[], policy: RegKey | null, machine: RegKey | null): WininetEntry[] {
  const perMachinePolicy = wininetScope(policy) === 'per-machine';
  const accounts = WININET_ACCOUNTS.map((a, i) => ({
    ...describeWininet(a.account, a.sid, a.key, keys[i] ?? null),
    perMachinePolicy,
    overriddenByMachine: perMachinePolicy,
  }));
  if (!perMachinePolicy) return accounts;
  return [...accounts, { ...describeWininet(MACHINE_ACCOUNT.account, null, MACHINE_ACCOUNT.key, machine), perMachinePolicy }];
}

const ACCOUNT_KEYS = WININET_ACCOUNTS.map((a) => a.key);
/** The policy key says where WinINet reads; the machine's key is where it reads under the per-machine policy. */
const SCOPE_KEYS = [INTERNET_SETTINGS_POLICY_KEY, MACHINE_CONNECTIONS_KEY];
/** Kept (never written): a change is planned from it, so its backup maps back here. */
const POLICY_KEYS = [INTERNET_SETTINGS_POLICY_KEY];

export const wininetStore: Store<WininetEntry> = {
  name: 'wininet',
  product: 'mdi',
  registry: {
    reads: [...ACCOUNT_KEYS, ...SCOPE_KEYS],
    // CurrentUser's key too: copy-from-current-user reads it; the policy key: it says whether WinINet is per machine.
    plans: [...ACCOUNT_KEYS, ...POLICY_KEYS],
    // Not the machine's Connections key: WinHTTP keeps it (the method never writes it, see planWininet).
    keeps: [...ACCOUNT_KEYS, ...POLICY_KEYS],
    writes: SERVICE_ACCOUNTS.map(({ key }) => ({ key, names: [WININET_VALUE, WININET_SAVED_VALUE] })),
    describe: (name, value) =>
      sameName(name, WININET_VALUE) || sameName(name, WININET_SAVED_VALUE) ? describeWininetValue(value) : describeValue(value),
  },
  keepsCredentials: false,
  async read(host) {
    const keys = await host.readKeys([...ACCOUNT_KEYS, ...SCOPE_KEYS]);
    return describeWininetStore(
      keys.slice(0, ACCOUNT_KEYS.length),
      keys[ACCOUNT_KEYS.length] ?? null,
      keys[ACCOUNT_KEYS.length + 1] ?? null,
    );
  },
  plan: async ({ keys }, intent) => planWininet(keys, intent),
};

// ─── plan ───────────────────────────────────────────────────────────────────────────────────────────

/** What a blob means, for comparing and for plans; the change counter and tail do not count. */
interface WininetMeaning {
  flags: number;
  proxyServer: string;
  bypassList: string;
  autoConfigUrl: string;
}

const KNOWN_FLAGS = WININET_FLAG.DIRECT | WININET_FLAG.PROXY | WININET_FLAG.AUTO_CONFIG | WININET_FLAG.AUTO_DETECT;

function meaningOf(decoded: DecodedWininet): WininetMeaning {
  return {
    flags: decoded.flags & KNOWN_FLAGS,
    proxyServer: decoded.proxyServer,
    bypassList: decoded.bypassList,
    autoConfigUrl: decoded.autoConfigUrl,
  };
}

function sameMeaning(a: WininetMeaning, b: WininetMeaning): boolean {
  return (
    a.flags === b.flags &&
    a.proxyServer === b.proxyServer &&
    sameBypassList(a.bypassList, b.bypassList) &&
    a.autoConfigUrl === b.autoConfigUrl
  );
}

/** `proxy a:80, bypass x;<local>` or `direct access`: what plans show instead of hex. */
export function describeWininetValue(value: RegValue | null): string | null {
  if (!value) return null;
  let decoded: DecodedWininet;
  try {
    decoded = decodeWininet(value.data);
  } catch {
    return phrase('VALUE_UNDECODABLE', { bytes: value.data.length });
  }
  const parts: string[] = [];
  if (decoded.proxy) parts.push(phrase('VALUE_PROXY', { server: decoded.proxyServer }));
  if (decoded.proxy && decoded.bypassList) parts.push(phrase('VALUE_BYPASS', { list: decoded.bypassList }));
  if (decoded.autoConfig) parts.push(phrase('VALUE_PAC', { url: decoded.autoConfigUrl }));
  if (decoded.autoDetect) parts.push(phrase('VALUE_AUTO_DETECT'));
  return parts.length > 0 ? parts.join(', ') : phrase('VALUE_DIRECT');
}

function decodedOrNull(value: RegValue | null): DecodedWininet | null {
  if (!value) return null;
  try {
    return decodeWininet(value.data);
  } catch {
    return null; // a corrupt blob is replaced afresh; the backup keeps its bytes
  }
}

/**
 * Sets, clears or copies the WinINet proxy of LocalSystem and LocalService, DefaultConnectionSettings and
 * SavedLegacySettings alike. A value whose meaning already matches is left alone (its counter too); a
 * rewritten blob keeps the machine's version and tail and counts the change counter on by one. While the
 * per-machine policy is on, the accounts' own settings are not in effect: the change is refused and says why
 * (the machine's settings are the policy's to manage, and WinHTTP's key, where they live, is not this store's).
 */
export function planWininet(keys: KeySnapshot, intent: ProxyIntent): ValueWrite[] {
  if (wininetScope(keys.key(INTERNET_SETTINGS_POLICY_KEY)) === 'per-machine') {
    throw fail('WININET_PER_MACHINE_POLICY', { policy: INTERNET_SETTINGS_POLICY_KEY, key: MACHINE_CONNECTIONS_KEY }, { field: 'method' });
  }
  const source = intent.action === 'copy-from-current-user' ? currentUserSource(keys) : null;
  return SERVICE_ACCOUNTS.flatMap(({ key }) => {
    const current = keys.key(key);
    return [WININET_VALUE, WININET_SAVED_VALUE].flatMap((name) => {
      const before = findValue(current, name);
      const previous = decodedOrNull(before);
      let after: Buffer | null;
      if (source) {
        const copied = name === WININET_SAVED_VALUE ? source.saved : source.settings;
        after = previous && sameMeaning(meaningOf(previous), meaningOf(decodeWininet(copied))) ? null : copied;
      } else if (intent.action === 'clear') {
        after = before === null || (previous && sameMeaning(meaningOf(previous), DIRECT)) ? null : buildWininetClearBlob(previous);
      } else if (intent.action === 'set') {
        const wanted = mergeWininetChange(changeOf(intent.proxy), previous);
        after = previous && sameMeaning(meaningOf(previous), meaningOfFields(wanted)) ? null : encodeWininet(wanted, previous);
      } else {
        after = null;
      }
      return after === null ? [] : valueWrite('wininet', key, before, binaryValue(name, after), describeWininetValue, name);
    });
  });
}

const DIRECT: WininetMeaning = { flags: WININET_FLAG.DIRECT, proxyServer: '', bypassList: '', autoConfigUrl: '' };

/**
 * What a set names: the proxy server (none when only a PAC URL is given: the manual proxy is then kept as it is),
 * and the bypass list and PAC URL only when the request gives them: WinINet keeps what it is not told to change.
 */
function changeOf(proxy: ProxySetting): WininetChange {
  const given = proxy.given ?? { bypass: true, pacUrl: true };
  return {
    ...(proxy.server !== null ? { proxyServer: proxy.server } : {}),
    ...(given.bypass ? { bypass: proxy.bypass } : {}),
    ...(given.pacUrl ? { autoConfigUrl: proxy.pacUrl ?? '' } : {}),
  };
}

function meaningOfFields(fields: { flags: number; proxyServer: string; bypassList: string; autoConfigUrl: string }): WininetMeaning {
  return {
    flags: fields.flags & KNOWN_FLAGS,
    proxyServer: fields.proxyServer,
    bypassList: fields.bypassList,
    autoConfigUrl: fields.autoConfigUrl,
  };
}

/** CurrentUser's blobs, as the documented procedure copies them; SavedLegacySettings falls back to the default one. */
function currentUserSource(keys: KeySnapshot): { settings: Buffer; saved: Buffer } {
  const key = keys.key(KEYS.wininetCurrentUser);
  const settings = findValue(key, WININET_VALUE);
  if (!settings)
    throw fail(
      'WININET_NOTHING_TO_COPY',
      { target: valueTarget(KEYS.wininetCurrentUser, WININET_VALUE) },
      { field: 'copyFromCurrentUser' },
    );
  const decoded = decodeAccountBlob('CurrentUser', settings);
  if (decoded instanceof FormatError)
    throw fail('WININET_SOURCE_UNREADABLE', { detail: decoded.message }, { field: 'copyFromCurrentUser' });
  const saved = findValue(key, WININET_SAVED_VALUE);
  const savedUsable = saved && !(decodeAccountBlob('CurrentUser', saved) instanceof FormatError);
  return { settings: Buffer.from(settings.data), saved: Buffer.from(savedUsable ? saved.data : settings.data) };
}
