import type { DefenderAvEntry } from '../protocol';
import { describeValue, findValue, readSz, szValue, type RegKey, type RegValue } from '../formats/registry-model';
import { formatBypassList, sameBypassList } from '../formats/proxy-address';
import { KEYS } from './keys';
import type { Store } from './store';
import type { ProxyIntent } from './proxy-intent';
import { valueWrite, type KeySnapshot, type ValueWrite } from './writes';
import { fail } from '../messages';

/** Defender Antivirus's proxy policy (FACTS.md §2): ProxyServer (a URL), ProxyPacUrl, ProxyBypass (`;`-joined). */
export function describeDefenderAv(policy: RegKey | null): DefenderAvEntry {
  const text = (name: string): string | null => {
    const value = findValue(policy, name);
    return value ? readSz(value) : null;
  };
  const bypass = text('ProxyBypass');
  return {
    store: 'defender-av',
    proxyServer: text('ProxyServer'),
    proxyPacUrl: text('ProxyPacUrl'),
    proxyBypass:
      bypass === null
        ? null
        : bypass
            .split(';')
            .map((s) => s.trim())
            .filter((s) => s.length > 0),
  };
}

export const defenderAvStore: Store<DefenderAvEntry> = {
  name: 'defender-av',
  product: 'mde',
  registry: {
    reads: [KEYS.defenderPolicy],
    plans: [KEYS.defenderPolicy],
    keeps: [KEYS.defenderPolicy],
    writes: [{ key: KEYS.defenderPolicy, names: ['ProxyServer', 'ProxyPacUrl', 'ProxyBypass'] }],
    describe: (_name, value) => describeValue(value),
  },
  keepsCredentials: false,
  async read(host) {
    const [policy] = await host.readKeys([KEYS.defenderPolicy]);
    return [describeDefenderAv(policy ?? null)];
  },
  plan: async ({ keys }, intent) => planDefenderAv(keys, intent),
};

/**
 * The request is the whole proxy: ProxyServer gets its required scheme (a bare host:port becomes http://),
 * and ProxyPacUrl / ProxyBypass the request does not give are removed, as clearing removes all three.
 */
export function planDefenderAv(keys: KeySnapshot, intent: ProxyIntent): ValueWrite[] {
  if (intent.action === 'copy-from-current-user')
    throw fail('COPY_ONLY_WININET', { store: 'defender-av' }, { field: 'copyFromCurrentUser' });
  const policy = keys.key(KEYS.defenderPolicy);
  const wanted: Record<string, string | null> =
    intent.action === 'clear'
      ? { ProxyServer: null, ProxyPacUrl: null, ProxyBypass: null }
      : {
          ProxyServer: intent.proxy.url,
          ProxyPacUrl: intent.proxy.pacUrl,
          ProxyBypass: intent.proxy.bypass.length > 0 ? bypassToWrite(findValue(policy, 'ProxyBypass'), intent.proxy.bypass) : null,
        };
  return Object.entries(wanted).flatMap(([name, text]) =>
    valueWrite(
      'defender-av',
      KEYS.defenderPolicy,
      findValue(policy, name),
      text === null ? null : szValue(name, text),
      describeValue,
      name,
    ),
  );
}

/** The stored list when it already names the same entries (in another order), else the request's. */
function bypassToWrite(stored: RegValue | null, requested: readonly string[]): string {
  return stored && sameBypassList(readSz(stored), requested) ? readSz(stored) : formatBypassList(requested);
}
