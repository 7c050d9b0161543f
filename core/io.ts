import { readFileSync, writeSync } from 'node:fs';

// Under wine, Node's process.stdin/stdout/stderr streams fail on pipes (EBADF): use the file descriptors.

export function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (error) {
    // No stdin at all (closed descriptor, or a console under wine) reads as empty.
    if ((error as NodeJS.ErrnoException).code === 'EOF' || (error as NodeJS.ErrnoException).code === 'EAGAIN') return Buffer.alloc(0);
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
