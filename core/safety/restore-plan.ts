import type { Host } from '../host/host';
import type { StoreName } from '../protocol';
import { parseRegFile } from '../formats/reg-file';
import { describeValue, isUnderKey, sameName, type RegKey, type RegValue } from '../formats/registry-model';
import { KEYS } from '../stores/keys';
import { describeWininetValue, WININET_SAVED_VALUE, WININET_VALUE } from '../stores/wininet';
import { describeWinhttpValue, WINHTTP_VALUE } from '../stores/winhttp';
import { describeSensorProxyObject, parseSensorConfiguration } from '../stores/mdi-sensor';
import { valueWrite, type Write } from '../stores/writes';
import type { LoadedBackup } from './backup';

/** Which store a backed-up key belongs to, for the changes a restore reports. */
const KEY_STORES: [string, StoreName][] = [
  [KEYS.wininetCurrentUser, 'wininet'],
  [KEYS.wininetLocalSystem, 'wininet'],
  [KEYS.wininetLocalService, 'wininet'],
  [KEYS.winhttp, 'winhttp'],
  [KEYS.dataCollection, 'mde-telemetry'],
  [KEYS.advancedThreatProtection, 'mde-telemetry'],
  [KEYS.defenderPolicy, 'defender-av'],
];

export function storeOfKey(path: string): StoreName {
  return KEY_STORES.find(([key]) => isUnderKey(path, key))?.[1] ?? 'defender-av';
}

function describerFor(store: StoreName, name: string): (value: RegValue | null) => string | null {
  if (store === 'wininet' && (sameName(name, WININET_VALUE) || sameName(name, WININET_SAVED_VALUE))) return describeWininetValue;
  if (store === 'winhttp' && sameName(name, WINHTTP_VALUE)) return describeWinhttpValue;
  return describeValue;
}

/**
 * The writes that put the machine back as the backup saw it: values in the backup are set, values the
 * backup's keys did not hold are deleted (also in keys that did not exist then), files get their bytes back.
 */
export async function planRestore(host: Host, backup: LoadedBackup): Promise<Write[]> {
  const saved = keysOf(backup.registryText);
  const current = keysOf(await host.exportKeys(backup.manifest.keys));
  const paths = new Map<string, string>();
  for (const key of [...saved, ...current]) if (!paths.has(key.path.toLowerCase())) paths.set(key.path.toLowerCase(), key.path);

  const writes: Write[] = [];
  for (const path of paths.values()) {
    const before = current.find((k) => sameName(k.path, path))?.values ?? [];
    const wanted = saved.find((k) => sameName(k.path, path))?.values ?? [];
    const store = storeOfKey(path);
    for (const value of wanted) {
      const now = before.find((v) => sameName(v.name, value.name)) ?? null;
      writes.push(...valueWrite(store, path, now, value, describerFor(store, value.name), value.name));
    }
    for (const value of before.filter((v) => !wanted.some((w) => sameName(w.name, v.name)))) {
      writes.push(...valueWrite(store, path, value, null, describerFor(store, value.name), value.name));
    }
  }

  for (const file of backup.manifest.files) {
    const bytes = backup.fileBytes.get(file.path)!;
    const now = (await host.readFile(file.path)) ?? Buffer.alloc(0);
    const modeNow = (await host.fileMode?.(file.path)) ?? null;
    const modeWanted = typeof file.mode === 'number' ? file.mode : null;
    if (now.equals(bytes) && (modeWanted === null || modeWanted === modeNow)) continue;
    writes.push({
      kind: 'file',
      store: 'mdi-sensor',
      path: file.path,
      before: now,
      after: bytes,
      restartsSensor: true,
      modeBefore: modeNow,
      modeAfter: modeWanted,
      change: { store: 'mdi-sensor', target: file.path, before: describeFile(file.path, now), after: describeFile(file.path, bytes) },
    });
  }
  return writes;
}

function keysOf(regText: string): RegKey[] {
  return parseRegFile(regText, 'backup').keys.filter((k) => !k.deleteKey).map((k) => ({ path: k.path, values: k.values }));
}

function describeFile(path: string, bytes: Buffer): string | null {
  const parsed = parseSensorConfiguration(path, bytes);
  return 'problem' in parsed ? `unreadable (${parsed.problem})` : describeSensorProxyObject(parsed.json.SensorProxyConfiguration);
}
