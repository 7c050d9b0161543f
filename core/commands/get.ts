import type { Host } from '../host/host';
import type { GetRequest, GetResult, StoreEntry, StoreName } from '../protocol';
import { ALL_STORES, PRODUCT_STORES, storeReaders } from '../stores/index';
import { defineCommand } from './command';
import { fail } from '../messages';
import { summarizeMdi } from '../stores/mdi-summary';

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

export const getCommand = defineCommand({
  name: 'get',
  summary: 'read the proxy of every store (or of `product` / `stores`) and say which one the sensor uses',
  async run(request: GetRequest, context) {
    const host = await context.host();
    const stores = storesOf(request);
    const entries = await readStores(host, stores);
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
    return { result };
  },
});
