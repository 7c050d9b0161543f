import type {
  DefenderAvEntry,
  MdeTelemetryEntry,
  MdiMethod,
  MdiSensorEntry,
  MdiSummary,
  StoreEntry,
  WinhttpEntry,
  WininetAccount,
  WininetEntry,
} from '../protocol';
import { DEFAULT_PORTS, formatHost, parsePerSchemeList, parseProxyAddress, proxyForScheme, sameBypassList } from '../formats/proxy-address';

/**
 * Which way the MDI sensor gets its proxy, the URL it ends up with, and every disagreement between the
 * places a proxy lives, in sentences an admin can act on. Precedence: the sensor's own configuration (v2),
 * then the MDE values (v3), then LocalService's WinINet settings, else none (direct, transparent or WPAD).
 */
export function summarizeMdi(entries: StoreEntry[]): MdiSummary {
  const found = collect(entries);
  const methodsFound = methodsIn(found);
  const method: MdiSummary['method'] = methodsFound[0] ?? 'none';
  return {
    method,
    methodsFound,
    effectiveProxy: effectiveProxyOf(method, found),
    conflicts: conflictsIn(found, method),
  };
}

interface Found {
  sensor: MdiSensorEntry | null;
  wininet: Partial<Record<WininetAccount, WininetEntry>>;
  winhttp: WinhttpEntry | null;
  telemetry: MdeTelemetryEntry | null;
  defenderAv: DefenderAvEntry | null;
}

function collect(entries: StoreEntry[]): Found {
  const found: Found = { sensor: null, wininet: {}, winhttp: null, telemetry: null, defenderAv: null };
  for (const entry of entries) {
    if (entry.store === 'mdi-sensor') found.sensor = entry;
    else if (entry.store === 'wininet') found.wininet[entry.account] = entry;
    else if (entry.store === 'winhttp') found.winhttp = entry;
    else if (entry.store === 'mde-telemetry') found.telemetry = entry;
    else found.defenderAv = entry;
  }
  return found;
}

/** A WinINet entry that sends traffic somewhere else than direct: a manual proxy or a PAC file. */
export function wininetConfigured(entry: WininetEntry | undefined): boolean {
  return !!entry && ((entry.proxyEnabled && entry.proxyServer !== null) || entry.autoConfigUrl !== null);
}

function methodsIn(found: Found): MdiMethod[] {
  const methods: MdiMethod[] = [];
  const sensor = found.sensor;
  if (sensor?.generation === 'v2' && sensor.status === 'configured') methods.push('sensor');
  if (sensor?.generation === 'v3' && sensor.status === 'configured') methods.push('mde-values');
  if (wininetConfigured(found.wininet.LocalService) || wininetConfigured(found.wininet.LocalSystem)) methods.push('wininet');
  return methods;
}

/** What WinINet uses for an HTTPS request (the sensor's only kind), as `http://host:port`; null for direct. */
export function wininetHttpsProxy(entry: WininetEntry | undefined): string | null {
  if (!entry || !entry.proxyEnabled || !entry.proxyServer) return null;
  try {
    const address = proxyForScheme(parsePerSchemeList(entry.proxyServer), 'https');
    return address ? `http://${formatHost(address.host.toLowerCase())}:${address.port ?? DEFAULT_PORTS.http}` : null;
  } catch {
    return null;
  }
}

function effectiveProxyOf(method: MdiSummary['method'], found: Found): string | null {
  switch (method) {
    case 'sensor':
    case 'mde-values':
      return found.sensor?.url ?? null;
    case 'wininet':
      return wininetHttpsProxy(found.wininet.LocalService);
    case 'none':
      return null;
  }
}

/** `host:port` in lowercase for comparing proxies written different ways; null when it does not parse. */
function proxyKey(text: string | null): string | null {
  if (!text) return null;
  try {
    const address = parseProxyAddress(text);
    return `${address.host.toLowerCase()}:${address.port ?? DEFAULT_PORTS[address.scheme ?? 'http'] ?? 80}`;
  } catch {
    return text.trim().toLowerCase();
  }
}

function wininetText(entry: WininetEntry | undefined): string {
  if (!entry || !wininetConfigured(entry)) return 'no proxy';
  const parts = [];
  if (entry.proxyEnabled && entry.proxyServer) parts.push(entry.proxyServer);
  if (entry.autoConfigUrl) parts.push(`PAC ${entry.autoConfigUrl}`);
  return parts.join(' + ');
}

function sameWininet(a: WininetEntry | undefined, b: WininetEntry | undefined): boolean {
  return wininetText(a) === wininetText(b) && sameBypassList(a?.bypassList ?? [], b?.bypassList ?? []);
}

function conflictsIn(found: Found, method: MdiSummary['method']): string[] {
  const conflicts: string[] = [];
  const { sensor, telemetry, defenderAv, winhttp } = found;
  const { CurrentUser: user, LocalSystem: system, LocalService: service } = found.wininet;
  const serviceProxy = wininetHttpsProxy(service);

  for (const entry of [user, system, service]) {
    if (entry?.error) conflicts.push(`${entry.account}'s WinINet settings (${entry.target}) cannot be decoded (${entry.error}): fix or delete the value.`);
  }
  if (winhttp?.error) conflicts.push(`The WinHTTP settings (${winhttp.target}) cannot be decoded (${winhttp.error}): run "netsh winhttp reset proxy" or set the proxy again.`);

  if (sensor?.generation === 'v2' && sensor.url && wininetConfigured(service)) {
    if (proxyKey(sensor.url) !== proxyKey(serviceProxy)) {
      conflicts.push(
        `The sensor configuration uses ${sensor.url} but LocalService's WinINet settings use ${wininetText(service)}: the sensor follows its configuration, other LocalService services the WinINet one. Make them agree, or clear the one you do not use (name the method when you change it).`,
      );
    } else {
      conflicts.push(
        `The proxy ${sensor.url} is configured twice, in the sensor configuration and in LocalService's WinINet settings: changes must name the method (sensor or wininet), and a later change to one will not reach the other.`,
      );
    }
  }
  if ((wininetConfigured(system) || wininetConfigured(service)) && !sameWininet(system, service)) {
    conflicts.push(
      `LocalSystem's WinINet proxy (${wininetText(system)}) differs from LocalService's (${wininetText(service)}): the sensor updater (LocalSystem) and the sensor (LocalService) reach the cloud different ways. Set both the same (set with store "wininet").`,
    );
  }
  if (wininetConfigured(user) && method !== 'sensor' && method !== 'mde-values' && (!sameWininet(user, service) || !sameWininet(user, system))) {
    conflicts.push(
      `CurrentUser has the WinINet proxy ${wininetText(user)}, but it was never copied to LocalSystem and LocalService, which the sensor services run as: copy it (set with "copyFromCurrentUser": true) or set the sensor's own proxy.`,
    );
  }
  if (service?.proxyEnabled && service.proxyServer && serviceProxy === null) {
    conflicts.push(
      `LocalService's WinINet proxy list "${service.proxyServer}" has no entry for https: the sensor's HTTPS traffic goes direct. Add an https= entry or use a single host:port.`,
    );
  }
  if (service?.autoConfigUrl && method === 'wininet') {
    conflicts.push(`LocalService uses the PAC file ${service.autoConfigUrl}: the sensor's proxy is whatever the script answers; test the route to be sure.`);
  }
  if (winhttp && !winhttp.direct && winhttp.proxyServer && !wininetConfigured(service) && method === 'none') {
    conflicts.push(
      `WinHTTP uses the proxy ${winhttp.proxyServer} but LocalService's WinINet settings have none: the MDI sensor does not use WinHTTP, so it goes direct. Set the sensor's proxy, or copy the proxy into WinINet for LocalSystem and LocalService.`,
    );
  }
  if (defenderAv?.proxyServer && !/^https?:\/\//i.test(defenderAv.proxyServer.trim())) {
    conflicts.push(
      `Defender Antivirus's ProxyServer "${defenderAv.proxyServer}" lacks its required http:// or https://: Defender AV ignores it. Set it again as http://${defenderAv.proxyServer.trim()} (set with store "defender-av").`,
    );
  }
  if (telemetry?.proxyServer) {
    if (/\s/.test(telemetry.proxyServer) || /:\/\//.test(telemetry.proxyServer)) {
      conflicts.push(
        `TelemetryProxyServer "${telemetry.proxyServer}" must be host:port without a scheme or spaces: the EDR sensor cannot use it. Set it again (set with store "mde-telemetry").`,
      );
    }
    if (telemetry.disableEnterpriseAuthProxy !== true) {
      conflicts.push(
        `TelemetryProxyServer is set but DisableEnterpriseAuthProxy is not 1: the EDR sensor may try to authenticate to the proxy. Set DisableEnterpriseAuthProxy to 1 (set with store "mde-telemetry" does).`,
      );
    }
  }
  if (sensor?.generation === 'v2' && sensor.userName && telemetry?.proxyServer && proxyKey(telemetry.proxyServer) === proxyKey(sensor.url)) {
    conflicts.push(
      `The sensor authenticates to ${sensor.url} as ${sensor.userName}, but MDE's telemetry goes through the same proxy and must pass anonymously: allow anonymous access to the Defender URLs on that proxy.`,
    );
  }
  if (sensor?.generation === 'v3' && defenderAv?.proxyServer && telemetry?.proxyServer && proxyKey(defenderAv.proxyServer) !== proxyKey(telemetry.proxyServer)) {
    conflicts.push(
      `The unified (v3) sensor reads its proxy from the MDE values, and they disagree: Defender AV ProxyServer ${defenderAv.proxyServer}, TelemetryProxyServer ${telemetry.proxyServer}. Set both to the same proxy.`,
    );
  }
  return conflicts;
}
