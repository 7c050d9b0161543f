import type { Host } from '../host/host';
import type { Write } from '../stores/writes';
import { SERVICES } from '../stores/keys';
import type { BackupRef } from './backup';
import type { Journal } from './journal';
import { fail, logLine, phrase } from '../messages';
import { EXIT, type ToolError } from '../errors';
import { describeLeft, messageOf, perform, rollBack, startAgain, type Left } from './rollback';
import type { LogEvent } from '../log';

export interface ApplyOptions {
  backup: BackupRef;
  /** Told of each write and service stop or start before it happens, so that a cut-short change can be finished. */
  journal?: Journal;
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
    options.journal?.stoppingService(SERVICES.sensorUpdater);
    try {
      await host.stopService(SERVICES.sensorUpdater, options.serviceTimeoutMs);
    } catch (error) {
      const stopped = await startAgain(host, options.serviceTimeoutMs);
      if (stopped.length > 0) throw failureAfterRollback(SERVICES.sensorUpdater, messageOf(error), [], stopped, options.backup);
      throw fail(
        'SENSOR_STOP_FAILED',
        { detail: messageOf(error) },
        { exit: EXIT.ROLLED_BACK, details: { result: backupResult(options.backup) } },
      );
    }
  }

  const written: Write[] = [];
  for (const [index, write] of writes.entries()) {
    written.push(write); // before the attempt: a write that failed half-way is rolled back too
    try {
      options.journal?.beginWrite(index);
      await perform(host, write, 'after');
    } catch (error) {
      const left = await rollBack(host, written);
      const stopped = restartsSensor ? await startAgain(host, options.serviceTimeoutMs) : [];
      throw failureAfterRollback(write.change.target, messageOf(error), left, stopped, options.backup);
    }
    options.log({ level: 'progress', done: index + 1, total: writes.length, message: write.change.target });
  }

  if (!restartsSensor) return { restartedServices: [] };
  await host.startService(SERVICES.sensorUpdater, options.serviceTimeoutMs);
  options.journal?.serviceStarted(SERVICES.sensorUpdater);
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
  const stopped = await startAgain(host, options.serviceTimeoutMs);
  if (left.length > 0 || stopped.length > 0) {
    throw fail(
      'SENSOR_RESTORE_FAILED',
      { seconds, left: describeLeft(left, stopped), backupPath: options.backup.path },
      {
        exit: EXIT.PARTIAL,
        details: { result: leftResult(options.backup, left, stopped) },
      },
    );
  }
  const running = await host.waitForService(SERVICES.sensor, 'running', options.serviceTimeoutMs);
  throw fail(
    'SENSOR_DID_NOT_START',
    { seconds, running: phrase(running ? 'SENSOR_RUNS_AGAIN' : 'SENSOR_STILL_STOPPED'), backup: options.backup.id },
    {
      exit: EXIT.ROLLED_BACK,
      details: { result: backupResult(options.backup) },
    },
  );
}

/**
 * Exit 3 when the machine is as it was (a write that never took effect is not "left"); exit 4 naming exactly
 * what is left, a stopped service included.
 */
function failureAfterRollback(target: string, detail: string, left: Left[], stopped: string[], backup: BackupRef): ToolError {
  if (left.length === 0 && stopped.length === 0) {
    return fail(
      'CHANGE_ROLLED_BACK',
      { target, detail, backup: backup.id },
      { exit: EXIT.ROLLED_BACK, details: { result: backupResult(backup) } },
    );
  }
  return fail(
    'CHANGE_PARTIAL',
    { target, detail, left: describeLeft(left, stopped), backupPath: backup.path },
    {
      exit: EXIT.PARTIAL,
      details: { result: leftResult(backup, left, stopped) },
    },
  );
}

function leftResult(backup: BackupRef, left: Left[], stopped: string[]) {
  return { ...backupResult(backup), left: left.map((l) => ({ ...l.change, now: l.now })), stoppedServices: stopped };
}

function backupResult(backup: BackupRef): { backup: string; backupPath: string } {
  return { backup: backup.id, backupPath: backup.path };
}

async function stopQuietly(host: Host, timeoutMs: number): Promise<void> {
  try {
    await host.stopService(SERVICES.sensorUpdater, timeoutMs);
  } catch {
    // the rollback writes the file anyway
  }
}
