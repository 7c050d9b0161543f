import type { Host } from '../host/host';
import type { StoreName } from '../protocol';
import { parseRegFile } from '../formats/reg-file';
import { sameName, type RegKey, type RegValue } from '../formats/registry-model';
import { fail, phrase } from '../messages';
import { storeOfFile, storeOfKey } from '../stores/index';
import type { Store } from '../stores/store';
import { valueWrite, type Write } from '../stores/writes';
import type { LoadedBackup } from './backup';

/**
 * The store a backed-up key or file belongs to. A backup only ever holds what a store keeps: anything else
 * was not written by this tool, and a restore writes nothing outside the stores, so the backup is refused.
 */
function keeperOfKey(backup: LoadedBackup, path: string): Store {
  const store = storeOfKey(path);
  if (!store) throw fail('BACKUP_MALFORMED', { id: backup.manifest.id, detail: phrase('BACKUP_FOREIGN_KEY', { key: path }) }, { field: 'backup' });
  return store;
}

function keeperOfFile(backup: LoadedBackup, path: string): { name: StoreName; files: NonNullable<Store['files']> } {
  const store = storeOfFile(path);
  if (!store?.files) throw fail('BACKUP_MALFORMED', { id: backup.manifest.id, detail: phrase('BACKUP_FOREIGN_FILE', { path }) }, { field: 'backup' });
  return { name: store.name, files: store.files };
}

/**
 * The writes that put the machine back as the backup saw it: values in the backup are set, values the
 * backup's keys did not hold are deleted (also in keys that did not exist then), files get their bytes back.
 */
export async function planRestore(host: Host, backup: LoadedBackup): Promise<Write[]> {
  for (const key of backup.manifest.keys) keeperOfKey(backup, key);
  const files = backup.manifest.files.map((file) => ({ file, store: keeperOfFile(backup, file.path) }));
  const saved = keysOf(backup.registryText);
  const current = keysOf(await host.exportKeys(backup.manifest.keys));
  const paths = new Map<string, string>();
  for (const key of [...saved, ...current]) if (!paths.has(key.path.toLowerCase())) paths.set(key.path.toLowerCase(), key.path);

  const writes: Write[] = [];
  for (const path of paths.values()) {
    const before = current.find((k) => sameName(k.path, path))?.values ?? [];
    const wanted = saved.find((k) => sameName(k.path, path))?.values ?? [];
    const store = keeperOfKey(backup, path);
    const describe = (name: string) => (value: RegValue | null) => store.registry.describe(name, value);
    for (const value of wanted) {
      const now = before.find((v) => sameName(v.name, value.name)) ?? null;
      writes.push(...valueWrite(store.name, path, now, value, describe(value.name), value.name));
    }
    for (const value of before.filter((v) => !wanted.some((w) => sameName(w.name, v.name)))) {
      writes.push(...valueWrite(store.name, path, value, null, describe(value.name), value.name));
    }
  }

  for (const { file, store } of files) {
    const bytes = backup.fileBytes.get(file.path)!;
    const now = (await host.readFile(file.path)) ?? Buffer.alloc(0);
    const modeNow = (await host.fileMode?.(file.path)) ?? null;
    const modeWanted = typeof file.mode === 'number' ? file.mode : null;
    if (now.equals(bytes) && (modeWanted === null || modeWanted === modeNow)) continue;
    writes.push({
      kind: 'file',
      store: store.name,
      path: file.path,
      before: now,
      after: bytes,
      restartsSensor: store.files.restartsSensor,
      modeBefore: modeNow,
      modeAfter: modeWanted,
      change: { store: store.name, target: file.path, before: store.files.describe(file.path, now), after: store.files.describe(file.path, bytes) },
    });
  }
  return writes;
}

function keysOf(regText: string): RegKey[] {
  return parseRegFile(regText, 'backup').keys.filter((k) => !k.deleteKey).map((k) => ({ path: k.path, values: k.values }));
}
