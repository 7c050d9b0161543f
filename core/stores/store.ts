import type { Host } from '../host/host';
import type { StoreEntry, StoreName } from '../protocol';

/** One place a proxy setting lives: how to read it. Planning and writing live beside it in the same file. */
export interface StoreReader<E extends StoreEntry = StoreEntry> {
  name: StoreName;
  /** Registry keys read, so that `get` can fetch them all in one batch on the live machine. */
  registryKeys: readonly string[];
  read(host: Host): Promise<E[]>;
}
