import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINUX_EXE } from '../../support/exe';
import { TmuxTerminal, type TerminalOptions } from '../../support/tmux';

/** A terminal whose shell finds the built Linux executable as `defenderproxy`, as an admin's PATH would. */
export function terminalWithTool(options: TerminalOptions = {}): TmuxTerminal {
  const bin = join(mkdtempSync(join(tmpdir(), 'dp-bin-')), 'bin');
  mkdirSync(bin);
  symlinkSync(LINUX_EXE, join(bin, 'defenderproxy'));
  return TmuxTerminal.start({ ...options, env: { PATH: `${bin}:${process.env.PATH}`, ...options.env } });
}
