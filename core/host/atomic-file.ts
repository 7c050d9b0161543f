import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits for the file; by default an existing file's are kept, a new file gets the process default. */
  mode?: number;
}

/**
 * Write beside the target, flush, then rename over it: a reader sees the old or the new file, never a mix. The
 * file keeps its permission bits (and, where the process may, its owner): a 0644 file stays 0644. A failed
 * write leaves no temporary file behind.
 */
export function writeFileAtomic(path: string, data: Buffer | string, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const previous = statOrNull(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      keepIdentity(fd, previous, options.mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // the write's own error is the one worth reporting
    }
    throw error;
  }
}

function statOrNull(path: string): { mode: number; uid: number; gid: number } | null {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

/** The temporary file takes the old file's mode and owner before it replaces it; a new file the default mode. */
function keepIdentity(fd: number, previous: { mode: number; uid: number; gid: number } | null, mode: number | undefined): void {
  if (process.platform === 'win32') return; // permissions are ACLs there, inherited from the folder
  const wanted = mode ?? (previous ? previous.mode & 0o7777 : 0o666 & ~process.umask());
  fchmodSync(fd, wanted);
  if (previous && (previous.uid !== fstatSync(fd).uid || previous.gid !== fstatSync(fd).gid)) {
    try {
      fchownSync(fd, previous.uid, previous.gid);
    } catch {
      // only root may give a file away; an ordinary user's file was written by that user anyway
    }
  }
}

/**
 * Rewrites an existing file in place, keeping its identity: on Windows a file renamed over another takes the
 * folder's inherited permissions, and the sensor (LocalService) must still be able to read its configuration.
 * Not atomic, so callers stop the file's readers first and keep a backup (they do: see core/safety).
 */
export function overwriteFileInPlace(path: string, data: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset, offset);
    ftruncateSync(fd, data.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
