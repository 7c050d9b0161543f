import { detail } from './messages';
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';

// Under wine, Node's process.stdin/stdout/stderr streams fail on pipes (EBADF): use the file descriptors.

/** Input past its size limit: `--input /dev/zero` must end in a coded refusal, not read forever. */
export class InputTooLarge extends Error {
  constructor(readonly limit: number) {
    super(detail('INPUT_TOO_LARGE', { limit: describeBytes(limit) }));
    this.name = 'InputTooLarge';
  }
}

export function describeBytes(bytes: number): string {
  return bytes >= 1048576 ? `${bytes / 1048576} MB` : `${bytes / 1024} KB`;
}

const CHUNK = 64 * 1024;

/** Everything a descriptor yields, up to `maxBytes`; one byte more throws InputTooLarge. */
export function readAllBounded(fd: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
    let count: number;
    try {
      count = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EOF: a console under wine; EAGAIN: a non-blocking pipe with nothing yet.
      if (code === 'EOF') break;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw error;
    }
    if (count === 0) break;
    total += count;
    if (total > maxBytes) throw new InputTooLarge(maxBytes);
    chunks.push(chunk.subarray(0, count));
  }
  return Buffer.concat(chunks, total);
}

/** A file's bytes up to `maxBytes`. Opened without blocking, so a FIFO without a writer does not hang. */
export function readFileBounded(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    return readAllBounded(fd, maxBytes);
  } finally {
    closeSync(fd);
  }
}

export function readStdin(maxBytes: number): Buffer {
  try {
    return readAllBounded(0, maxBytes);
  } catch (error) {
    // No stdin at all (a closed descriptor) reads as empty.
    if ((error as NodeJS.ErrnoException).code === 'EBADF') return Buffer.alloc(0);
    throw error;
  }
}

function writeAll(fd: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

export function writeStdout(text: string): void {
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  try {
    writeAll(2, text);
  } catch {
    // A closed stderr must never turn a result into a crash.
  }
}
