import type { Host } from '../host/host';
import type { Product, StoreEntry, StoreName } from '../protocol';
import { fail, phrase } from '../messages';
import { SENSOR_CONFIGURATION_FILE } from './keys';
import { ALL_STORES, PRODUCT_STORES, storeNamed } from './index';
import { UnreadableKeys } from './unreadable';

/** The stores a request names through `product` and `stores`, in report order; all of them when it names none. */
export function storesOf(request: { product?: Product; stores?: StoreName[] }): StoreName[] {
  const wanted = new Set<StoreName>([...(request.product ? PRODUCT_STORES[request.product] : []), ...(request.stores ?? [])]);
  return wanted.size === 0 ? ALL_STORES : ALL_STORES.filter((s) => wanted.has(s));
}

/** Reads the stores in one batch of registry reads, then each store from it. */
export async function readStores(host: Host, stores: StoreName[]): Promise<StoreEntry[]> {
  const named = stores.map(storeNamed);
  await host.readKeys([...new Set(named.flatMap((s) => s.registry.reads))]);
  const entries = await Promise.all(named.map((s) => s.read(host)));
  return entries.flat();
}

/**
 * Like readStores, but a key the host may not read does not stop the reading: each entry says which of its
 * keys could not be read (`unreadableKeys`), and checkReadable then refuses them with the result.
 */
export async function readStoresReportingUnreadable(host: Host, stores: StoreName[]): Promise<{ entries: StoreEntry[] }> {
  const unreadable = new UnreadableKeys();
  const view = unreadable.view(host);
  const named = stores.map(storeNamed);
  await view.readKeys([...new Set(named.flatMap((s) => s.registry.reads))]);
  const entries = await Promise.all(named.map(async (s) => (await s.read(view)).map((e) => unreadable.mark(e, s.registry.reads))));
  return { entries: entries.flat() };
}

/**
 * Refuses entries a store could not read (exit 2): the sensor configuration that is not JSON, a WinINet or
 * WinHTTP value that does not decode, a registry key the tool may not read. `details` carries what was read all the same (get's result).
 */
export function checkReadable(entries: StoreEntry[], details?: unknown): void {
  const unreadable = entries.find((e) => e.store === 'mdi-sensor' && e.status === 'unreadable');
  if (unreadable && unreadable.store === 'mdi-sensor') {
    throw fail(
      'SENSOR_CONFIG_UNREADABLE',
      { file: unreadable.configurationPath ?? SENSOR_CONFIGURATION_FILE, detail: unreadable.error ?? phrase('UNKNOWN_REASON') },
      { field: 'machine', details },
    );
  }
  const undecodable = entries.find((e) => (e.store === 'wininet' || e.store === 'winhttp') && e.error);
  if (undecodable && (undecodable.store === 'wininet' || undecodable.store === 'winhttp')) {
    throw fail('STORE_VALUE_UNREADABLE', { target: undecodable.target, detail: undecodable.error! }, { field: 'machine', details });
  }
  const refused = entries.flatMap((e) => e.unreadableKeys ?? [])[0];
  if (refused) throw fail('REGISTRY_KEY_UNREADABLE', { key: refused.key, detail: refused.error }, { field: 'machine', details });
}
