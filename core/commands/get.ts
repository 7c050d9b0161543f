import type { Host } from '../host/host';
import type { GetRequest, GetResult, StoreEntry, StoreName } from '../protocol';
import { ALL_STORES, PRODUCT_STORES, storeReaders } from '../stores/index';
import { defineCommand } from './command';
import { fail } from '../messages';
import { summarizeMdi } from '../stores/mdi-summary';
import { UnreadableKeys } from '../stores/unreadable';

export function storesOf(request: { product?: 'mdi' | 'mde'; stores?: StoreName[] }): StoreName[] {
  const wanted = new Set<StoreName>([...(request.product ? PRODUCT_STORES[request.product] : []), ...(request.stores ?? [])]);
  return wanted.size === 0 ? ALL_STORES : ALL_STORES.filter((s) => wanted.has(s));
}

/** Reads the stores in one batch of registry reads, then each store from it. */
export async function readStores(host: Host, stores: StoreName[]): Promise<StoreEntry[]> {
  const readers = stores.map((s) => storeReaders[s]).filter((r) => r !== undefined);
  await host.readKeys([...new Set(readers.flatMap((r) => r.registryKeys))]);
  const entries = await Promise.all(readers.map((r) => r.read(host)));
  return entries.flat();
}

/**
 * Like readStores, but a key the host may not read does not stop the reading: each entry says which of its
 * keys could not be read (`unreadableKeys`), and `get` then answers REGISTRY_KEY_UNREADABLE with the result.
 */
export async function readStoresReportingUnreadable(host: Host, stores: StoreName[]): Promise<{ entries: StoreEntry[]; unreadable: boolean }> {
  const unreadable = new UnreadableKeys();
  const view = unreadable.view(host);
  const readers = stores.map((s) => storeReaders[s]).filter((r) => r !== undefined);
  await view.readKeys([...new Set(readers.flatMap((r) => r.registryKeys))]);
  const entries = await Promise.all(readers.map(async (r) => (await r.read(view)).map((e) => unreadable.mark(e, r.registryKeys))));
  return { entries: entries.flat(), unreadable: unreadable.any };
}

export const getCommand = defineCommand({
  name: 'get',
  summary: 'read the proxy of every store (or of `product` / `stores`) and say which one the sensor uses',
  async run(request: GetRequest, context) {
    const host = await context.host();
    const stores = storesOf(request);
    const { entries } = await readStoresReportingUnreadable(host, stores);
    const result: GetResult = { stores: entries };
    if (stores.includes('mdi-sensor') || stores.includes('wininet')) result.mdi = summarizeMdi(entries);
    const unreadable = entries.find((e) => e.store === 'mdi-sensor' && e.status === 'unreadable');
    if (unreadable && unreadable.store === 'mdi-sensor') {
      throw fail('SENSOR_CONFIG_UNREADABLE', { file: unreadable.configurationPath ?? 'SensorConfiguration.json', detail: unreadable.error ?? 'unknown reason' }, {
        field: 'machine',
        details: { result },
      });
    }
    const undecodable = entries.find((e) => (e.store === 'wininet' || e.store === 'winhttp') && e.error);
    if (undecodable && (undecodable.store === 'wininet' || undecodable.store === 'winhttp')) {
      throw fail('STORE_VALUE_UNREADABLE', { target: undecodable.target, detail: undecodable.error! }, { field: 'machine', details: { result } });
    }
    const refused = entries.flatMap((e) => e.unreadableKeys ?? [])[0];
    if (refused) throw fail('REGISTRY_KEY_UNREADABLE', { key: refused.key, detail: refused.error }, { field: 'machine', details: { result } });
    return { result };
  },
});
