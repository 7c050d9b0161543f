import type { Host } from '../host/host';
import type { Product, StoreEntry } from '../protocol';
import type { RegValue } from '../formats/registry-model';
import type { ProxyIntent } from './proxy-intent';
import type { KeySnapshot, Write } from './writes';

/**
 * One place a proxy setting lives, and everything the product knows about it: its name and product, the
 * registry keys and files it keeps, how it is read, how a change to it is planned, how its writes are ordered
 * and its backups map back, and how its values read. Commands and safety compose stores through this contract
 * and name no store's keys. Adding a store: one file that exports a Store, one line in stores/index.ts.
 * (Model: the Invoke trait of DSC v3's lib/dsc-lib/src/dscresources/dscresource.rs: one contract per resource.)
 */
export interface Store<E extends StoreEntry = StoreEntry> {
  /** The literal that the store's entries carry in `store`. */
  name: E['store'];
  /** `product: mdi` or `mde` in a request names this store. */
  product: Product;
  registry: {
    /** Keys `read` uses: `get` fetches the keys of every store it reads in one batch. */
    reads: readonly string[];
    /** Keys `plan` looks up in its snapshot: every store of a change is planned from one batch read. */
    plans: readonly string[];
    /** Keys whose values it keeps: a backed-up key at or below one of them is restored as this store's. */
    keeps: readonly string[];
    /**
     * The values its plans may write, by key: a restore (or the finishing of an interrupted change) writes
     * these and no other, so a planted backup cannot reach the key's other values (Defender's policy key holds
     * far more than the proxy).
     */
    writes: readonly { key: string; names: readonly string[] }[];
    /** How a value of one of its keys reads in plans and restores: never a secret, never raw bytes when decodable. */
    describe(name: string, value: RegValue | null): string | null;
  };
  /** For a store that keeps its setting in a file of its own. Its writes come after every registry store's. */
  files?: {
    /** Whether a backed-up file is one of its files (restored as this store's). */
    keeps(path: string): boolean;
    /** Its files on this machine (none when the product is not installed). */
    locate(host: Host): Promise<string[]>;
    /** How one of its files reads in plans and restores. */
    describe(path: string, bytes: Buffer): string | null;
    /** Rewriting the file needs the MDI sensor stopped, started and checked. */
    restartsSensor: boolean;
  };
  /** Whether it keeps a proxy user name and password (only the MDI sensor's own configuration does). */
  keepsCredentials: boolean;
  /**
   * False for a store a product-wide change leaves alone unless the request names it: WinHTTP's proxy is
   * machine-wide (every WinHTTP application, and netsh-style settings break laptops that change topology, 002).
   * Default true.
   */
  changedWithProduct?: boolean;
  /** Its entries in `get`: one, or one per account (WinINet). Reads only. */
  read(host: Host): Promise<E[]>;
  /** The writes that carry out the intent, each with what is there now; writes nothing. */
  plan(machine: PlanInput, intent: ProxyIntent): Promise<Write[]>;
}

/** What a store plans from: the keys of its `registry.plans` read in one batch, and the machine for the rest. */
export interface PlanInput {
  keys: KeySnapshot;
  host: Host;
}
