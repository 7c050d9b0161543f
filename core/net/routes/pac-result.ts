/** One entry of what FindProxyForURL returns: `PROXY host:port`, `DIRECT`, or a kind this probe cannot use. */
export type PacChoice = { kind: 'direct' } | { kind: 'proxy'; address: string } | { kind: 'unsupported'; text: string };

/**
 * Parses a FindProxyForURL result such as `PROXY a:8080; PROXY b:8080; DIRECT`. An empty result means DIRECT.
 * `HTTP` is a synonym of `PROXY`; `HTTPS` (TLS to the proxy) and `SOCKS*` are kept as unsupported.
 */
export function parsePacResult(result: string | null | undefined): PacChoice[] {
  const parts = String(result ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return [{ kind: 'direct' }];
  return parts.map((part): PacChoice => {
    const [keyword = '', address = ''] = part.split(/\s+/, 2);
    const kind = keyword.toUpperCase();
    if (kind === 'DIRECT') return { kind: 'direct' };
    if ((kind === 'PROXY' || kind === 'HTTP') && address) return { kind: 'proxy', address };
    return { kind: 'unsupported', text: part };
  });
}
