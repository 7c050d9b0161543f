/**
 * Progress and log events as a person reads them on a terminal: one live progress line (redrawn in place) and
 * warnings above it. Pure: returns the text to write; the sink in progress.ts writes it.
 */
import type { LogEvent } from '../commands/command';
import { terminalText } from '../messages';
import { cyan, dim, yellow, type Style } from './style';
import { cut } from './text-layout';

/** Carriage return and "erase the whole line": the next text replaces the progress line. */
export const CLEAR_LINE = '\r\x1b[2K';

const BAR = 20;

export function progressLine(event: { done: number; total: number; message?: string }, style: Style): string {
  const total = Math.max(event.total, 1);
  const filled = Math.min(BAR, Math.round((BAR * event.done) / total));
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
  const count = terminalText('PROGRESS', { done: event.done, total: event.total });
  const head = `${count} ${bar}`;
  // One character short of the width: a line that fills the terminal exactly wraps on some terminals.
  const room = style.width - head.length - 3;
  const detail = event.message && room > 10 ? '  ' + cut(event.message, room) : '';
  return `${cyan(style, count)} ${bar}${dim(style, detail)}`;
}

/** A log event that is not progress, as a line of its own; null for what a person at a terminal need not see. */
export function logLine(event: LogEvent, style: Style): string | null {
  switch (event.level) {
    case 'progress':
      return null;
    case 'warning':
      return yellow(style, terminalText('LOG_WARNING', { message: event.message }));
    case 'error':
      // The response says the same, rendered on stdout.
      return null;
    case 'info':
      return dim(style, event.message);
    case 'verbose':
      return null;
  }
}
