import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../host/host';
import type { InterruptedChange } from '../protocol';
import { findValue, sameName } from '../formats/registry-model';
import { storeOfFile, storeWritingValue } from '../stores/index';
import { SERVICES } from '../stores/keys';
import { sameValue } from '../stores/writes';
import { EXIT } from '../errors';
import { fail, logLine, phrase } from '../messages';
import type { Log } from '../log';
import { backupsDirectory, loadBackup } from './backup';
import { fileHash, journalPath, journalValue, readJournal, removeJournal, type ChangeJournal, type JournalWrite } from './journal';
import { lockIsHeld } from './lock';
import { describeLeft, messageOf, startAgain, type Left } from './rollback';

/**
 * A change cut short leaves its journal (journal.ts). Every later command sees it: `get` reports where each
 * target stands and which services are left stopped; the next set, clear or restore finishes the rollback,
 * under the lock, before it plans anything of its own.
 */

type State = 'before' | 'after' | 'other' | 'unreadable';

async function stateOf(host: Host, write: JournalWrite): Promise<State> {
  try {
    if (write.kind === 'file') {
      const now = fileHash(await host.readFile(write.path));
      return now === write.beforeSha256 ? 'before' : now === write.afterSha256 ? 'after' : 'other';
    }
    const now = findValue(await host.readKey(write.key), write.name);
    if (sameValue(now, journalValue(write.before, write.name))) return 'before';
    return sameValue(now, journalValue(write.after, write.name)) ? 'after' : 'other';
  } catch {
    return 'unreadable';
  }
}

/**
 * The journal a dead change left, or null: none, or (outside the lock) its change still runs, its lock held by a
 * live process. Under the lock, any journal is a dead change's: the lock was free or taken over as stale.
 */
function abandonedJournal(host: Host, underLock: boolean): ChangeJournal | null {
  if (!existsSync(journalPath(host.stateDirectory)) || (!underLock && lockIsHeld(host.stateDirectory))) return null;
  try {
    return readJournal(host.stateDirectory);
  } catch (error) {
    throw fail('JOURNAL_MALFORMED', { path: journalPath(host.stateDirectory), detail: messageOf(error) }, { field: 'machine' });
  }
}

/** What `get` reports about an unfinished change; null when there is none. */
export async function interruptedChange(host: Host): Promise<InterruptedChange | null> {
  const journal = abandonedJournal(host, false);
  if (!journal) return null;
  const targets: InterruptedChange['targets'] = [];
  for (const write of journal.writes) targets.push({ store: write.store, target: write.target, state: await stateOf(host, write) });
  const stores = [...new Set(targets.map((t) => t.store))];
  const changedStores = stores.filter((s) => targets.some((t) => t.store === s && t.state !== 'before'));
  const stoppedServices: string[] = [];
  for (const name of journal.stoppedServices) {
    const service = await host.getService(name).catch(() => null);
    if (service && service.state !== 'running') stoppedServices.push(name);
  }
  return {
    started: journal.started,
    reason: journal.reason,
    holder: phrase('LOCK_HOLDER', { pid: journal.pid, host: journal.host, created: journal.started }),
    backup: journal.backup.id,
    backupPath: journal.backup.path,
    targets,
    changedStores,
    unchangedStores: stores.filter((s) => !changedStores.includes(s)),
    stoppedServices,
  };
}

/** Tells any command other than get (which reports it in its result) that a change was left unfinished. */
export async function warnOfInterruptedChange(host: Host, log: Log): Promise<InterruptedChange | null> {
  let report: InterruptedChange | null;
  try {
    report = await interruptedChange(host);
  } catch (error) {
    // A journal this tool did not write is said, not acted on: only a change (set, clear, restore) refuses it.
    log({ level: 'warning', message: messageOf(error), code: 'JOURNAL_MALFORMED' });
    return null;
  }
  if (report)
    log(
      logLine('warning', 'CHANGE_INTERRUPTED', {
        started: report.started,
        reason: report.reason,
        changed: report.changedStores.join(', ') || phrase('NONE'),
        backup: report.backup,
      }),
    );
  return report;
}

/**
 * A journal may hold only what this tool writes: values a store writes, the file a store keeps on this machine.
 * Anything else was planted, and finishing it would write it.
 */
async function refuseForeignTargets(host: Host, journal: ChangeJournal): Promise<void> {
  for (const write of journal.writes) {
    const store = write.kind === 'value' ? storeWritingValue(write.key, write.name) : storeOfFile(write.path);
    const current = write.kind === 'file' && store?.files ? await store.files.locate(host) : [];
    const ours = store?.name === write.store && (write.kind === 'value' || current.some((c) => sameName(c, write.path)));
    if (!ours)
      throw fail(
        'JOURNAL_MALFORMED',
        { path: journalPath(host.stateDirectory), detail: phrase('JOURNAL_FOREIGN_TARGET', { target: write.target }) },
        { field: 'machine' },
      );
  }
}

/**
 * Under the lock, before a new change plans: puts every target the interrupted change began back as it was
 * (values from the journal, files from its backup), starts again the services it stopped, removes the journal
 * and says so. What cannot be put back ends the command with exit 4, naming it; the journal stays.
 */
export async function finishInterruptedChange(host: Host, log: Log, serviceTimeoutMs: number): Promise<void> {
  removePartialBackups(host.stateDirectory);
  const journal = abandonedJournal(host, true);
  if (!journal) return;
  await refuseForeignTargets(host, journal);
  const begun = journal.writes.slice(0, Math.min(journal.begun, journal.writes.length));
  const touchesSensor = begun.some((w) => w.kind === 'file' && w.restartsSensor);
  if (touchesSensor) await host.stopService(SERVICES.sensorUpdater, serviceTimeoutMs).catch(() => undefined);
  const left: Left[] = [];
  let putBack = 0;
  for (const write of [...begun].reverse()) {
    if ((await stateOf(host, write)) === 'before') continue;
    try {
      await putBackOne(host, journal, write);
      putBack++;
    } catch (error) {
      const now = await stateOf(host, write);
      if (now === 'before') continue;
      const change = { store: write.store, target: write.target, before: write.beforeText, after: write.afterText };
      left.push({
        change,
        now: now === 'after' ? write.afterText : phrase(now === 'unreadable' ? 'WRITE_LEFT_UNREADABLE' : 'WRITE_LEFT_OTHER'),
        error: messageOf(error),
      });
    }
  }
  const toStart = new Set([...journal.stoppedServices, ...(touchesSensor ? [SERVICES.sensorUpdater] : [])]);
  const stopped = toStart.size > 0 ? await startAgain(host, serviceTimeoutMs) : [];
  if (left.length > 0 || stopped.length > 0) {
    throw fail(
      'CHANGE_RECOVERY_FAILED',
      {
        started: journal.started,
        left: describeLeft(left, stopped),
        path: journalPath(host.stateDirectory),
        backupPath: journal.backup.path,
      },
      {
        exit: EXIT.PARTIAL,
        details: {
          result: {
            backup: journal.backup.id,
            backupPath: journal.backup.path,
            left: left.map((l) => ({ ...l.change, now: l.now })),
            stoppedServices: stopped,
          },
        },
      },
    );
  }
  removeJournal(journalPath(host.stateDirectory));
  log(
    logLine('warning', 'CHANGE_RECOVERED', {
      started: journal.started,
      reason: journal.reason,
      count: putBack,
      services: [...toStart].join(', ') || phrase('NONE'),
      backup: journal.backup.id,
    }),
  );
}

async function putBackOne(host: Host, journal: ChangeJournal, write: JournalWrite): Promise<void> {
  if (write.kind === 'value') {
    const before = journalValue(write.before, write.name);
    return before === null ? host.deleteValue(write.key, write.name) : host.setValue(write.key, before);
  }
  // A file's earlier bytes are in the change's backup, checked against the hash the journal names.
  const backup = loadBackup(host.stateDirectory, journal.backup.id);
  const bytes = [...backup.fileBytes.entries()].find(([path]) => sameName(path, write.path))?.[1];
  if (!bytes || fileHash(bytes) !== write.beforeSha256)
    throw new Error(phrase('JOURNAL_BACKUP_MISSING', { path: write.path, backup: journal.backup.id }));
  return host.writeFile(write.path, bytes, write.modeBefore ?? undefined);
}

/** A backup folder still named *.partial was being written by a change that died: it holds nothing usable. */
function removePartialBackups(stateDirectory: string): void {
  const root = backupsDirectory(stateDirectory);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) if (name.endsWith('.partial')) rmSync(join(root, name), { recursive: true, force: true });
}
