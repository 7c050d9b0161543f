import type { StoreEntry, UnreadableTarget } from '../protocol';
import { phrase } from '../messages';

/**
 * Without administrator rights the service accounts' hives (HKU\S-1-5-18, HKU\S-1-5-19) refuse to be read, and
 * reg.exe says "missing" for a refusal too: such an entry read as absent is marked unreadable instead (its
 * absence is unknown), and listed. The sensor configuration already reports a refused file as unreadable.
 */
export function markUnreadableWithoutElevation(entries: StoreEntry[]): UnreadableTarget[] {
  const unreadable: UnreadableTarget[] = [];
  for (const entry of entries) {
    if (entry.store !== 'wininet' || entry.present || (entry.account !== 'LocalSystem' && entry.account !== 'LocalService')) continue;
    entry.readable = false;
    unreadable.push({ store: 'wininet', target: entry.target, reason: phrase('NOT_ELEVATED_READ') });
  }
  for (const entry of entries) {
    if (entry.store === 'mdi-sensor' && entry.status === 'unreadable') {
      unreadable.push({ store: 'mdi-sensor', target: entry.configurationPath ?? 'SensorConfiguration.json', reason: entry.error ?? phrase('NOT_ELEVATED_READ') });
    }
  }
  return unreadable;
}
