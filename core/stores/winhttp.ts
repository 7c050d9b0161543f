import type { WinhttpEntry } from '../protocol';
import { binaryValue, describeValue, findValue, sameName, type RegKey, type RegValue } from '../formats/registry-model';
import { buildWinhttpProxyBlob, buildWinhttpResetBlob, decodeWinhttp, type DecodedWinhttp } from '../formats/winhttp';
import { formatBypassList, sameBypassList } from '../formats/proxy-address';
import { FormatError } from '../errors';
import { fail, phrase } from '../messages';
import { KEYS } from './keys';
import type { Store } from './store';
import { describeWininetValue, WININET_SAVED_VALUE, WININET_VALUE } from './wininet';
import type { ProxyIntent } from './proxy-intent';
import { valueTarget, valueWrite, type KeySnapshot, type ValueWrite } from './writes';

export const WINHTTP_VALUE = 'WinHttpSettings';

/** The machine's WinHTTP proxy, what `netsh winhttp set proxy` writes (FORMATS.md §2). */
export function describeWinhttp(key: RegKey | null): WinhttpEntry {
  const entry: WinhttpEntry = {
    store: 'winhttp',
    target: valueTarget(KEYS.winhttp, WINHTTP_VALUE),
    present: false,
    direct: true,
    proxyServer: null,
    bypassList: [],
    error: null,
  };
  const value = findValue(key, WINHTTP_VALUE);
  if (!value) return entry;
  try {
    const decoded = decodeWinhttp(value.data);
    return { ...entry, present: true, direct: !decoded.proxy, proxyServer: decoded.proxyServer || null, bypassList: decoded.bypass };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { ...entry, present: true, error: `${error.code}: ${error.message}` };
  }
}

export const winhttpStore: Store<WinhttpEntry> = {
  name: 'winhttp',
  product: 'mde',
  registry: {
    reads: [KEYS.winhttp],
    plans: [KEYS.winhttp],
    keeps: [KEYS.winhttp],
    writes: [{ key: KEYS.winhttp, names: [WINHTTP_VALUE] }],
    // The key also holds the machine's WinINet settings (per-machine policy): they read as WinINet's do.
    describe: (name, value) =>
      sameName(name, WINHTTP_VALUE)
        ? describeWinhttpValue(value)
        : sameName(name, WININET_VALUE) || sameName(name, WININET_SAVED_VALUE)
          ? describeWininetValue(value)
          : describeValue(value),
  },
  keepsCredentials: false,
  // 002: netsh's machine-wide proxy "will affect all applications including Windows services which use WinHTTP"
  // and "laptops that are changing topology will malfunction": written only when named.
  changedWithProduct: false,
  async read(host) {
    const [key] = await host.readKeys([KEYS.winhttp]);
    return [describeWinhttp(key ?? null)];
  },
  plan: async ({ keys }, intent) => planWinhttp(keys, intent),
};

export function describeWinhttpValue(value: RegValue | null): string | null {
  if (!value) return null;
  try {
    const decoded = decodeWinhttp(value.data);
    if (!decoded.proxy) return phrase('VALUE_DIRECT');
    const proxy = phrase('VALUE_PROXY', { server: decoded.proxyServer });
    return decoded.bypassList ? `${proxy}, ${phrase('VALUE_BYPASS', { list: decoded.bypassList })}` : proxy;
  } catch {
    return phrase('VALUE_UNDECODABLE', { bytes: value.data.length });
  }
}

function decodedOrNull(value: RegValue | null): DecodedWinhttp | null {
  if (!value) return null;
  try {
    return decodeWinhttp(value.data);
  } catch {
    return null;
  }
}

/** `netsh winhttp set proxy <server> bypass-list=...` / `netsh winhttp reset proxy`, skipped when already so. */
export function planWinhttp(keys: KeySnapshot, intent: ProxyIntent): ValueWrite[] {
  if (intent.action === 'copy-from-current-user') throw fail('COPY_ONLY_WININET', { store: 'winhttp' }, { field: 'copyFromCurrentUser' });
  const before = findValue(keys.key(KEYS.winhttp), WINHTTP_VALUE);
  const previous = decodedOrNull(before);
  if (intent.action === 'clear') {
    if (before === null || (previous && !previous.proxy && previous.proxyServer === '' && previous.bypassList === '')) return [];
    return valueWrite('winhttp', KEYS.winhttp, before, binaryValue(WINHTTP_VALUE, buildWinhttpResetBlob(previous)), describeWinhttpValue);
  }
  const server = intent.proxy.server;
  if (server === null) throw fail('STORE_NEEDS_PROXY_ADDRESS', { store: 'winhttp' }, { field: 'proxy.pacUrl' });
  const bypass = formatBypassList(intent.proxy.bypass);
  if (previous && previous.proxy && previous.proxyServer === server && sameBypassList(previous.bypassList, bypass)) return [];
  return valueWrite(
    'winhttp',
    KEYS.winhttp,
    before,
    binaryValue(WINHTTP_VALUE, buildWinhttpProxyBlob(server, intent.proxy.bypass, previous)),
    describeWinhttpValue,
  );
}
