import type { Host } from '../host/host';
import type { Change } from '../protocol';
import { findValue } from '../formats/registry-model';
import { sameValue, type Write } from '../stores/writes';
import { SERVICES } from '../stores/keys';
import { phrase } from '../messages';

/**
 * Putting written values back, and saying exactly what is left when that fails: a target is read again, so
 * that a write that never took effect (an unwritable file, a full disk) is not reported as changed, and a
 * value that is left changed is named with what it holds now.
 */

/** Where a write's target stands now: as before the change, as the change left it, something else, or unknown. */
export type TargetState = { state: 'before' | 'after' | 'other' } | { state: 'unreadable'; error: string };

export async function targetState(host: Host, write: Write): Promise<TargetState> {
  try {
    if (write.kind === 'file') {
      const now = await host.readFile(write.path);
      if (now !== null && now.equals(write.before)) return { state: 'before' };
      if (now !== null && now.equals(write.after)) return { state: 'after' };
      return { state: 'other' };
    }
    const now = findValue(await host.readKey(write.key), write.name);
    if (sameValue(now, write.before)) return { state: 'before' };
    if (sameValue(now, write.after)) return { state: 'after' };
    return { state: 'other' };
  } catch (error) {
    return { state: 'unreadable', error: messageOf(error) };
  }
}

export interface Left {
  change: Change;
  /** What the target holds now, as plans show it. */
  now: string | null;
  error: string;
}

/**
 * Puts back the values read before, newest first, writing only what differs from them; returns what is left
 * changed, each with what it holds now (the host is read again after a failed write).
 */
export async function rollBack(host: Host, written: Write[]): Promise<Left[]> {
  const left: Left[] = [];
  for (const write of [...written].reverse()) {
    if ((await targetState(host, write)).state === 'before') continue;
    try {
      await perform(host, write, 'before');
    } catch (error) {
      const now = await targetState(host, write);
      if (now.state === 'before') continue;
      left.push({ change: write.change, now: describeNow(write, now), error: now.state === 'unreadable' ? now.error : messageOf(error) });
    }
  }
  return left;
}

export async function perform(host: Host, write: Write, side: 'before' | 'after'): Promise<void> {
  if (write.kind === 'file') {
    const mode = (side === 'after' ? write.modeAfter : write.modeBefore) ?? undefined;
    return host.writeFile(write.path, side === 'after' ? write.after : write.before, mode);
  }
  const value = side === 'after' ? write.after : write.before;
  if (value === null) return host.deleteValue(write.key, write.name);
  return host.setValue(write.key, value);
}

function describeNow(write: Write, now: TargetState): string | null {
  if (now.state === 'after') return write.change.after;
  if (now.state === 'unreadable') return phrase('WRITE_LEFT_UNREADABLE');
  return phrase('WRITE_LEFT_OTHER');
}

/** `target is "now" instead of "before" (error)`, for each target left; and each service left stopped. */
export function describeLeft(left: Left[], stoppedServices: string[] = []): string {
  return [
    ...left.map((l) =>
      phrase('WRITE_LEFT', {
        target: l.change.target,
        now: l.now ?? phrase('WRITE_LEFT_ABSENT'),
        before: l.change.before ?? phrase('WRITE_LEFT_ABSENT'),
        error: l.error,
      }),
    ),
    ...stoppedServices.map((service) => phrase('SERVICE_LEFT_STOPPED', { service })),
  ].join('; ');
}

/**
 * Starts the sensor updater again after a rollback; the services left stopped (none when it runs). A start
 * that fails is not an error of its own: it is named among what is left.
 */
export async function startAgain(host: Host, timeoutMs: number): Promise<string[]> {
  try {
    await host.startService(SERVICES.sensorUpdater, timeoutMs);
  } catch {
    // judged by the service's state below
  }
  try {
    const service = await host.getService(SERVICES.sensorUpdater);
    return service && service.state !== 'running' && service.state !== 'start-pending' ? [SERVICES.sensorUpdater] : [];
  } catch {
    return [SERVICES.sensorUpdater];
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
