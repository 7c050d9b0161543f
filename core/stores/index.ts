import type { StoreName } from '../protocol';
import type { StoreReader } from './store';
import { mdiSensorStore } from './mdi-sensor';
import { wininetStore } from './wininet';
import { winhttpStore } from './winhttp';
import { mdeTelemetryStore } from './mde-telemetry';
import { defenderAvStore } from './defender-av';

/** Every store, in the order `get` reports them. */
export const storeReaders: { [N in StoreName]?: StoreReader } = {
  'mdi-sensor': mdiSensorStore,
  wininet: wininetStore,
  winhttp: winhttpStore,
  'mde-telemetry': mdeTelemetryStore,
  'defender-av': defenderAvStore,
};

export const ALL_STORES: StoreName[] = ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av'];

export const PRODUCT_STORES: Record<'mdi' | 'mde', StoreName[]> = {
  mdi: ['mdi-sensor', 'wininet'],
  mde: ['winhttp', 'mde-telemetry', 'defender-av'],
};
