import type { MdeTelemetryEntry } from '../protocol';
import { describeValue, dwordValue, findValue, readDword, readSz, szValue, type RegKey } from '../formats/registry-model';
import { KEYS } from './keys';
import type { Store } from './store';
import type { ProxyIntent } from './proxy-intent';
import { valueWrite, type KeySnapshot, type ValueWrite } from './writes';
import { fail } from '../messages';

/** The EDR sensor's static proxy (FACTS.md §2): DataCollection policy values, plus one ATP policy flag. */
export function describeMdeTelemetry(dataCollection: RegKey | null, atpPolicy: RegKey | null): MdeTelemetryEntry {
  const proxy = findValue(dataCollection, 'TelemetryProxyServer');
  return {
    store: 'mde-telemetry',
    proxyServer: proxy ? readSz(proxy) : null,
    disableEnterpriseAuthProxy: flag(findValue(dataCollection, 'DisableEnterpriseAuthProxy')),
    preferStaticProxyForHttpRequest: flag(findValue(atpPolicy, 'PreferStaticProxyForHttpRequest')),
  };
}

/** null when absent; a value of another type than REG_DWORD is present but not in effect: false. */
function flag(value: ReturnType<typeof findValue>): boolean | null {
  if (!value) return null;
  return readDword(value) === 1;
}

export const mdeTelemetryStore: Store<MdeTelemetryEntry> = {
  name: 'mde-telemetry',
  product: 'mde',
  registry: {
    reads: [KEYS.dataCollection, KEYS.advancedThreatProtection],
    plans: [KEYS.dataCollection],
    keeps: [KEYS.dataCollection, KEYS.advancedThreatProtection],
    writes: [{ key: KEYS.dataCollection, names: ['TelemetryProxyServer', 'DisableEnterpriseAuthProxy'] }],
    describe: (_name, value) => describeValue(value),
  },
  keepsCredentials: false,
  async read(host) {
    const [dataCollection, atpPolicy] = await host.readKeys([KEYS.dataCollection, KEYS.advancedThreatProtection]);
    return [describeMdeTelemetry(dataCollection ?? null, atpPolicy ?? null)];
  },
  plan: async ({ keys }, intent) => planMdeTelemetry(keys, intent),
};

/**
 * TelemetryProxyServer `host:port` (no scheme, no spaces) with DisableEnterpriseAuthProxy = 1: the EDR
 * traffic must pass the proxy anonymously. Clearing removes both.
 */
export function planMdeTelemetry(keys: KeySnapshot, intent: ProxyIntent): ValueWrite[] {
  const key = keys.key(KEYS.dataCollection);
  const proxyBefore = findValue(key, 'TelemetryProxyServer');
  const authBefore = findValue(key, 'DisableEnterpriseAuthProxy');
  if (intent.action === 'copy-from-current-user')
    throw fail('COPY_ONLY_WININET', { store: 'mde-telemetry' }, { field: 'copyFromCurrentUser' });
  if (intent.action === 'clear') {
    return [
      ...valueWrite('mde-telemetry', KEYS.dataCollection, proxyBefore, null, describeValue, 'TelemetryProxyServer'),
      ...valueWrite('mde-telemetry', KEYS.dataCollection, authBefore, null, describeValue, 'DisableEnterpriseAuthProxy'),
    ];
  }
  if (intent.proxy.hostPort === null) throw fail('STORE_NEEDS_PROXY_ADDRESS', { store: 'mde-telemetry' }, { field: 'proxy.url' });
  return [
    ...valueWrite('mde-telemetry', KEYS.dataCollection, proxyBefore, szValue('TelemetryProxyServer', intent.proxy.hostPort), describeValue),
    ...valueWrite('mde-telemetry', KEYS.dataCollection, authBefore, dwordValue('DisableEnterpriseAuthProxy', 1), describeValue),
  ];
}
