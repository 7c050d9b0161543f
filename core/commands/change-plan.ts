import type { Host } from '../host/host';
import type { MdiMethod, MdiSensorEntry, StoreName } from '../protocol';
import { fail } from '../messages';
import { PRODUCT_STORES, WRITE_ORDER, storeNamed } from '../stores/index';
import { summarizeMdi } from '../stores/mdi-summary';
import { planStores } from '../stores/plan';
import type { ProxyIntent } from '../stores/proxy-intent';
import { readStores } from '../stores/read';
import type { Write } from '../stores/writes';
import { chooseMdiMethod, METHOD_STORES, type ParsedChange } from './change-request';

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
    const entries = await readStores(host, PRODUCT_STORES.mdi);
    const sensor = entries.find((e): e is MdiSensorEntry => e.store === 'mdi-sensor')!;
    mdiMethod = chooseMdiMethod(parsed.mdiMethod, sensor, summarizeMdi(entries), parsed.intent.action === 'clear');
    for (const store of mdiMethod ? METHOD_STORES[mdiMethod] : []) stores.add(store);
  }
  refuseCredentialsWhereNotKept(parsed.intent, stores);
  return { writes: await planStores(host, stores, parsed.intent), mdiMethod };
}

function refuseCredentialsWhereNotKept(intent: ProxyIntent, stores: ReadonlySet<StoreName>): void {
  if (intent.action !== 'set' || (intent.proxy.userName === null && intent.proxy.password === null)) return;
  const others = WRITE_ORDER.filter((s) => stores.has(s) && !storeNamed(s).keepsCredentials);
  if (others.length > 0) throw fail('PROXY_CREDENTIALS_NOT_STORED', { stores: others.join(', ') }, { field: 'proxy.userName' });
}
