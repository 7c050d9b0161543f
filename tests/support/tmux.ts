import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './tools';

let sessions = 0;

const COLOUR_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Text as read, without the SGR colour codes `capture-pane -e` keeps. */
export function withoutColours(text: string): string {
  return text.replace(COLOUR_CODE, '');
}

export interface TerminalOptions {
  columns?: number;
  rows?: number;
  /** Variables of the shell in the terminal, on top of this process's (NO_COLOR is removed unless given here). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * A real terminal: a tmux server of its own (own socket) running a plain bash. Tests type into it with send-keys
 * and read the screen with capture-pane, as a person would see it.
 */
export class TmuxTerminal {
  private constructor(
    private readonly socket: string,
    private readonly tmux: string,
    private readonly home: string,
  ) {}

  static start(options: TerminalOptions = {}): TmuxTerminal {
    const tmux = requireBinary('tmux', 'tmux');
    const home = mkdtempSync(join(tmpdir(), 'dp-tmux-'));
    const socket = join(home, 'socket');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PS1: '$ ', TERM: 'xterm-256color' };
    // npm test sets NO_COLOR=1 for its own output; the terminal under test starts without it.
    delete env.NO_COLOR;
    Object.assign(env, options.env);
    delete env.TMUX;
    const size = ['-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40)];
    execFileSync(
      tmux,
      ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', `dp${process.pid}-${++sessions}`, ...size, 'bash --norc --noprofile'],
      {
        env,
        cwd: options.cwd,
      },
    );
    execFileSync(tmux, ['-S', socket, 'set-option', '-g', 'history-limit', '5000']);
    const terminal = new TmuxTerminal(socket, tmux, home);
    // A short, fixed prompt that output never looks like (bash ignores an inherited PS1 here).
    terminal.enter("PS1='$ '");
    return terminal;
  }

  private run(args: string[]): string {
    return execFileSync(this.tmux, ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types text literally (no key names), without Enter. */
  type(text: string): void {
    this.run(['send-keys', '-l', text]);
  }

  /** Presses keys by tmux name: Enter, C-c, BSpace. */
  press(...keys: string[]): void {
    this.run(['send-keys', ...keys]);
  }

  /** Types a command line and presses Enter. */
  enter(command: string): void {
    this.type(command);
    this.press('Enter');
  }

  /** The screen as text (trailing blank lines dropped); with `colours`, the SGR escape codes are kept. */
  screen(options: { colours?: boolean; history?: boolean } = {}): string {
    const args = ['capture-pane', '-p', '-J'];
    if (options.colours) args.push('-e');
    if (options.history) args.push('-S', '-');
    return this.run(args).replace(/\n+$/, '');
  }

  /** Waits until the screen matches, or throws with the screen in the message. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000, options: { colours?: boolean; history?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(options);
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Runs a command line to its end and returns its exit code and what it printed (between prompt and marker). */
  async runToEnd(command: string, timeoutMs = 60_000, options: { colours?: boolean } = {}): Promise<{ exit: number; output: string }> {
    const marker = `__exit_${Math.random().toString(36).slice(2, 8)}`;
    this.enter('clear');
    await this.waitFor(/^\$ $/m, 5000);
    this.enter(`${command}; echo ${marker}=$?`);
    const screen = await this.waitFor(new RegExp(`^${marker}=\\d+`, 'm'), timeoutMs, { ...options, history: true });
    const lines = screen.split('\n');
    const end = lines.findIndex((l) => withoutColours(l).startsWith(`${marker}=`));
    const start = lines.findIndex((l) => l.includes(`echo ${marker}`));
    return { exit: Number(/=(\d+)/.exec(withoutColours(lines[end]!))![1]), output: lines.slice(start + 1, end).join('\n') };
  }

  stop(): void {
    try {
      this.run(['kill-server']);
    } catch {
      // Already gone.
    }
    // tmux's server may still write into its folder for a moment after kill-server (ENOTEMPTY under load).
    rmSync(this.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}
