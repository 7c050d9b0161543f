import type { Host } from '../host/host';
import type { StoreName } from '../protocol';
import { parseRegFile } from '../formats/reg-file';
import { canonicalKeyPath, findValue, sameName, type RegKey, type RegValue } from '../formats/registry-model';
import { fail, phrase } from '../messages';
import { STORES, storeOfFile, storeOfKey, storeWritingValue } from '../stores/index';
import type { Store } from '../stores/store';
import { valueWrite, type Write } from '../stores/writes';
import type { LoadedBackup } from './backup';

/** A value a restore may write: one its store's plans write (Store.registry.writes), and the store itself. */
function keeperOfValue(backup: LoadedBackup, key: string, name: string): Store {
  const store = storeWritingValue(key, name);
  if (!store)
    throw fail('BACKUP_MALFORMED', { id: backup.manifest.id, detail: phrase('BACKUP_FOREIGN_VALUE', { key, name }) }, { field: 'backup' });
  return store;
}

/**
 * A file a restore may write: the file a store keeps on this machine now (for the MDI sensor, the
 * SensorConfiguration.json of the running service's install folder), not merely a file of that name.
 */
async function keeperOfFile(
  host: Host,
  backup: LoadedBackup,
  path: string,
): Promise<{ name: StoreName; files: NonNullable<Store['files']> }> {
  const store = storeOfFile(path);
  if (!store?.files)
    throw fail('BACKUP_MALFORMED', { id: backup.manifest.id, detail: phrase('BACKUP_FOREIGN_FILE', { path }) }, { field: 'backup' });
  const current = await store.files.locate(host);
  if (!current.some((c) => sameName(c, path))) {
    throw fail(
      'BACKUP_MALFORMED',
      { id: backup.manifest.id, detail: phrase('BACKUP_FILE_NOT_CURRENT', { path, current: current.join(', ') || phrase('NONE') }) },
      { field: 'backup' },
    );
  }
  return { name: store.name, files: store.files };
}

/**
 * The values a restore puts back: those the backup's manifest lists, or, for a backup made before manifests
 * listed them, every value a store writes in the keys it lists. Each must be one a store writes.
 */
function valuesToRestore(backup: LoadedBackup): { key: string; name: string; store: Store }[] {
  const listed =
    backup.manifest.values ??
    backup.manifest.keys.flatMap((key) =>
      STORES.flatMap((s) =>
        s.registry.writes
          .filter((w) => sameName(canonicalKeyPath(w.key), canonicalKeyPath(key)))
          .flatMap((w) => w.names.map((name) => ({ key, name }))),
      ),
    );
  // The store is judged first: a key no store writes (or no key at all) is refused before it is read.
  return listed.map(({ key, name }) => {
    const store = keeperOfValue(backup, key, name);
    return { key: canonicalKeyPath(key), name, store };
  });
}

/**
 * The writes that put the machine back as the backup saw it, and nothing else: each value the change wrote
 * gets its backed-up data back (or is deleted when it did not exist then), each file its bytes and mode. Other
 * values of the same keys, whatever registry.reg holds, are left alone.
 */
export async function planRestore(host: Host, backup: LoadedBackup): Promise<Write[]> {
  for (const key of backup.manifest.keys) {
    if (!storeOfKey(key))
      throw fail('BACKUP_MALFORMED', { id: backup.manifest.id, detail: phrase('BACKUP_FOREIGN_KEY', { key }) }, { field: 'backup' });
  }
  const values = valuesToRestore(backup);
  const files = [];
  for (const file of backup.manifest.files) files.push({ file, store: await keeperOfFile(host, backup, file.path) });
  const saved = keysOf(backup.registryText);
  const keyPaths = [...new Map(values.map((v) => [v.key.toLowerCase(), v.key])).values()];
  const current = await host.readKeys(keyPaths);

  const writes: Write[] = [];
  for (const { key, name, store } of values) {
    const now = findValue(current[keyPaths.findIndex((k) => sameName(k, key))] ?? null, name);
    const wanted = findValue(saved.find((k) => sameName(k.path, key)) ?? null, name);
    const describe = (value: RegValue | null) => store.registry.describe(name, value);
    writes.push(...valueWrite(store.name, key, now, wanted === null ? null : { ...wanted, name }, describe, name));
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
      change: {
        store: store.name,
        target: file.path,
        before: store.files.describe(file.path, now),
        after: store.files.describe(file.path, bytes),
      },
    });
  }
  return writes;
}

function keysOf(regText: string): RegKey[] {
  return parseRegFile(regText, 'backup')
    .keys.filter((k) => !k.deleteKey)
    .map((k) => ({ path: k.path, values: k.values }));
}
