import type { Host } from '../host/host';
import type { Change } from '../protocol';
import type { Write } from '../stores/writes';
import { SERVICES } from '../stores/keys';
import type { BackupRef } from './backup';
import { fail, logLine, phrase } from '../messages';
import { EXIT, type ToolError } from '../errors';
import type { LogEvent } from '../log';

export interface ApplyOptions {
  backup: BackupRef;
  serviceTimeoutMs: number;
  log(event: LogEvent): void;
}

export interface ApplyOutcome {
  restartedServices: string[];
}

/**
 * Applies writes one by one through the host. Any failure rolls back everything already written, newest
 * first, from the values read before (exit 3); a rollback that fails too says what is left and where the
 * backup is (exit 4). A change to the sensor's file stops AATPSensorUpdater first, starts it after, and
 * checks that AATPSensor runs again; if it does not, the previous state is put back and started.
 */
export async function applyWrites(host: Host, writes: Write[], options: ApplyOptions): Promise<ApplyOutcome> {
  const restartsSensor = writes.some((w) => w.kind === 'file' && w.restartsSensor);
  if (restartsSensor) {
    try {
      await host.stopService(SERVICES.sensorUpdater, options.serviceTimeoutMs);
    } catch (error) {
      await startQuietly(host, options.serviceTimeoutMs);
      throw fail('SENSOR_STOP_FAILED', { detail: messageOf(error) }, { exit: EXIT.ROLLED_BACK, details: { result: backupResult(options.backup) } });
    }
  }

  const written: Write[] = [];
  for (const [index, write] of writes.entries()) {
    written.push(write); // before the attempt: a write that failed half-way is rolled back too
    try {
      await perform(host, write, 'after');
    } catch (error) {
      const left = await rollBack(host, written);
      if (restartsSensor) await startQuietly(host, options.serviceTimeoutMs);
      throw failureAfterRollback(write.change.target, messageOf(error), left, options.backup);
    }
    options.log({ level: 'progress', done: index + 1, total: writes.length, message: write.change.target });
  }

  if (!restartsSensor) return { restartedServices: [] };
  await host.startService(SERVICES.sensorUpdater, options.serviceTimeoutMs);
  if (await host.waitForService(SERVICES.sensor, 'running', options.serviceTimeoutMs)) {
    return { restartedServices: [SERVICES.sensorUpdater, SERVICES.sensor] };
  }
  return sensorDidNotStart(host, written, options);
}

async function sensorDidNotStart(host: Host, written: Write[], options: ApplyOptions): Promise<never> {
  const seconds = Math.round(options.serviceTimeoutMs / 1000);
  options.log(logLine('warning', 'SENSOR_NOT_RUNNING_ROLLING_BACK', { seconds }));
  await stopQuietly(host, options.serviceTimeoutMs);
  const left = await rollBack(host, written);
  await startQuietly(host, options.serviceTimeoutMs);
  if (left.length > 0) {
    throw fail('SENSOR_RESTORE_FAILED', { seconds, left: describeLeft(left), backupPath: options.backup.path }, {
      exit: EXIT.PARTIAL,
      details: { result: { ...backupResult(options.backup), left: left.map((l) => l.change) } },
    });
  }
  const running = await host.waitForService(SERVICES.sensor, 'running', options.serviceTimeoutMs);
  throw fail('SENSOR_DID_NOT_START', { seconds, running: phrase(running ? 'SENSOR_RUNS_AGAIN' : 'SENSOR_STILL_STOPPED'), backup: options.backup.id }, {
    exit: EXIT.ROLLED_BACK,
    details: { result: backupResult(options.backup) },
  });
}

async function perform(host: Host, write: Write, side: 'before' | 'after'): Promise<void> {
  if (write.kind === 'file') {
    const mode = (side === 'after' ? write.modeAfter : write.modeBefore) ?? undefined;
    return host.writeFile(write.path, side === 'after' ? write.after : write.before, mode);
  }
  const value = side === 'after' ? write.after : write.before;
  if (value === null) return host.deleteValue(write.key, write.name);
  return host.setValue(write.key, value);
}

interface Left {
  change: Change;
  error: string;
}

/** Puts back the values read before, newest first; returns what could not be put back. */
async function rollBack(host: Host, written: Write[]): Promise<Left[]> {
  const left: Left[] = [];
  for (const write of [...written].reverse()) {
    try {
      await perform(host, write, 'before');
    } catch (error) {
      left.push({ change: write.change, error: messageOf(error) });
    }
  }
  return left;
}

function failureAfterRollback(target: string, detail: string, left: Left[], backup: BackupRef): ToolError {
  if (left.length === 0) {
    return fail('CHANGE_ROLLED_BACK', { target, detail, backup: backup.id }, { exit: EXIT.ROLLED_BACK, details: { result: backupResult(backup) } });
  }
  return fail('CHANGE_PARTIAL', { target, detail, left: describeLeft(left), backupPath: backup.path }, {
    exit: EXIT.PARTIAL,
    details: { result: { ...backupResult(backup), left: left.map((l) => l.change) } },
  });
}

function describeLeft(left: Left[]): string {
  return left
    .map((l) =>
      phrase('WRITE_LEFT', {
        target: l.change.target,
        after: l.change.after ?? phrase('WRITE_LEFT_DELETED'),
        before: l.change.before ?? phrase('WRITE_LEFT_ABSENT'),
        error: l.error,
      }),
    )
    .join('; ');
}

function backupResult(backup: BackupRef): { backup: string; backupPath: string } {
  return { backup: backup.id, backupPath: backup.path };
}

async function startQuietly(host: Host, timeoutMs: number): Promise<void> {
  try {
    await host.startService(SERVICES.sensorUpdater, timeoutMs);
  } catch {
    // reported through the sensor's state, not as a second error
  }
}

async function stopQuietly(host: Host, timeoutMs: number): Promise<void> {
  try {
    await host.stopService(SERVICES.sensorUpdater, timeoutMs);
  } catch {
    // the rollback writes the file anyway
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
