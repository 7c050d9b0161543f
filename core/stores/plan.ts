import type { Host } from '../host/host';
import type { StoreName } from '../protocol';
import { WRITE_ORDER, storeNamed } from './index';
import type { ProxyIntent } from './proxy-intent';
import { keySnapshot, type Write } from './writes';

/** Reads what the stores' plans need in one batch, then plans each store in write order; writes nothing. */
export async function planStores(host: Host, stores: ReadonlySet<StoreName>, intent: ProxyIntent): Promise<Write[]> {
  const ordered = WRITE_ORDER.filter((s) => stores.has(s)).map(storeNamed);
  const paths = [...new Set(ordered.flatMap((s) => s.registry.plans))];
  const keys = keySnapshot(await host.readKeys(paths), paths);
  const writes: Write[] = [];
  for (const store of ordered) writes.push(...(await store.plan({ keys, host }, intent)));
  return writes;
}
