import type { StoreName } from '../protocol';
import type { StoreReader } from './store';
import { mdiSensorStore } from './mdi-sensor';

/** Every store, in the order `get` reports them. */
export const storeReaders: { [N in StoreName]?: StoreReader } = {
  'mdi-sensor': mdiSensorStore,
};

export const ALL_STORES: StoreName[] = ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av'];

export const PRODUCT_STORES: Record<'mdi' | 'mde', StoreName[]> = {
  mdi: ['mdi-sensor', 'wininet'],
  mde: ['winhttp', 'mde-telemetry', 'defender-av'],
};
