import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail, logLine, phrase } from '../messages';
import { EXIT } from '../errors';
import type { LogEvent } from '../log';
import { ensureStateDirectory, removeIfEmpty, stateDirectoryError } from './state-directory';

export const LOCK_FILE = 'change.lock';

export interface LockHolder {
  pid: number;
  host: string;
  created: string;
  /** When the holder's change must have ended, whatever happens: after this the lock is stale on any host. */
  expires?: string;
}

export interface LockOptions {
  /** How long to wait for another change to finish. */
  waitMs: number;
  /**
   * The longest a change may hold the lock (default 10 minutes). A lock past it is stale even when its process
   * seems alive or runs on another host; a lock claiming more than MAX_LIFETIME_MS is cut down to it.
   */
  lifetimeMs?: number;
  /** Former name of lifetimeMs. */
  staleMs?: number;
  /** Told when a stale lock is taken over: that is never done silently. */
  log?(event: LogEvent): void;
  /** Runs once the state folder exists (`created`: by this call), before the lock is taken: its security check. */
  prepare?(created: boolean): Promise<void>;
}

/** No change runs for two hours: a lock claiming more is not believed. */
export const MAX_LIFETIME_MS = 2 * 60 * 60_000;
/** Clocks of hosts sharing an image differ by this much without a lock being judged impossible. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A lock file without content yet: its holder is between creating and writing it for at most this long. */
const UNWRITTEN_GRACE_MS = 10_000;

/**
 * Runs `work` while holding the machine's change lock: a file created with O_EXCL holding the pid, the host, the
 * time and the latest moment the change may end, so that two changes on one machine run one after the other and
 * the end state is one request's, never a mix. A lock is stale when its process is gone (same host), when its
 * lifetime has passed (any host), or when its dates cannot be true; a stale lock is taken over with a warning.
 * The state directory is created when missing, and removed again when the work left nothing in it: a refused
 * request writes nothing.
 */
export async function withChangeLock<T>(stateDirectory: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const created = ensureStateDirectory(stateDirectory);
  const path = join(stateDirectory, LOCK_FILE);
  try {
    await options.prepare?.(created);
    const mine = await acquire(path, options);
    try {
      return await work();
    } finally {
      release(path, mine);
    }
  } finally {
    if (created) removeIfEmpty(stateDirectory);
  }
}

async function acquire(path: string, options: LockOptions): Promise<string> {
  const lifetimeMs = Math.min(options.lifetimeMs ?? options.staleMs ?? 10 * 60_000, MAX_LIFETIME_MS);
  const deadline = Date.now() + options.waitMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const now = new Date();
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      created: now.toISOString(),
      expires: new Date(now.getTime() + lifetimeMs).toISOString(),
    };
    const content = JSON.stringify(holder);
    if (tryCreate(path, content)) return content;
    const existing = readLock(path);
    const stale = existing === null ? null : staleness(existing, lifetimeMs);
    if (existing !== null && stale !== null) {
      if (takeOver(path, existing.text))
        options.log?.(logLine('warning', 'LOCK_TAKEN_OVER', { lock: path, holder: describeHolder(existing.holder), reason: stale }));
    } else if (Date.now() >= deadline) {
      const holder = existing?.holder ?? null;
      throw fail(
        'MACHINE_BUSY',
        { lock: path, holder: describeHolder(holder), clearing: clearingAdvice(path, holder, lifetimeMs) },
        { exit: EXIT.ROLLED_BACK },
      );
    } else await new Promise((r) => setTimeout(r, delay));
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw stateDirectoryError(path, error);
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    // A full disk takes the content but leaves the file: remove it, or it would block every later change.
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // gone already
    }
    throw stateDirectoryError(path, error);
  }
  closeSync(fd);
  return true;
}

interface ExistingLock {
  text: string;
  holder: LockHolder | null;
  /** The lock file's modification time: this host's clock, whatever the holder wrote. */
  modified: number;
}

function readLock(path: string): ExistingLock | null {
  let text: string;
  let modified: number;
  try {
    text = readFileSync(path, 'utf8');
    modified = statSync(path).mtimeMs;
  } catch {
    return null; // released meanwhile
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return { text, holder: holder && typeof holder === 'object' ? holder : null, modified };
  } catch {
    return { text, holder: null, modified };
  }
}

/** Why the lock is stale, or null when it is held. */
function staleness(lock: ExistingLock, lifetimeMs: number): string | null {
  const now = Date.now();
  const { holder } = lock;
  const created = holder ? Date.parse(holder.created) : NaN;
  // The holder's own date when it can be true; else the file's date on this host's clock.
  const plausible = (time: number) => Number.isFinite(time) && time <= now + CLOCK_SKEW_MS;
  const start = plausible(created) ? created : plausible(lock.modified) ? lock.modified : NaN;
  if (!Number.isFinite(start)) return phrase('LOCK_STALE_FUTURE');
  if (!holder || typeof holder.pid !== 'number' || typeof holder.host !== 'string') {
    return now - start > UNWRITTEN_GRACE_MS ? phrase('LOCK_STALE_NO_HOLDER') : null;
  }
  const claimed = Date.parse(holder.expires ?? '');
  const expires = Math.min(Number.isFinite(claimed) ? claimed : start + lifetimeMs, start + MAX_LIFETIME_MS);
  if (now > expires) return phrase('LOCK_STALE_EXPIRED', { expires: new Date(expires).toISOString() });
  if (holder.host === hostname() && !processAlive(holder.pid)) return phrase('LOCK_STALE_DEAD', { pid: holder.pid });
  return null;
}

function describeHolder(holder: LockHolder | null): string {
  if (!holder) return phrase('LOCK_HOLDER_UNKNOWN');
  return phrase('LOCK_HOLDER', { pid: holder.pid, host: holder.host, created: holder.created });
}

function clearingAdvice(path: string, holder: LockHolder | null, lifetimeMs: number): string {
  const start = holder ? Date.parse(holder.created) : NaN;
  const until = holder?.expires ?? (Number.isFinite(start) ? new Date(start + lifetimeMs).toISOString() : null);
  return until ? phrase('LOCK_CLEARING', { until, path }) : phrase('LOCK_CLEARING_UNDATED', { path });
}

/** Whether a change holds the lock now: a lock file whose holder is not stale by the default lifetime. */
export function lockIsHeld(stateDirectory: string): boolean {
  const existing = readLock(join(stateDirectory, LOCK_FILE));
  return existing !== null && staleness(existing, 10 * 60_000) === null;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside under a unique name, so that of two processes taking it over only one
 * succeeds; if what was moved is not the stale lock judged (someone took over first), it is put back.
 * True when this process removed the stale lock.
 */
function takeOver(path: string, staleText: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // gone: nothing to put back
  }
  const ours = moved === staleText;
  if (!ours) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds the lock now; the moved one's owner will find its lock gone on release
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
  return ours;
}

function release(path: string, mine: string): void {
  try {
    if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
  } catch {
    // taken over as stale meanwhile, or already gone
  }
}
