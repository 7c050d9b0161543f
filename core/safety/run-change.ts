import type { Host } from '../host/host';
import type { SetResult } from '../protocol';
import type { Write } from '../stores/writes';
import type { LogEvent } from '../log';
import { fail, logLine } from '../messages';
import { withChangeLock } from './lock';
import { createBackup } from './backup';
import { applyWrites } from './apply';
import { secureStateDirectory } from './state-directory';
import { Journal } from './journal';
import { finishInterruptedChange } from './interrupted-change';
import { EXIT, ToolError } from '../errors';
import { asOneChange } from './change-in-progress';

export const DEFAULT_SERVICE_TIMEOUT_MS = 60_000;

export interface ChangeRun {
  /** What made the change, kept in the backup's manifest: set, clear, restore. */
  reason: string;
  serviceTimeoutMs?: number;
  log(event: LogEvent): void;
  /** Computes the writes from the machine as it is once the lock is held. */
  plan(): Promise<Write[]>;
}

/**
 * Lock → read afresh → plan → (nothing to do: done) → backup → apply with rollback → unlock. On the live
 * machine a process without administrator rights is refused first (exit 2): not even the lock is taken.
 */
export async function runChange(host: Host, run: ChangeRun): Promise<SetResult> {
  if (host.kind !== 'image' && !(await host.isElevated())) throw fail('NOT_ELEVATED', {}, { field: 'machine' });
  const serviceTimeoutMs = run.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS;
  // A change waits on the sensor at most three times (stop, start, run again): its lock lives a little longer.
  // Once the lock is held the change runs to its end (or its rollback) even through Ctrl+C; waiting for the lock does not.
  const lock = {
    waitMs: 2 * serviceTimeoutMs + 60_000,
    lifetimeMs: Math.max(10 * 60_000, 4 * serviceTimeoutMs),
    log: run.log,
    prepare: (created: boolean) => secureStateDirectory(host, created, run.log),
  };
  return withChangeLock(host.stateDirectory, lock, () =>
    asOneChange(async () => {
      await host.reload();
      // A change cut short before this one is finished first: its rollback, its stopped services.
      await finishInterruptedChange(host, run.log, serviceTimeoutMs);
      await host.reload();
      const writes = await run.plan();
      const changes = writes.map((w) => w.change);
      if (writes.length === 0) return { changed: false, changes, backup: null, backupPath: null, restartedServices: [] };
      const backup = await createBackup(host, writes, run.reason);
      run.log(logLine('info', 'BACKUP_WRITTEN', { id: backup.id, path: backup.path }));
      const journal = Journal.begin(host.stateDirectory, run.reason, backup, writes);
      let restartedServices: string[];
      try {
        ({ restartedServices } = await applyWrites(host, writes, { backup, serviceTimeoutMs, log: run.log, journal }));
      } catch (error) {
        // Rolled back (exit 3): nothing to finish. Not fully (exit 4): the journal stays for the next run.
        if (!(error instanceof ToolError && error.exit === EXIT.PARTIAL)) journal.end();
        throw error;
      }
      journal.end();
      return { changed: true, changes, backup: backup.id, backupPath: backup.path, restartedServices };
    }),
  );
}
