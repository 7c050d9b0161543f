import { readFileSync, readSync, writeSync } from 'node:fs';

// Under wine, Node's process.stdin/stdout/stderr streams fail on pipes (EBADF): use the file descriptors.

export function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (error) {
    const { code, syscall } = error as NodeJS.ErrnoException;
    // No stdin at all (closed descriptor, or a console under wine) reads as empty.
    if (code === 'EOF' || code === 'EAGAIN') return Buffer.alloc(0);
    // Under wine, fstat fails on a file redirected to stdin (`< request.json`) though reading it works.
    if (code === 'EBADF' && syscall === 'fstat') return readToEnd(0);
    throw error;
  }
}

function readToEnd(fd: number): Buffer {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const length = readSync(fd, chunk, 0, chunk.length, null);
    if (length === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, length));
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
