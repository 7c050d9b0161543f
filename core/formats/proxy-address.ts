/**
 * Proxy addresses as people type them and as the stores keep them: URLs (`http://proxy:8080/`), bare
 * `host:port` (what TelemetryProxyServer, WinINet and WinHTTP keep), per-scheme lists
 * (`http=a:80;https=b:443`) and bypass lists (`<local>;*.contoso.com`).
 *
 * WHATWG `new URL('proxy.contoso.com:8080')` reads `proxy.contoso.com` as the scheme, so nothing here uses
 * URL: the grammar is small and parsed by hand.
 */
import { isIP, isIPv4, isIPv6 } from './ip-address';
import { FormatError } from '../errors';
import { detail } from '../messages';
import { hasUserInfo, redactUserInfo, REDACTED } from './redact';

const INVALID = 'PROXY_ADDRESS_INVALID';
const ADDRESS_FORMAT = detail('FORMAT_PROXY_ADDRESS');
const LIST_FORMAT = detail('FORMAT_PROXY_LIST');
const BYPASS_FORMAT = detail('FORMAT_PROXY_BYPASS_LIST');

export const LOCAL_BYPASS = '<local>';
/** WinINet (Windows 8+): removes the implicit loopback bypass; it never matches a host itself. */
export const NO_LOOPBACK_BYPASS = '<-loopback>';

export interface ProxyAddress {
  /** Lowercase scheme when one was written (`http`, `https`, `socks`…), else null. */
  scheme: string | null;
  /** Host name or IP address as written; IPv6 without its brackets (`fe80::1`). */
  host: string;
  /** Null when no port was written; callers pick the default. */
  port: number | null;
  /** `user` or `user:password` from `http://user@proxy/`; null when absent. */
  userInfo: string | null;
}

export const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, socks: 1080 };

/** The rejection of one address, list or bypass entry; `reason` is a sentence of the locale's `details`. */
function invalid(format: string, offset: number, reason: string): FormatError {
  return new FormatError(INVALID, format, offset, reason);
}

// ─── one address ────────────────────────────────────────────────────────────────────────────────────

/**
 * Parses `scheme://[user@]host[:port][/]`, `host[:port]`, `[ipv6][:port]`. Surrounding blanks are ignored;
 * blanks inside, paths, queries and unbracketed IPv6 are rejected. Throws FormatError PROXY_ADDRESS_INVALID
 * whose offset is the character index in `input`.
 */
export function parseProxyAddress(input: string, format: string = ADDRESS_FORMAT): ProxyAddress {
  return withoutUserInfoInErrors(input, (text) => parseAddress(text, format), format);
}

function parseAddress(input: string, format: string): ProxyAddress {
  const lead = input.length - input.trimStart().length;
  const text = input.trim();
  if (text.length === 0) throw invalid(format, 0, detail('PROXY_ADDRESS_EMPTY'));
  const blank = text.search(/\s/);
  if (blank !== -1) {
    throw invalid(format, lead + blank, detail('PROXY_ADDRESS_SPACE', { text }));
  }
  if (/[;=]/.test(text)) {
    const at = text.search(/[;=]/);
    throw invalid(format, lead + at, detail('PROXY_ADDRESS_LIST', { text, character: text[at]! }));
  }

  let pos = 0;
  let scheme: string | null = null;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    pos = schemeMatch[0].length;
  }

  let authorityEnd = text.length;
  const pathAt = text.slice(pos).search(/[/?#]/);
  if (pathAt !== -1) {
    authorityEnd = pos + pathAt;
    if (text.slice(authorityEnd) !== '/') {
      throw invalid(format, lead + authorityEnd, detail('PROXY_ADDRESS_PATH', { text }));
    }
  }
  let authority = text.slice(pos, authorityEnd);

  let userInfo: string | null = null;
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    userInfo = authority.slice(0, at);
    if (!percentEncodingIsValid(userInfo)) {
      throw invalid(format, lead + pos, detail('PROXY_USER_INFO_ENCODING'));
    }
    pos += at + 1;
    authority = authority.slice(at + 1);
  }

  const { host, portText, portAt } = splitHostPort(authority, format, lead + pos);
  return { scheme, host, port: portText === null ? null : parsePort(portText, format, lead + pos + portAt), userInfo };
}

function percentEncodingIsValid(text: string): boolean {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return false;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a parse of `input`; when it fails and `input` holds user-info (a password, most likely), the error must
 * not quote any part of it: the parse runs again on the redacted text (`http://***@proxy:8080`), whose error
 * quotes only that, or, when the redacted text parses, the error names the part before "@".
 */
function withoutUserInfoInErrors<T>(input: string, parse: (text: string) => T, format: string): T {
  try {
    return parse(input);
  } catch (error) {
    if (!(error instanceof FormatError) || !hasUserInfo(input)) throw error;
    const redacted = redactUserInfo(input);
    // Offsets after the user-info move by the difference in length; inside it they point at its start.
    const inputAt = input.lastIndexOf('@');
    const redactedAt = redacted.lastIndexOf('@');
    const start = redactedAt - REDACTED.length;
    const offset = (at: number) => Math.min(at >= redactedAt ? at + inputAt - redactedAt : Math.min(at, start), input.length);
    try {
      parse(redacted);
    } catch (second) {
      if (second instanceof FormatError) throw new FormatError(INVALID, second.format, offset(second.offset), detailOf(second));
      throw second;
    }
    throw invalid(format, start, detail('PROXY_USER_INFO_UNUSABLE', { redacted }));
  }
}

function splitHostPort(authority: string, format: string, offset: number): { host: string; portText: string | null; portAt: number } {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) throw invalid(format, offset, detail('PROXY_IPV6_UNCLOSED', { authority }));
    const host = authority.slice(1, close);
    if (!/^[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?$/.test(host) || !isIPv6(host.replace(/%.*$/, ''))) {
      throw invalid(format, offset + 1, detail('PROXY_IPV6_INVALID', { host }));
    }
    const rest = authority.slice(close + 1);
    if (rest === '') return { host, portText: null, portAt: 0 };
    if (!rest.startsWith(':')) throw invalid(format, offset + close + 1, detail('PROXY_IPV6_PORT_EXPECTED', { host }));
    return { host, portText: rest.slice(1), portAt: close + 2 };
  }
  const colons = authority.split(':').length - 1;
  if (colons > 1) {
    throw invalid(format, offset, detail('PROXY_IPV6_UNBRACKETED', { authority }));
  }
  const colon = authority.indexOf(':');
  const host = colon === -1 ? authority : authority.slice(0, colon);
  if (host.length === 0) throw invalid(format, offset, detail('PROXY_HOST_MISSING'));
  const bad = host.search(/[^A-Za-z0-9._-]/);
  if (bad !== -1 || host.startsWith('.') || host.includes('..')) {
    throw invalid(format, offset + Math.max(bad, 0), detail('PROXY_HOST_INVALID', { host: excerpt(host) }));
  }
  checkHostLength(host, format, offset);
  if (/^[0-9.]+$/.test(host) && !isIPv4(host)) {
    throw invalid(format, offset, detail('PROXY_HOST_NOT_IPV4', { host }));
  }
  return { host, portText: colon === -1 ? null : authority.slice(colon + 1), portAt: colon + 1 };
}

/** DNS limits (RFC 1035): 253 characters in all, 63 per label. */
function checkHostLength(host: string, format: string, offset: number): void {
  const name = host.replace(/\.$/, '');
  if (name.length > 253) throw invalid(format, offset, detail('PROXY_HOST_TOO_LONG', { length: name.length }));
  const label = name.split('.').findIndex((l) => l.length > 63);
  if (label !== -1) throw invalid(format, offset, detail('PROXY_LABEL_TOO_LONG', { label: excerpt(name.split('.')[label]!) }));
}

function excerpt(text: string): string {
  return text.length > 60 ? detail('EXCERPT', { start: text.slice(0, 60), length: text.length }) : text;
}

function parsePort(text: string, format: string, offset: number): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw invalid(format, offset, detail('PROXY_PORT_INVALID', { port: text }));
  }
  return port;
}

/** `host` for URLs and host:port: IPv6 gets its brackets back. */
export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function withPort(address: ProxyAddress, scheme: string): string {
  return `${formatHost(address.host.toLowerCase())}:${address.port ?? DEFAULT_PORTS[scheme]}`;
}

/**
 * A proxy URL in the form the MDI sensor and Defender Antivirus keep: `http://host:port` (or https).
 * No scheme means http; no port means the scheme's default. Rejects other schemes and embedded credentials.
 */
export function normalizeProxyUrl(input: string): string {
  return withoutUserInfoInErrors(input, normalizeUrl, ADDRESS_FORMAT);
}

function normalizeUrl(input: string): string {
  const address = parseAddress(input, ADDRESS_FORMAT);
  const scheme = address.scheme ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') {
    throw invalid(ADDRESS_FORMAT, 0, detail('PROXY_SCHEME_UNSUPPORTED', { scheme }));
  }
  rejectCredentials(address, input);
  return `${scheme}://${withPort(address, scheme)}`;
}

/**
 * `host:port` for TelemetryProxyServer (no scheme, no spaces). Accepts `host:port`, a bare host (port 80) or
 * an http:// URL; rejects other schemes and embedded credentials.
 */
export function toHostPort(input: string): string {
  return withoutUserInfoInErrors(input, hostPortOf, ADDRESS_FORMAT);
}

function hostPortOf(input: string): string {
  const address = parseAddress(input, ADDRESS_FORMAT);
  if (address.scheme !== null && address.scheme !== 'http') {
    throw invalid(ADDRESS_FORMAT, 0, detail('PROXY_SCHEME_NOT_HOST_PORT', { scheme: address.scheme }));
  }
  rejectCredentials(address, input);
  return withPort(address, 'http');
}

function rejectCredentials(address: ProxyAddress, input: string): void {
  if (address.userInfo !== null) {
    throw invalid(ADDRESS_FORMAT, input.indexOf('@'), detail('PROXY_ADDRESS_CREDENTIALS'));
  }
}

// ─── per-scheme lists ───────────────────────────────────────────────────────────────────────────────

export interface ProxyListEntry {
  /** `http`, `https`, `ftp`, `socks`…; null for a bare address that serves every scheme. */
  scheme: string | null;
  address: ProxyAddress;
}

/**
 * `proxy:8080`, `http=a:80;https=b:443`, `socks=s:1080` (entries separated by `;` or blanks, as WinINet and
 * WinHTTP accept them). An empty string is an empty list.
 */
export function parsePerSchemeList(input: string): ProxyListEntry[] {
  return withoutUserInfoInErrors(input, parseList, LIST_FORMAT);
}

function parseList(input: string): ProxyListEntry[] {
  const entries: ProxyListEntry[] = [];
  for (const { text, offset } of tokens(input, /[;\s]/)) {
    const eq = text.indexOf('=');
    let scheme: string | null = null;
    let addressText = text;
    if (eq !== -1) {
      scheme = text.slice(0, eq).toLowerCase();
      if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) {
        throw invalid(LIST_FORMAT, offset, detail('PROXY_LIST_NO_SCHEME', { entry: text }));
      }
      addressText = text.slice(eq + 1);
    }
    let address: ProxyAddress;
    try {
      address = parseAddress(addressText, LIST_FORMAT);
    } catch (e) {
      if (e instanceof FormatError)
        throw invalid(LIST_FORMAT, offset + (eq + 1) + e.offset, detail('PROXY_LIST_ENTRY', { entry: text, detail: detailOf(e) }));
      throw e;
    }
    entries.push({ scheme, address });
  }
  return entries;
}

function detailOf(e: FormatError): string {
  return e.message.replace(/^[^:]*: /, '').replace(/ \(at offset \d+\)$/, '');
}

/** One entry's address as WinINet writes it: `host:port`, `host`, or with its own `scheme://`. */
export function formatListAddress(address: ProxyAddress): string {
  const hostPort = address.port === null ? formatHost(address.host) : `${formatHost(address.host)}:${address.port}`;
  return address.scheme ? `${address.scheme}://${hostPort}` : hostPort;
}

/** The list back as WinINet writes it: `http=a:80;https=b:443` (a bare entry as `host:port`). */
export function formatPerSchemeList(entries: ProxyListEntry[]): string {
  return entries.map(({ scheme, address }) => (scheme ? `${scheme}=${formatListAddress(address)}` : formatListAddress(address))).join(';');
}

/**
 * The proxy a request of `scheme` goes through: the entry for that scheme, else a bare entry (which serves
 * every scheme), else null (direct).
 */
export function proxyForScheme(list: ProxyListEntry[] | string, scheme: string): ProxyAddress | null {
  const entries = typeof list === 'string' ? parsePerSchemeList(list) : list;
  const wanted = scheme.toLowerCase();
  return entries.find((e) => e.scheme === wanted)?.address ?? entries.find((e) => e.scheme === null)?.address ?? null;
}

// ─── bypass lists ───────────────────────────────────────────────────────────────────────────────────

function* tokens(input: string, separator: RegExp): Generator<{ text: string; offset: number }> {
  let start = 0;
  for (let i = 0; i <= input.length; i++) {
    if (i === input.length || separator.test(input[i]!)) {
      if (i > start) yield { text: input.slice(start, i), offset: start };
      start = i + 1;
    }
  }
}

/**
 * Bypass entries from `;`, `,` or blank separated text (or an array of such texts): trimmed, deduplicated
 * case-insensitively keeping the first, `<local>` spelled in lowercase and moved last.
 */
export function parseBypassList(input: string | readonly string[]): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  const entries: string[] = [];
  for (const text of texts) {
    for (const token of tokens(text, /[;,\s]/)) entries.push(validateBypassEntry(token.text, token.offset));
  }
  return normalizeBypassEntries(entries);
}

/** `a;b;<local>` — deduplicated, `<local>` last, as Windows writes ProxyOverride and the blobs. */
export function formatBypassList(entries: readonly string[]): string {
  return parseBypassList(entries).join(';');
}

/**
 * Whether two bypass lists name the same entries, in any order and case: the order of a bypass list does not
 * change what it bypasses, so a machine whose list differs only in order needs no rewrite. Lenient on purpose
 * (entries are not validated): one side is what a machine stored.
 */
export function sameBypassList(a: string | readonly string[], b: string | readonly string[]): boolean {
  const entries = (list: string | readonly string[]): Set<string> =>
    new Set(
      (typeof list === 'string' ? [list] : list)
        .flatMap((text) => text.split(/[;,\s]+/))
        .filter((e) => e.length > 0)
        .map((e) => e.toLowerCase()),
    );
  const left = entries(a);
  const right = entries(b);
  return left.size === right.size && [...left].every((e) => right.has(e));
}

function normalizeBypassEntries(entries: string[]): string[] {
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const key = e.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const local = unique.filter((e) => e === LOCAL_BYPASS);
  return [...unique.filter((e) => e !== LOCAL_BYPASS), ...local];
}

function validateBypassEntry(entry: string, offset: number): string {
  if (entry.startsWith('<')) {
    const lower = entry.toLowerCase();
    if (lower === LOCAL_BYPASS || lower === NO_LOOPBACK_BYPASS) return lower;
    throw invalid(BYPASS_FORMAT, offset, detail('PROXY_BYPASS_ANGLE', { entry }));
  }
  const bad = entry.search(/[^A-Za-z0-9.*_\-:[\]/%]/);
  if (bad !== -1) {
    throw invalid(BYPASS_FORMAT, offset + bad, detail('PROXY_BYPASS_CHARACTER', { entry, character: entry[bad]! }));
  }
  return entry;
}

/**
 * Whether a request to `host` skips the proxy: `<local>` matches names without a dot; other entries match
 * the whole host case-insensitively, `*` standing for any run of characters. An entry's `scheme://` and
 * `:port` are ignored (the host decides). Lenient: entries a machine holds are matched, never rejected.
 */
export function bypassMatches(host: string, list: readonly string[] | string): boolean {
  const name = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (name.length === 0) return false;
  const texts = typeof list === 'string' ? [list] : list;
  const entries = texts.flatMap((text) => [...tokens(text, /[;,\s]/)].map((t) => t.text.toLowerCase()));
  return entries.some((entry) => {
    if (entry === LOCAL_BYPASS) return !name.includes('.') && !name.includes(':');
    if (entry === NO_LOOPBACK_BYPASS) return false;
    return bypassPattern(entry).test(name);
  });
}

function bypassPattern(entry: string): RegExp {
  let hostPart = entry.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
  if (hostPart.startsWith('[')) hostPart = hostPart.replace(/^\[(.*)\](:\d+)?$/, '$1');
  else if (hostPart.split(':').length === 2) hostPart = hostPart.replace(/:[0-9*]*$/, '');
  const source = hostPart
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/**
 * The IP address a proxy is given as (`http://10.0.0.6:8080`, `10.0.0.6:8080`, a per-scheme list's https entry), or
 * null when it is a name or does not parse. 000 recommends a custom DNS A record for the sensor's proxy instead.
 */
export function proxyIpAddress(input: string): string | null {
  try {
    const address = input.includes('=') ? proxyForScheme(input, 'https') : parseProxyAddress(input);
    const host = address?.host.replace(/^\[|\]$/g, '') ?? '';
    return isIP(host) ? host : null;
  } catch {
    return null;
  }
}
