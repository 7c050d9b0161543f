import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/** Write beside the target, flush, then rename over it: a reader sees the old or the new file, never a mix. */
export function writeFileAtomic(path: string, data: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // the rename's error is the one worth reporting
    }
    throw error;
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
