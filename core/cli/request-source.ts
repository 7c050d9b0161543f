/**
 * The request a command runs: the JSON from --input FILE or from stdin (stdin is not read when it is a terminal:
 * a person types flags there), with the flags on top, field by field. At a terminal, a secret that belongs to a
 * given user name (proxy.password beside proxy.userName) is asked for without echo. I/O edge.
 */
import { fail, terminalText } from '../messages';
import { describeBytes, InputTooLarge, readFileBounded, readStdin } from '../io';
import type { FlagTable } from './flag-table';
import type { CommandLine } from './parse-args';
import { mergeRequest, valueAt, withValueAt } from './merge-request';

export function parseRequest(text: string): object {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw fail('REQUEST_EMPTY');
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw fail('REQUEST_NOT_JSON', { detail: (error as Error).message });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail('REQUEST_NOT_OBJECT', { kind: value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}` });
  }
  return value;
}

/** The largest request: 1000 URLs, 32 PEM roots and a long bypass list fit many times over. */
export const REQUEST_MAX_BYTES = 8 * 1024 * 1024;

/** Read up to REQUEST_MAX_BYTES: `--input /dev/zero` or an endless pipe ends in a coded refusal, not a hang. */
function readRequestText(line: CommandLine, stdinIsTerminal: boolean): string {
  if (line.input === null) return stdinIsTerminal ? '' : bounded(() => readStdin(REQUEST_MAX_BYTES), null).toString('utf8');
  const file = line.input;
  return bounded(() => readFileBounded(file, REQUEST_MAX_BYTES), file).toString('utf8');
}

function bounded(read: () => Buffer, file: string | null): Buffer {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputTooLarge)
      throw fail('REQUEST_TOO_LARGE', { limit: describeBytes(error.limit) }, file === null ? {} : { field: '--input' });
    throw fail('REQUEST_INPUT_UNREADABLE', { path: file ?? '(stdin)' }, { field: '--input' });
  }
}

export interface RequestSource {
  line: CommandLine;
  stdinIsTerminal: boolean;
  /** An empty request stands for `{}` (DSC sends nothing to a get without properties). */
  acceptsEmptyRequest: boolean;
  flagTable(): FlagTable;
  /** Asks for a secret without echo; resolves to '' when the person just presses Enter. */
  askSecret(prompt: string): Promise<string>;
}

export async function gatherRequest(source: RequestSource): Promise<Record<string, unknown>> {
  const { line, stdinIsTerminal } = source;
  const text = readRequestText(line, stdinIsTerminal);
  // At a terminal, or with flags, nothing on stdin is an empty request; a script's empty stdin alone is a mistake.
  const emptyIsRequest = line.hasFields || (stdinIsTerminal && line.input === null) || source.acceptsEmptyRequest;
  const base = emptyIsRequest && text.trim() === '' ? {} : parseRequest(text);
  let request = mergeRequest(base, line.fields);
  if (!stdinIsTerminal) return request;
  for (const secret of source.flagTable().secrets) {
    const user = secret.userPath ? valueAt(request, secret.userPath) : undefined;
    if (typeof user !== 'string' || user === '' || valueAt(request, secret.path) !== undefined) continue;
    const answer = await source.askSecret(terminalText('PROMPT_PASSWORD', { user, field: secret.path.join('.') }));
    if (answer !== '') request = withValueAt(request, secret.path, answer);
  }
  return request;
}
