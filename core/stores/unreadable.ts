import type { Host } from '../host/host';
import type { RegKey } from '../formats/registry-model';
import { canonicalKeyPath, isUnderKey } from '../formats/registry-model';
import type { StoreEntry, UnreadableKey } from '../protocol';
import { unreadableKeyOf } from '../host/unreadable-key';

/**
 * For `get`, which reports every store even when one key cannot be read: a view of the host in which a key
 * the host refuses (REGISTRY_KEY_UNREADABLE) reads as missing and is remembered, so that the entries built
 * from it can say so. Plans never read through this view: for them a refused key stays an error.
 */
export class UnreadableKeys {
  private readonly found = new Map<string, UnreadableKey>();

  view(host: Host): Host {
    const read = async (path: string): Promise<RegKey | null> => {
      try {
        return await host.readKey(path);
      } catch (error) {
        const unreadable = unreadableKeyOf(error);
        if (!unreadable) throw error;
        this.found.set(canonicalKeyPath(path).toLowerCase(), unreadable);
        return null;
      }
    };
    const readKeys = async (paths: string[]): Promise<(RegKey | null)[]> => {
      try {
        return await host.readKeys(paths);
      } catch (error) {
        if (!unreadableKeyOf(error)) throw error;
        // Which ones? Each key alone (the reg.exe host has cached what its batch could read).
        const keys: (RegKey | null)[] = [];
        for (const path of paths) keys.push(await read(path));
        return keys;
      }
    };
    return new Proxy(host, {
      get(target, property, receiver) {
        if (property === 'readKey') return read;
        if (property === 'readKeys') return readKeys;
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  get any(): boolean {
    return this.found.size > 0;
  }

  /** The entry with the refused keys it was built from: its own key for a WinINet account, else any of the store's keys. */
  mark<E extends StoreEntry>(entry: E, storeKeys: readonly string[]): E {
    const own = 'target' in entry && entry.store === 'wininet' ? storeKeys.filter((k) => isUnderKey(entry.target, k)) : storeKeys;
    const unreadableKeys = own
      .map((k) => this.found.get(canonicalKeyPath(k).toLowerCase()))
      .filter((u): u is UnreadableKey => u !== undefined);
    return { ...entry, unreadableKeys };
  }
}
