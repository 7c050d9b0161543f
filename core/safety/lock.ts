import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail, phrase } from '../messages';
import { EXIT } from '../errors';

export const LOCK_FILE = 'change.lock';

export interface LockHolder {
  pid: number;
  host: string;
  created: string;
}

export interface LockOptions {
  /** How long to wait for another change to finish. */
  waitMs: number;
  /** A lock older than this is taken over even when its process seems alive (default 10 minutes). */
  staleMs?: number;
}

/**
 * Runs `work` while holding the machine's change lock: a file created with O_EXCL holding the pid and the
 * time, so that two changes on one machine run one after the other and the end state is one request's, never
 * a mix. A lock left by a dead process, or older than `staleMs`, is taken over.
 */
export async function withChangeLock<T>(stateDirectory: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  mkdirSync(stateDirectory, { recursive: true });
  const path = join(stateDirectory, LOCK_FILE);
  const mine = await acquire(path, options);
  try {
    return await work();
  } finally {
    release(path, mine);
  }
}

async function acquire(path: string, options: LockOptions): Promise<string> {
  const staleMs = options.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + options.waitMs;
  const content = JSON.stringify({ pid: process.pid, host: hostname(), created: new Date().toISOString() } satisfies LockHolder);
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    if (tryCreate(path, content)) return content;
    const existing = readLock(path);
    if (existing !== null && isStale(existing.holder, staleMs)) takeOver(path, existing.text);
    else if (Date.now() >= deadline) {
      const holder = existing?.holder;
      throw fail('MACHINE_BUSY', { lock: path, holder: holder ? phrase('LOCK_HOLDER', { pid: holder.pid, host: holder.host, created: holder.created }) : phrase('LOCK_HOLDER_UNKNOWN') }, {
        exit: EXIT.ROLLED_BACK,
      });
    } else await new Promise((r) => setTimeout(r, delay));
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // released meanwhile
  }
  try {
    return { text, holder: JSON.parse(text) as LockHolder };
  } catch {
    return { text, holder: null }; // a holder that died between creating and writing it
  }
}

function isStale(holder: LockHolder | null, staleMs: number): boolean {
  if (holder === null) return true;
  const age = Date.now() - Date.parse(holder.created);
  if (!(age < staleMs)) return true;
  if (holder.host !== hostname()) return false;
  return !processAlive(holder.pid);
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
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // gone: nothing to put back
  }
  if (moved !== staleText) {
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
}

function release(path: string, mine: string): void {
  try {
    if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
  } catch {
    // taken over as stale meanwhile, or already gone
  }
}
