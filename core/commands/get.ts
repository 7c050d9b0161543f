import type { GetRequest, GetResult } from '../protocol';
import { defineCommand } from './command';
import { checkReadable, readStores, storesOf } from '../stores/read';
import { summarizeMdi } from '../stores/mdi-summary';
import { summarizeMde } from '../stores/mde-summary';
import { markUnreadableWithoutElevation, mayBeUnreadable } from '../stores/unreadable';

export const getCommand = defineCommand({
  name: 'get',
  summary: 'read the proxy of every store (or of `product` / `stores`) and say which one the sensor uses',
  async run(request: GetRequest, context) {
    const host = await context.host();
    const stores = storesOf(request);
    const entries = await readStores(host, stores);
    // On the live machine a read without administrator rights says what it could not read, never "absent".
    // Asked only when something read as absent could have been refused: a get starts no process for it otherwise.
    const unreadable = host.kind !== 'image' && mayBeUnreadable(entries) && !(await host.isElevated()) ? markUnreadableWithoutElevation(entries) : [];
    const result: GetResult = { stores: entries, ...(unreadable.length > 0 ? { unreadable } : {}) };
    if (stores.includes('mdi-sensor') || stores.includes('wininet')) result.mdi = summarizeMdi(entries);
    // The checks of the MDE values appear whenever those stores are read, not only beside MDI's.
    if (stores.includes('mde-telemetry') || stores.includes('defender-av')) result.mde = summarizeMde(entries);
    checkReadable(entries, { result });
    return { result };
  },
});
