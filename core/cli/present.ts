/**
 * Writes the response: exactly the JSON of the contract, or (at a terminal, or with --format table) its readable
 * summary. The renderers load only when a summary is printed.
 */
import { writeStdout } from '../io';
import type { OutputFormat } from './options';
import type { ResponseBody } from './render/response';
import { stdoutStyle, writeTerminal, type Terminal } from './terminal';

/** Text for stdout: through the tty stream on a terminal, else straight to the descriptor (wine's pipes). */
export function writeOut(text: string, terminal: Terminal): void {
  if (terminal.stdout) writeTerminal(1, text);
  else writeStdout(text);
}

export function present(body: object, format: OutputFormat, terminal: Terminal): void {
  if (format === 'json') {
    writeOut(JSON.stringify(body, null, 2) + '\n', terminal);
    return;
  }
  const { renderResponse } = require('./render/response') as typeof import('./render/response');
  writeOut(renderResponse(body as ResponseBody, stdoutStyle(terminal)), terminal);
}
