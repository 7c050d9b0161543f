import type { Proxy } from '../protocol';
import { FormatError } from '../errors';
import { hasUserInfo, redactUserInfo } from '../formats/redact';
import { detail, fail, phrase } from '../messages';
import {
  formatListAddress,
  formatPerSchemeList,
  formatHost,
  parseBypassList,
  parsePerSchemeList,
  proxyForScheme,
  normalizeProxyUrl,
  toHostPort,
  DEFAULT_PORTS,
} from '../formats/proxy-address';

/** A request's proxy, checked and spelled the way each store keeps it. */
export interface ProxySetting {
  /** `http(s)://host:port`, what the MDI sensor and Defender AV keep; null when only a PAC URL was given. */
  url: string | null;
  /** `host:port`, what TelemetryProxyServer keeps; null when only a PAC URL was given. */
  hostPort: string | null;
  /** What WinINet and WinHTTP keep: `host:port` or a per-scheme list; null when only a PAC URL was given. */
  server: string | null;
  bypass: string[];
  pacUrl: string | null;
  /**
   * Which of bypass and PAC URL the request named: a WinINet set keeps the bypass list and PAC settings it is
   * not told to change (their absence means "leave them", not "none"). Absent: both named (a whole desired state).
   */
  given?: { bypass: boolean; pacUrl: boolean };
  /** `DOMAIN\user`; only the MDI sensor's own configuration keeps credentials. */
  userName: string | null;
  password: string | null;
  /**
   * Comparing with a desired state: a password is wanted but cannot be checked (the sensor keeps only its
   * ciphertext). The stored one counts as right when the user name matches; otherwise it is a difference.
   */
  passwordUnknown?: boolean;
}

/** What a change request asks of each store. */
export type ProxyIntent =
  | { action: 'set'; proxy: ProxySetting }
  | { action: 'clear' }
  /** WinINet only: the documented procedure, CurrentUser's settings copied to LocalSystem and LocalService. */
  | { action: 'copy-from-current-user' };

const USER_NAME = /^[^\\\s][^\\]*\\[^\\\s][^\\]*$/;

/**
 * WinINet and WinHTTP read a list whose entries are separated by `;` or blanks, and use the first entry for a
 * scheme: `proxy1.contoso.com proxy2.contoso.com:8080` would be two proxies for every scheme, the second
 * ignored. Reading a stored list accepts that, as Windows does; a request to write one is refused.
 */
function refuseRepeatedScheme(list: ReturnType<typeof parsePerSchemeList>): void {
  const seen = new Map<string | null, string[]>();
  for (const { scheme, address } of list) {
    const texts = seen.get(scheme) ?? [];
    texts.push(formatListAddress(address));
    seen.set(scheme, texts);
  }
  for (const [scheme, texts] of seen) {
    if (texts.length > 1) {
      throw fail(
        'PROXY_LIST_REPEATS_SCHEME',
        {
          field: 'proxy.server',
          scheme: scheme === null ? phrase('SCHEME_EVERY') : phrase('SCHEME_NAMED', { scheme }),
          entries: texts.join(', '),
        },
        { field: 'proxy.server' },
      );
    }
  }
}

/** Checks and normalises a request's proxy; throws a ToolError naming the field (exit 2). */
export function normalizeProxy(proxy: Proxy): ProxySetting {
  const url = proxy.url !== undefined ? field('proxy.url', () => normalizeProxyUrl(proxy.url!)) : null;
  const list = proxy.server !== undefined ? field('proxy.server', () => parsePerSchemeList(proxy.server!)) : null;
  if (list !== null && list.length === 0)
    throw fail('PROXY_ADDRESS_INVALID', { field: 'proxy.server', detail: detail('PROXY_SERVER_EMPTY') }, { field: 'proxy.server' });
  if (list !== null) refuseRepeatedScheme(list);
  const bare = list !== null && list.length === 1 && list[0]!.scheme === null;
  const server =
    list === null
      ? url === null
        ? null
        : hostPortOfUrl(url)
      : bare
        ? field('proxy.server', () => toHostPort(proxy.server!))
        : formatPerSchemeList(list);
  const httpsEntry = list === null ? null : proxyForScheme(list, 'https');
  const derivedUrl =
    httpsEntry === null ? null : `http://${formatHost(httpsEntry.host.toLowerCase())}:${httpsEntry.port ?? DEFAULT_PORTS.http}`;
  const effectiveUrl = url ?? derivedUrl;
  const pacUrl = proxy.pacUrl !== undefined ? checkPacUrl(proxy.pacUrl) : null;
  if (effectiveUrl === null && pacUrl === null) {
    throw fail('PROXY_ADDRESS_MISSING', {}, { field: proxy.server !== undefined ? 'proxy.server' : 'proxy.url' });
  }
  const bypass = proxy.bypass !== undefined ? field('proxy.bypass', () => parseBypassList(proxy.bypass!)) : [];
  if (proxy.userName !== undefined && !USER_NAME.test(proxy.userName)) {
    throw fail('PROXY_USERNAME_INVALID', { userName: proxy.userName }, { field: 'proxy.userName' });
  }
  if (proxy.password !== undefined && proxy.userName === undefined) {
    throw fail('PROXY_PASSWORD_WITHOUT_USER', {}, { field: 'proxy.password' });
  }
  if (proxy.password !== undefined && proxy.password.length === 0) {
    throw fail('PROXY_PASSWORD_EMPTY', {}, { field: 'proxy.password' });
  }
  return {
    url: effectiveUrl,
    hostPort: effectiveUrl === null ? null : hostPortOfUrl(effectiveUrl),
    server,
    bypass,
    pacUrl,
    given: { bypass: proxy.bypass !== undefined, pacUrl: proxy.pacUrl !== undefined },
    userName: proxy.userName ?? null,
    password: proxy.password ?? null,
  };
}

function hostPortOfUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** A PAC URL a store keeps: the registry holds it in clear, so it may carry no user-info (a password). */
function checkPacUrl(text: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(text.trim());
  } catch {
    // refused below
  }
  const usable = parsed !== null && ['http:', 'https:', 'file:'].includes(parsed.protocol) && !/[^\x21-\x7e]/.test(text.trim());
  if (!usable || hasUserInfo(text)) throw fail('PROXY_PAC_URL_INVALID', { text: redactUserInfo(text) }, { field: 'proxy.pacUrl' });
  return text.trim();
}

function field<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FormatError) throw fail('PROXY_ADDRESS_INVALID', { field: name, detail: error.message }, { field: name });
    throw error;
  }
}
