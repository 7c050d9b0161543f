import type { Host } from '../host/host';
import type { MdiMethod, MdiSensorEntry, StoreName } from '../protocol';
import { fail } from '../messages';
import { KEYS } from '../stores/keys';
import { summarizeMdi } from '../stores/mdi-summary';
import { planMdiSensor } from '../stores/mdi-sensor';
import { planWininet, WININET_ACCOUNTS } from '../stores/wininet';
import { planWinhttp } from '../stores/winhttp';
import { planMdeTelemetry } from '../stores/mde-telemetry';
import { planDefenderAv } from '../stores/defender-av';
import type { ProxyIntent } from '../stores/proxy-intent';
import { keySnapshot, type KeySnapshot, type ValueWrite, type Write } from '../stores/writes';
import { chooseMdiMethod, METHOD_STORES, type ParsedChange } from './change-request';
import { readStores } from './get';

type RegistryStore = Exclude<StoreName, 'mdi-sensor'>;

const REGISTRY_PLANNERS: Record<RegistryStore, { keys: string[]; plan(keys: KeySnapshot, intent: ProxyIntent): ValueWrite[] }> = {
  winhttp: { keys: [KEYS.winhttp], plan: planWinhttp },
  'mde-telemetry': { keys: [KEYS.dataCollection], plan: planMdeTelemetry },
  'defender-av': { keys: [KEYS.defenderPolicy], plan: planDefenderAv },
  wininet: { keys: WININET_ACCOUNTS.map((a) => a.key), plan: planWininet },
};

/** The order writes are applied in: registry values first, the sensor's file (and its restart) last. */
const WRITE_ORDER: StoreName[] = ['winhttp', 'mde-telemetry', 'defender-av', 'wininet', 'mdi-sensor'];

export interface ChangePlan {
  writes: Write[];
  /** The MDI method the change went through, when it was about the MDI sensor. */
  mdiMethod: MdiMethod | null;
}

/** Reads what the change touches and computes every write; writes nothing. */
export async function planChange(host: Host, parsed: ParsedChange): Promise<ChangePlan> {
  const stores = new Set<StoreName>(parsed.stores);
  let mdiMethod: MdiMethod | null = null;
  if (parsed.mdiMethod !== null) {
    const entries = await readStores(host, ['mdi-sensor', 'wininet']);
    const sensor = entries.find((e): e is MdiSensorEntry => e.store === 'mdi-sensor')!;
    mdiMethod = chooseMdiMethod(parsed.mdiMethod, sensor, summarizeMdi(entries), parsed.intent.action === 'clear');
    for (const store of mdiMethod ? METHOD_STORES[mdiMethod] : []) stores.add(store);
  }
  const ordered = WRITE_ORDER.filter((s) => stores.has(s));
  refuseCredentialsWhereNotKept(parsed.intent, ordered);

  const registryStores = ordered.filter((s): s is RegistryStore => s !== 'mdi-sensor');
  const paths = [...new Set(registryStores.flatMap((s) => REGISTRY_PLANNERS[s].keys))];
  const snapshot = keySnapshot(await host.readKeys(paths), paths);
  const writes: Write[] = registryStores.flatMap((s) => REGISTRY_PLANNERS[s].plan(snapshot, parsed.intent));
  if (stores.has('mdi-sensor')) writes.push(...(await planMdiSensor(host, parsed.intent)));
  return { writes, mdiMethod };
}

function refuseCredentialsWhereNotKept(intent: ProxyIntent, stores: StoreName[]): void {
  if (intent.action !== 'set' || (intent.proxy.userName === null && intent.proxy.password === null)) return;
  const others = stores.filter((s) => s !== 'mdi-sensor');
  if (others.length > 0) throw fail('PROXY_CREDENTIALS_NOT_STORED', { stores: others.join(', ') }, { field: 'proxy.userName' });
}
