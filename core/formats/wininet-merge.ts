import { formatBypassList, parsePerSchemeList } from './proxy-address';
import { WININET_FLAG, type DecodedWininet, type WininetFields } from './wininet';

/** What a set asks of WinINet; a field left undefined was not in the request. */
export interface WininetChange {
  /** `host:port` or a per-scheme list. */
  proxyServer?: string;
  bypass?: readonly string[];
  autoConfigUrl?: string;
}

/**
 * The fields a WinINet set writes: what the request names, and everything it does not name kept as the blob
 * had it — the bypass list, the automatic configuration script and its flag, auto-detect, and a manual proxy
 * (with its flag, on or off) when the request gives only a PAC URL. A string stored with its flag off stays
 * stored and off: keeping it must not switch it on. Pure.
 */
export function mergeWininetChange(change: WininetChange, previous: DecodedWininet | null): WininetFields {
  const before = previous ?? null;
  let flags = WININET_FLAG.DIRECT as number;
  let proxyServer = before?.proxyServer ?? '';
  if (change.proxyServer !== undefined) {
    proxyServer = change.proxyServer.trim();
    if (proxyServer !== '') parsePerSchemeList(proxyServer);
    if (proxyServer !== '') flags |= WININET_FLAG.PROXY;
  } else if (before?.proxy) flags |= WININET_FLAG.PROXY;
  let autoConfigUrl = before?.autoConfigUrl ?? '';
  if (change.autoConfigUrl !== undefined) {
    autoConfigUrl = change.autoConfigUrl.trim();
    if (autoConfigUrl !== '') flags |= WININET_FLAG.AUTO_CONFIG;
  } else if (before?.autoConfig) flags |= WININET_FLAG.AUTO_CONFIG;
  if (before?.autoDetect) flags |= WININET_FLAG.AUTO_DETECT;
  const bypassList = change.bypass !== undefined ? formatBypassList(change.bypass) : (before?.bypassList ?? '');
  return { flags, proxyServer, bypassList, autoConfigUrl };
}
