/** `get` for a person: the method the MDI sensor's proxy is set by, one line per store, then the conflicts. */
import type { GetResult, MdiMethod, MdiSummary, StoreEntry } from '../../protocol';
import { terminalText, type TerminalKey } from '../../messages';
import { bold, dim, red, yellow, type Style } from '../style';
import { table, wrap } from '../text-layout';
import { noteLines } from './notes';

const METHOD_NAMES: Record<MdiMethod, TerminalKey & `OUT_METHOD_${string}`> = {
  sensor: 'OUT_METHOD_SENSOR',
  wininet: 'OUT_METHOD_WININET',
  'mde-values': 'OUT_METHOD_MDE_VALUES',
};

/** "MDI sensor 2.250.18972.18405 (v2)", or just "MDI sensor" when none is installed or its version is unknown. */
function sensorName(stores: StoreEntry[]): string {
  const sensor = stores.find((e) => e.store === 'mdi-sensor');
  if (!sensor || sensor.store !== 'mdi-sensor' || !sensor.sensorVersion) return terminalText('OUT_SENSOR_UNKNOWN');
  return terminalText('OUT_SENSOR', { version: sensor.sensorVersion, generation: sensor.generation ?? '?' });
}

function summaryLine(mdi: MdiSummary, stores: StoreEntry[], style: Style): string {
  const sensor = sensorName(stores);
  if (mdi.method === 'none') return terminalText('OUT_GET_MDI_NONE', { sensor });
  const others = mdi.methodsFound.filter((m) => m !== mdi.method);
  const proxy = bold(style, mdi.effectiveProxy ?? terminalText('OUT_NONE'));
  const line = terminalText('OUT_GET_MDI_METHOD', { sensor, proxy, where: terminalText(METHOD_NAMES[mdi.method]), method: mdi.method });
  return others.length === 0 ? line : `${line} ${terminalText('OUT_GET_MDI_ALSO', { methods: others.join(', ') })}`;
}

function none(style: Style, text = terminalText('OUT_NONE')): string {
  return dim(style, text);
}

function list(values: string[] | null | undefined): string | null {
  return values && values.length > 0 ? values.join(', ') : null;
}

/** [store, account, proxy, details] of one entry. */
function row(entry: StoreEntry, style: Style): string[] {
  const details = (...parts: (string | null | false | undefined)[]) =>
    parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
  switch (entry.store) {
    case 'mdi-sensor': {
      if (entry.status === 'unreadable') return [entry.store, '', red(style, terminalText('OUT_UNREADABLE')), entry.error ?? ''];
      if (entry.status === 'not-installed') return [entry.store, '', none(style, terminalText('OUT_NOT_INSTALLED')), ''];
      const user = entry.userName
        ? terminalText('OUT_USER', {
            user: entry.userName,
            password: entry.hasPassword ? terminalText('OUT_PASSWORD_STORED') : terminalText('OUT_NO_PASSWORD'),
          })
        : null;
      return [entry.store, '', entry.url ?? none(style), user ?? ''];
    }
    case 'wininet': {
      if (entry.error) return [entry.store, entry.account, red(style, terminalText('OUT_UNREADABLE')), entry.error];
      if (!entry.present) return [entry.store, entry.account, none(style, terminalText('OUT_NOT_SET')), ''];
      const proxy = entry.proxyEnabled && entry.proxyServer ? entry.proxyServer : none(style, terminalText('OUT_DIRECT'));
      const bypass = entry.proxyEnabled ? list(entry.bypassList) : null;
      return [
        entry.store,
        entry.account,
        proxy,
        details(
          bypass && terminalText('OUT_BYPASS', { list: bypass }),
          entry.autoConfigUrl && terminalText('OUT_PAC', { url: entry.autoConfigUrl }),
          entry.autoDetect && terminalText('OUT_AUTO_DETECT'),
        ),
      ];
    }
    case 'winhttp': {
      if (entry.error) return [entry.store, '', red(style, terminalText('OUT_UNREADABLE')), entry.error];
      if (!entry.present || entry.direct || !entry.proxyServer) return [entry.store, '', none(style, terminalText('OUT_DIRECT')), ''];
      const bypass = list(entry.bypassList);
      return [entry.store, '', entry.proxyServer, details(bypass && terminalText('OUT_BYPASS', { list: bypass }))];
    }
    case 'mde-telemetry':
      return [
        entry.store,
        '',
        entry.proxyServer ?? none(style),
        details(
          entry.disableEnterpriseAuthProxy && 'DisableEnterpriseAuthProxy=1',
          entry.preferStaticProxyForHttpRequest && 'PreferStaticProxyForHttpRequest=1',
        ),
      ];
    case 'defender-av': {
      const bypass = list(entry.proxyBypass);
      return [
        entry.store,
        '',
        entry.proxyServer ?? none(style),
        details(
          entry.proxyPacUrl && terminalText('OUT_PAC', { url: entry.proxyPacUrl }),
          bypass && terminalText('OUT_BYPASS', { list: bypass }),
        ),
      ];
    }
  }
}

export function renderGet(result: GetResult, style: Style): string[] {
  const out: string[] = [];
  if (result.mdi) out.push(...wrap(summaryLine(result.mdi, result.stores, style), style.width), '');
  const columns = [
    { header: bold(style, terminalText('OUT_COLUMN_STORE')) },
    { header: bold(style, terminalText('OUT_COLUMN_ACCOUNT')) },
    { header: bold(style, terminalText('OUT_COLUMN_PROXY')) },
    { header: bold(style, terminalText('OUT_COLUMN_DETAILS')), shrink: true },
  ];
  out.push(
    ...table(
      columns,
      result.stores.map((e) => row(e, style)),
      style.width,
    ),
  );
  if (result.mdi) {
    const conflicts = result.mdi.conflicts;
    out.push(
      '',
      conflicts.length === 0
        ? terminalText('OUT_NO_CONFLICTS')
        : bold(
            style,
            conflicts.length === 1 ? terminalText('OUT_CONFLICTS_ONE') : terminalText('OUT_CONFLICTS', { count: conflicts.length }),
          ),
    );
    for (const conflict of conflicts) {
      const [first, ...rest] = wrap(conflict, style.width - 4);
      out.push(`  ${yellow(style, '!')} ${first}`, ...rest.map((l) => `    ${l}`));
    }
  }
  // The MDE values' checks are in MDI's list too when both were read: shown once.
  const mdeConflicts = result.mdi ? [] : (result.mde?.conflicts ?? []);
  out.push(...noteLines([...mdeConflicts, ...(result.mdi?.notes ?? []), ...(result.mde?.notes ?? [])], style));
  return out;
}
