import type { Product, StoreName } from '../protocol';
import { canonicalKeyPath, isUnderKey, sameName } from '../formats/registry-model';
import type { Store } from './store';
import { mdiSensorStore } from './mdi-sensor';
import { wininetStore } from './wininet';
import { winhttpStore } from './winhttp';
import { mdeTelemetryStore } from './mde-telemetry';
import { defenderAvStore } from './defender-av';

/**
 * Every store, in the order `get` reports them: the one list everything below is derived from. Adding a
 * store is its file and one line here (and its name and entry type in core/protocol.ts, the contract).
 */
const LIST = [mdiSensorStore, wininetStore, winhttpStore, mdeTelemetryStore, defenderAvStore] as const;
export const STORES: readonly Store[] = LIST;

/** tsc refuses a store name of the contract that no store in the list carries. */
type Unlisted = Exclude<StoreName, (typeof LIST)[number]['name']>;
const everyStoreListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyStoreListed;

export const ALL_STORES: StoreName[] = STORES.map((s) => s.name);

export const PRODUCT_STORES: Record<Product, StoreName[]> = {
  mdi: STORES.filter((s) => s.product === 'mdi').map((s) => s.name),
  mde: STORES.filter((s) => s.product === 'mde').map((s) => s.name),
};

/** The stores a product-wide change writes (`product` alone): every store of the product but those written only when named. */
export const PRODUCT_CHANGE_STORES: Record<Product, StoreName[]> = {
  mdi: STORES.filter((s) => s.product === 'mdi' && s.changedWithProduct !== false).map((s) => s.name),
  mde: STORES.filter((s) => s.product === 'mde' && s.changedWithProduct !== false).map((s) => s.name),
};

/** The order a change applies its writes in: registry values first, a store's own file (and its restart) last. */
export const WRITE_ORDER: StoreName[] = [...STORES.filter((s) => !s.files), ...STORES.filter((s) => s.files)].map((s) => s.name);

const BY_NAME = new Map<StoreName, Store>(STORES.map((s) => [s.name, s]));

export function storeNamed(name: StoreName): Store {
  return BY_NAME.get(name)!;
}

/** The store that keeps this registry key (or a key above it); null for a key no store keeps. */
export function storeOfKey(path: string): Store | null {
  if (!isKeyPath(path)) return null;
  return STORES.find((s) => s.registry.keeps.some((key) => isUnderKey(path, key))) ?? null;
}

/** Whether a text names a registry key at all (a known root): a backup or journal may hold anything. */
function isKeyPath(path: unknown): path is string {
  try {
    canonicalKeyPath(path as string);
    return true;
  } catch {
    return false;
  }
}

/** The store whose plans write this value (Store.registry.writes); null for a value no store writes. */
export function storeWritingValue(key: string, name: string): Store | null {
  if (!isKeyPath(key) || typeof name !== 'string') return null;
  const wanted = canonicalKeyPath(key);
  return (
    STORES.find((s) =>
      s.registry.writes.some((w) => sameName(canonicalKeyPath(w.key), wanted) && w.names.some((n) => sameName(n, name))),
    ) ?? null
  );
}

/** The store that keeps this file; null for a file no store keeps. */
export function storeOfFile(path: string): Store | null {
  return STORES.find((s) => s.files?.keeps(path)) ?? null;
}
