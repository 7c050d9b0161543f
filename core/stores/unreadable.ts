import type { StoreEntry, UnreadableTarget } from '../protocol';
import { phrase } from '../messages';

/**
 * Without administrator rights the service accounts' hives (HKU\S-1-5-18, HKU\S-1-5-19) refuse to be read, and
 * reg.exe says "missing" for a refusal too: such an entry read as absent is marked unreadable instead (its
 * absence is unknown), and listed. The sensor configuration already reports a refused file as unreadable.
 */
/** Whether an entry read as absent might have been refused instead: a service account's WinINet, or the sensor's file. */
export function mayBeUnreadable(entries: StoreEntry[]): boolean {
  return entries.some(
    (e) => (e.store === 'wininet' && !e.present && (e.account === 'LocalSystem' || e.account === 'LocalService')) || (e.store === 'mdi-sensor' && e.status === 'unreadable'),
  );
}

export function markUnreadableWithoutElevation(entries: StoreEntry[]): UnreadableTarget[] {
  const unreadable: UnreadableTarget[] = [];
  for (const entry of entries) {
    if (entry.store !== 'wininet' || entry.present || (entry.account !== 'LocalSystem' && entry.account !== 'LocalService')) continue;
    entry.unreadable = true;
    unreadable.push({ store: 'wininet', target: entry.target, reason: phrase('NOT_ELEVATED_READ') });
  }
  for (const entry of entries) {
    if (entry.store === 'mdi-sensor' && entry.status === 'unreadable') {
      unreadable.push({ store: 'mdi-sensor', target: entry.configurationPath ?? 'SensorConfiguration.json', reason: entry.error ?? phrase('NOT_ELEVATED_READ') });
    }
  }
  return unreadable;
}
