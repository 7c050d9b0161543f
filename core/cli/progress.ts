/**
 * Where progress and log events go. stderr not a terminal: JSON lines, exactly as before (the PowerShell module
 * reads them). stderr a terminal: one live progress line redrawn in place, and warnings as lines above it.
 */
import type { LogEvent } from '../commands/command';
import { writeStderr } from '../io';
import type { Style } from './style';
import { CLEAR_LINE, logLine, progressLine } from './log-lines';
import { writeTerminal } from './terminal';

export interface LogSink {
  log(event: LogEvent): void;
  /** Removes the live line, so the response starts on a clean line. */
  finish(): void;
}

export function jsonLogSink(): LogSink {
  return { log: (event) => writeStderr(JSON.stringify(event) + '\n'), finish: () => undefined };
}

export function terminalLogSink(style: Style): LogSink {
  let live: string | null = null;
  return {
    log(event) {
      if (event.level === 'progress') {
        live = progressLine(event, style);
        writeTerminal(2, CLEAR_LINE + live);
        return;
      }
      const line = logLine(event, style);
      if (line === null) return;
      writeTerminal(2, (live === null ? '' : CLEAR_LINE) + line + '\n' + (live ?? ''));
    },
    finish() {
      if (live !== null) writeTerminal(2, CLEAR_LINE);
      live = null;
    },
  };
}
