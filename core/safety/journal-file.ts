import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the change journal lives (journal.ts): beside the lock. Apart from the journal's code, so that every
 * start-up can ask whether one exists without loading the write path (crypto, backups, stores).
 */
export const JOURNAL_FILE = 'change.journal';

export function journalPath(stateDirectory: string): string {
  return join(stateDirectory, JOURNAL_FILE);
}

export function journalExists(stateDirectory: string): boolean {
  return existsSync(journalPath(stateDirectory));
}
