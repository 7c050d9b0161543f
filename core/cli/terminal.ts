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
 * modules) would otherwise cost every scripted start-up more than the whole command.
 */
function isTerminal(fd: number): boolean {
  // What fstat says of a Windows console or pipe handle is libuv's guess; there, ask tty (no code cache to keep warm).
  if (process.platform === 'win32') return (require('node:tty') as typeof import('node:tty')).isatty(fd);
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || isDevNull(stat)) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** `>/dev/null` (cron, scripts) is a character device too, and no terminal. */
function isDevNull(stat: Stats): boolean {
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
