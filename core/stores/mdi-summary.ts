import type {
  DefenderAvEntry,
  MdeTelemetryEntry,
  MdiIssue,
  MdiIssueCode,
  MdiMethod,
  MdiSensorEntry,
  MdiSummary,
  StoreEntry,
  StoreName,
  WinhttpEntry,
  WininetAccount,
  WininetEntry,
} from '../protocol';
import { conflict, note, phrase } from '../messages';
import { mdeValueIssues } from './mde-summary';
import {
  DEFAULT_PORTS,
  formatHost,
  parsePerSchemeList,
  parseProxyAddress,
  proxyForScheme,
  proxyIpAddress,
  sameBypassList,
} from '../formats/proxy-address';

/**
 * Which way the MDI sensor gets its proxy, the URL it ends up with, and every disagreement between the
 * places a proxy lives, in sentences an admin can act on. Precedence: the sensor's own configuration (v2),
 * then the MDE values (v3), then LocalService's WinINet settings, else none (direct, transparent or WPAD).
 */
export function summarizeMdi(entries: StoreEntry[]): MdiSummary {
  const found = collect(entries);
  const methodsFound = methodsIn(found);
  const method: MdiSummary['method'] = methodsFound[0] ?? 'none';
  const issues = conflictsIn(found, method);
  const notes = notesOn(found);
  return {
    method,
    methodsFound,
    effectiveProxy: effectiveProxyOf(method, found),
    conflicts: issues.map((i) => i.message),
    issues,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** 000: a sensor proxy given as an IP address is better a custom DNS A record (changing it means reinstalling the sensor). */
function notesOn(found: Found): string[] {
  const url = found.sensor?.generation === 'v2' ? found.sensor.url : null;
  const ip = url ? proxyIpAddress(url) : null;
  return ip ? [note('PROXY_IS_IP_ADDRESS', { ip, where: phrase('METHOD_PLACE_SENSOR') })] : [];
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
    else if (entry.store === 'defender-av') found.defenderAv = entry;
  }
  return found;
}

/** Whether the entry's PAC file is in effect: its URL stored with its flag set (an entry that does not say counts as set). */
export function pacInEffect(entry: WininetEntry | undefined): boolean {
  return !!entry?.autoConfigUrl && entry.autoConfigEnabled !== false;
}

/**
 * A WinINet entry that sends traffic somewhere else than direct: a manual proxy or a PAC file, each only with its
 * flag set (Windows keeps strings whose flag is off), and only while the entry is in effect (the per-machine
 * policy puts the machine's settings in place of every account's).
 */
export function wininetConfigured(entry: WininetEntry | undefined): boolean {
  return !!entry && !entry.overriddenByMachine && ((entry.proxyEnabled && entry.proxyServer !== null) || pacInEffect(entry));
}

/** The settings WinINet uses for an account: its own, or the machine's while the per-machine policy is on. */
export function effectiveWininet(
  entries: Partial<Record<WininetAccount, WininetEntry>>,
  account: WininetAccount,
): WininetEntry | undefined {
  return entries.Machine ?? entries[account];
}

function methodsIn(found: Found): MdiMethod[] {
  const methods: MdiMethod[] = [];
  const sensor = found.sensor;
  if (sensor?.generation === 'v2' && sensor.status === 'configured') methods.push('sensor');
  if (sensor?.generation === 'v3' && sensor.status === 'configured') methods.push('mde-values');
  if (
    wininetConfigured(effectiveWininet(found.wininet, 'LocalService')) ||
    wininetConfigured(effectiveWininet(found.wininet, 'LocalSystem'))
  )
    methods.push('wininet');
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
      return wininetHttpsProxy(effectiveWininet(found.wininet, 'LocalService'));
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
  if (!entry || !wininetConfigured(entry)) return phrase('WININET_NO_PROXY');
  const parts = [];
  if (entry.proxyEnabled && entry.proxyServer) parts.push(entry.proxyServer);
  if (pacInEffect(entry) && entry.autoConfigUrl) parts.push(phrase('VALUE_PAC', { url: entry.autoConfigUrl }));
  return parts.join(' + ');
}

function sameWininet(a: WininetEntry | undefined, b: WininetEntry | undefined): boolean {
  return wininetText(a) === wininetText(b) && sameBypassList(a?.bypassList ?? [], b?.bypassList ?? []);
}

function conflictsIn(found: Found, method: MdiSummary['method']): MdiIssue[] {
  const issues: MdiIssue[] = [];
  const add = (stores: StoreName[], said: { code: MdiIssueCode; message: string }) => issues.push({ ...said, stores });
  const { sensor, telemetry, defenderAv, winhttp } = found;
  const [user, system, service] = (['CurrentUser', 'LocalSystem', 'LocalService'] as const).map((a) => effectiveWininet(found.wininet, a));
  const serviceProxy = wininetHttpsProxy(service);
  const ownEntries = Object.values(found.wininet);

  for (const entry of ownEntries) {
    if (entry?.error)
      add(['wininet'], conflict('WININET_UNDECODABLE', { account: entry.account, target: entry.target, error: entry.error }));
  }
  if (found.wininet.Machine) add(['wininet'], conflict('WININET_PER_MACHINE', { proxy: wininetText(found.wininet.Machine) }));
  for (const entry of [found.wininet.Machine, found.wininet.LocalSystem, found.wininet.LocalService]) {
    if (!entry || entry.overriddenByMachine || !entry.notInEffect?.length) continue;
    const stored = entry.notInEffect.map((field) =>
      field === 'proxyServer'
        ? phrase('VALUE_PROXY', { server: entry.proxyServer ?? '' })
        : phrase('VALUE_PAC', { url: entry.autoConfigUrl ?? '' }),
    );
    add(['wininet'], conflict('WININET_STORED_NOT_IN_EFFECT', { account: entry.account, stored: stored.join(', ') }));
  }
  if (winhttp?.error) add(['winhttp'], conflict('WINHTTP_UNDECODABLE', { target: winhttp.target, error: winhttp.error }));

  if (sensor?.generation === 'v2' && sensor.url && wininetConfigured(service)) {
    if (proxyKey(sensor.url) !== proxyKey(serviceProxy)) {
      add(['mdi-sensor', 'wininet'], conflict('SENSOR_WININET_DIFFER', { sensorProxy: sensor.url, wininetProxy: wininetText(service) }));
    } else {
      add(['mdi-sensor', 'wininet'], conflict('SENSOR_WININET_TWICE', { proxy: sensor.url }));
    }
  }
  if ((wininetConfigured(system) || wininetConfigured(service)) && !sameWininet(system, service)) {
    add(['wininet'], conflict('WININET_ACCOUNTS_DIFFER', { systemProxy: wininetText(system), serviceProxy: wininetText(service) }));
  }
  if (
    wininetConfigured(user) &&
    method !== 'sensor' &&
    method !== 'mde-values' &&
    (!sameWininet(user, service) || !sameWininet(user, system))
  ) {
    add(['wininet'], conflict('WININET_NOT_COPIED', { proxy: wininetText(user) }));
  }
  if (service?.proxyEnabled && service.proxyServer && serviceProxy === null) {
    add(['wininet'], conflict('WININET_NO_HTTPS_ENTRY', { list: service.proxyServer }));
  }
  if (pacInEffect(service) && service?.autoConfigUrl && method === 'wininet') {
    add(['wininet'], conflict('WININET_PAC', { url: service.autoConfigUrl }));
  }
  if (winhttp && !winhttp.direct && winhttp.proxyServer && !wininetConfigured(service) && method === 'none') {
    add(['winhttp', 'wininet'], conflict('WINHTTP_NOT_USED_BY_SENSOR', { proxy: winhttp.proxyServer }));
  }
  issues.push(...mdeValueIssues(telemetry, defenderAv));
  if (
    sensor?.generation === 'v2' &&
    sensor.userName &&
    telemetry?.proxyServer &&
    proxyKey(telemetry.proxyServer) === proxyKey(sensor.url)
  ) {
    add(['mdi-sensor', 'mde-telemetry'], conflict('SENSOR_CREDENTIALS_SHARED_PROXY', { proxy: sensor.url!, userName: sensor.userName }));
  }
  if (
    sensor?.generation === 'v3' &&
    defenderAv?.proxyServer &&
    telemetry?.proxyServer &&
    proxyKey(defenderAv.proxyServer) !== proxyKey(telemetry.proxyServer)
  ) {
    add(
      ['defender-av', 'mde-telemetry'],
      conflict('MDE_VALUES_DISAGREE', { avProxy: defenderAv.proxyServer, telemetryProxy: telemetry.proxyServer }),
    );
  }
  return issues;
}
