import { detail } from '../messages';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { StoreName } from '../protocol';
import type { RegValue } from '../formats/registry-model';
import type { Write } from '../stores/writes';
import { writeFileAtomic } from '../host/atomic-file';
import type { BackupRef } from './backup';
import { journalPath } from './journal-file';
import { stateDirectoryError } from './state-directory';

/**
 * The change journal: beside the lock, written (and flushed) before a change's first write, updated before each
 * write and each service stop or start, removed when the change ends. A change cut short (kill -9, an Intune
 * time-out, a closed console) leaves it behind, so that every later command sees the unfinished change and the
 * next set, clear or restore finishes its rollback. It names targets and the states they move between, never a
 * secret in clear: a file is named by its hashes (its bytes are in the backup), and the sensor's file holds its
 * password only as ciphertext anyway.
 */
export { JOURNAL_FILE, journalPath } from './journal-file';

export interface JournalValue {
  type: number;
  /** The value's bytes, hex. */
  data: string;
}

interface JournalTarget {
  store: StoreName;
  /** As plans show it. */
  target: string;
  beforeText: string | null;
  afterText: string | null;
}

export type JournalWrite =
  | (JournalTarget & { kind: 'value'; key: string; name: string; before: JournalValue | null; after: JournalValue | null })
  | (JournalTarget & {
      kind: 'file';
      path: string;
      beforeSha256: string;
      afterSha256: string;
      restartsSensor: boolean;
      modeBefore: number | null;
    });

export interface ChangeJournal {
  version: 1;
  pid: number;
  host: string;
  started: string;
  /** What made the change: set, clear, restore <id>. */
  reason: string;
  backup: BackupRef;
  writes: JournalWrite[];
  /** How many writes began: the first `begun` may have taken effect, the others did not. */
  begun: number;
  /** Services the change stopped and has not started again. */
  stoppedServices: string[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const valueOf = (value: RegValue | null): JournalValue | null => (value ? { type: value.type, data: value.data.toString('hex') } : null);

function journalWrite(write: Write): JournalWrite {
  const common = { store: write.store, target: write.change.target, beforeText: write.change.before, afterText: write.change.after };
  if (write.kind === 'value')
    return { ...common, kind: 'value', key: write.key, name: write.name, before: valueOf(write.before), after: valueOf(write.after) };
  return {
    ...common,
    kind: 'file',
    path: write.path,
    beforeSha256: sha256(write.before),
    afterSha256: sha256(write.after),
    restartsSensor: write.restartsSensor,
    modeBefore: write.modeBefore ?? null,
  };
}

/** The journal of the change this process is making. */
export class Journal {
  private constructor(
    private readonly path: string,
    private readonly content: ChangeJournal,
  ) {}

  /** Written and flushed before the first write: from here on an interruption can be finished by a later run. */
  static begin(stateDirectory: string, reason: string, backup: BackupRef, writes: Write[]): Journal {
    const journal = new Journal(journalPath(stateDirectory), {
      version: 1,
      pid: process.pid,
      host: hostname(),
      started: new Date().toISOString(),
      reason,
      backup,
      writes: writes.map(journalWrite),
      begun: 0,
      stoppedServices: [],
    });
    journal.save();
    return journal;
  }

  beginWrite(index: number): void {
    this.content.begun = Math.max(this.content.begun, index + 1);
    this.save();
  }

  /** Recorded before the stop is asked for: a kill during the stop must still start the service again. */
  stoppingService(name: string): void {
    if (!this.content.stoppedServices.includes(name)) this.content.stoppedServices.push(name);
    this.save();
  }

  /** Best effort: the service runs, and the journal is removed when the change ends anyway. */
  serviceStarted(name: string): void {
    this.content.stoppedServices = this.content.stoppedServices.filter((s) => s !== name);
    try {
      this.save();
    } catch {
      // a journal that still lists it is removed with the change's end
    }
  }

  /** The change ended (made, or rolled back): nothing is left to finish. */
  end(): void {
    removeJournal(this.path);
  }

  /** A journal that cannot be written (a full disk) stops the change before the write it was to announce. */
  private save(): void {
    try {
      writeFileAtomic(this.path, JSON.stringify(this.content, null, 2) + '\n', { mode: 0o600 });
    } catch (error) {
      throw stateDirectoryError(this.path, error);
    }
  }
}

export function removeJournal(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

/** The journal a change left behind, null when there is none; throws when it is not one this tool writes. */
export function readJournal(stateDirectory: string): ChangeJournal | null {
  const path = journalPath(stateDirectory);
  if (!existsSync(path)) return null;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<ChangeJournal>;
  const isString = (v: unknown): v is string => typeof v === 'string';
  const valid =
    json !== null &&
    json.version === 1 &&
    isString(json.started) &&
    isString(json.reason) &&
    isString(json.backup?.id) &&
    isString(json.backup?.path) &&
    Array.isArray(json.writes) &&
    json.writes.every(
      (w) =>
        w &&
        isString(w.store) &&
        isString(w.target) &&
        (w.kind === 'value' ? isString(w.key) && isString(w.name) : w.kind === 'file' && isString(w.path) && isString(w.beforeSha256)),
    ) &&
    Number.isInteger(json.begun) &&
    Array.isArray(json.stoppedServices) &&
    json.stoppedServices.every(isString);
  if (!valid) throw new Error(detail('JOURNAL_NOT_OURS'));
  return json as ChangeJournal;
}

export function journalValue(value: JournalValue | null, name: string): RegValue | null {
  return value ? { name, type: value.type, data: Buffer.from(value.data, 'hex') } : null;
}

export function fileHash(bytes: Buffer | null): string | null {
  return bytes === null ? null : sha256(bytes);
}
