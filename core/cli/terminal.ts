/**
 * The I/O edge of the command line: which standard streams are terminals, whether colour is wanted, and writing to
 * a terminal. Under wine, Node's process.stdin/stdout/stderr streams fail on pipes (FACTS §5), so they are touched
 * only when the descriptor is a terminal; pipes keep the plain descriptor writes of core/io.ts.
 */
import { fstatSync, statSync, type Stats } from 'node:fs';
import type { Style } from './style';

export interface Terminal {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** https://no-color.org: NO_COLOR set to anything but the empty string turns colour off; so does TERM=dumb. */
  colorAllowed: boolean;
}

/**
 * Whether a descriptor is a terminal. A pipe, a file or /dev/null (a script, the PowerShell module) is told apart by
 * a stat; only another character device (a terminal) needs node:tty, whose loading (net, streams: ~30 internal
 * modules) would otherwise cost every scripted start-up more than the whole command: ~13 ms of CPU on Windows,
 * where the executables' V8 flags make Node compile its own modules from source.
 * On Windows, fstat and node:tty ask libuv the same question (uv_guess_handle, from GetFileType and GetConsoleMode):
 * a console is a character device there too, a pipe a FIFO and a file a file; NUL is a character device that libuv
 * marks with its device type, so only a console goes on to node:tty. Where fstat fails on Windows (wine, for a file on
 * stdin), node:tty decides, as before.
 */
function isTerminal(fd: number): boolean {
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch {
    return process.platform === 'win32' && isatty(fd);
  }
  if (!stat.isCharacterDevice() || isNullDevice(stat)) return false;
  return isatty(fd);
}

function isatty(fd: number): boolean {
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** libuv's st_rdev for Windows' NUL device: FILE_DEVICE_NULL (0x15) << 16 (src/win/fs.c). */
const WINDOWS_NUL_RDEV = 0x15 << 16;

/** `>/dev/null` or `>NUL` (cron, scripts, Intune) is a character device too, and no terminal. */
function isNullDevice(stat: Stats): boolean {
  if (process.platform === 'win32') return stat.rdev === WINDOWS_NUL_RDEV;
  try {
    const devNull = statSync('/dev/null');
    return stat.rdev === devNull.rdev && stat.ino === devNull.ino;
  } catch {
    return false;
  }
}

export function detectTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  return {
    stdin: isTerminal(0),
    stdout: isTerminal(1),
    stderr: isTerminal(2),
    colorAllowed: !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.TERM !== 'dumb',
  };
}

const PAGE_WIDTH = 100;

/** Style of what goes to stdout: colour only on a terminal, the terminal's width (else a page's). */
export function stdoutStyle(terminal: Terminal): Style {
  return { color: terminal.stdout && terminal.colorAllowed, width: terminal.stdout ? process.stdout.columns || PAGE_WIDTH : PAGE_WIDTH };
}

export function stderrStyle(terminal: Terminal): Style {
  return { color: terminal.stderr && terminal.colorAllowed, width: terminal.stderr ? process.stderr.columns || PAGE_WIDTH : PAGE_WIDTH };
}

let pending = 0;
const drained: (() => void)[] = [];

/**
 * Writes to a terminal through Node's tty stream: it hands Windows consoles UTF-16 and turns colour codes into
 * console attributes. Terminal writes are asynchronous on Windows: `terminalDrained` waits for them before exit.
 */
export function writeTerminal(fd: 1 | 2, text: string): void {
  const stream = fd === 1 ? process.stdout : process.stderr;
  pending++;
  stream.write(text, () => {
    pending--;
    if (pending === 0) for (const resolve of drained.splice(0)) resolve();
  });
}

export function terminalDrained(): Promise<void> {
  return pending === 0 ? Promise.resolve() : new Promise((resolve) => drained.push(resolve));
}
