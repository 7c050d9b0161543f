/**
 * Asks for a secret at a terminal without echoing it: stdin in raw mode, keys read one by one. Enter ends, Backspace
 * deletes, Ctrl+U starts over, Ctrl+C interrupts (raw mode turns it into a key, so it is handled here), Ctrl+D on an
 * empty answer ends. The terminal mode is put back whatever happens. I/O edge: only called when stdin is a terminal.
 */
import { ToolError, EXIT } from '../errors';
import { errorMessage } from '../messages';
import { writeTerminal } from './terminal';

export type KeyOutcome = { done: false; text: string } | { done: true; text: string } | { interrupted: true };

/** What a chunk of keys does to the answer so far. Pure: the unit tests drive it. */
export function applyKeys(text: string, keys: string): KeyOutcome {
  let answer = text;
  // Arrow and function keys arrive as escape sequences: they edit nothing here, and must not enter the password.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the character these sequences start with
  for (const key of keys.replace(/\x1b(\[[0-9;?]*[@-~]|O.)?/g, '')) {
    if (key === '\r' || key === '\n') return { done: true, text: answer };
    if (key === '\x03') return { interrupted: true };
    if (key === '\x04') {
      if (answer === '') return { done: true, text: answer };
      continue;
    }
    if (key === '\x7f' || key === '\b') answer = [...answer].slice(0, -1).join('');
    else if (key === '\x15') answer = '';
    else if (key >= ' ') answer += key;
  }
  return { done: false, text: answer };
}

export function promptSecret(label: string): Promise<string> {
  const stdin = process.stdin;
  writeTerminal(2, label);
  return new Promise((resolve, reject) => {
    let text = '';
    const end = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      writeTerminal(2, '\n');
    };
    const onData = (chunk: Buffer | string) => {
      const outcome = applyKeys(text, chunk.toString());
      if ('interrupted' in outcome) {
        end();
        reject(new ToolError('INTERRUPTED', errorMessage('INTERRUPTED'), { exit: EXIT.INTERRUPTED }));
      } else if (outcome.done) {
        end();
        resolve(outcome.text);
      } else text = outcome.text;
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
