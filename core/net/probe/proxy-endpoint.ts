import { detail } from '../../messages';
import { DEFAULT_PORTS, formatHost, proxyForScheme, type ProxyAddress } from '../../formats/proxy-address';
import type { ProxyCredentials } from './proxy-auth';
import { redactUserInfo } from '../../formats/redact';

/** A proxy a probe goes through (a plain HTTP proxy; the tunnel carries the TLS). */
export interface ProxyEndpoint {
  host: string;
  port: number;
  /** `http://host:port`, without credentials: safe to show. */
  url: string;
  credentials: ProxyCredentials | null;
}

export type ProxyChoice = { proxy: ProxyEndpoint } | { direct: string } | { error: string };

function credentialsOf(userInfo: string | null): ProxyCredentials | null {
  if (!userInfo) return null;
  const colon = userInfo.indexOf(':');
  // The address parser refused bad percent-encoding already; a text that slips through is taken as written.
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return colon === -1
    ? { userName: decode(userInfo), password: '' }
    : { userName: decode(userInfo.slice(0, colon)), password: decode(userInfo.slice(colon + 1)) };
}

/**
 * The proxy a store's or the request's proxy text gives for a URL scheme: a URL, `host:port`, or a per-scheme
 * list (`http=a:80;https=b:443`, where a missing entry for the scheme means direct). Credentials given apart
 * (`userName`/`password`) win over ones written in the URL.
 */
export function proxyEndpointFor(text: string, scheme: 'http' | 'https', credentials: ProxyCredentials | null = null): ProxyChoice {
  let address: ProxyAddress | null;
  try {
    address = proxyForScheme(text, scheme);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (!address) return { direct: detail('PROXY_LIST_NO_ENTRY_FOR', { list: redactUserInfo(text), scheme }) };
  if (address.scheme && address.scheme !== 'http') {
    return { error: detail('PROXY_SCHEME_NOT_PROBED', { proxy: redactUserInfo(text), scheme: address.scheme }) };
  }
  const port = address.port ?? DEFAULT_PORTS.http!;
  const host = address.host.toLowerCase();
  return { proxy: { host, port, url: `http://${formatHost(host)}:${port}`, credentials: credentials ?? credentialsOf(address.userInfo) } };
}
