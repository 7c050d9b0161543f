import { commands } from './commands/index';
import type { CommandContext, LogEvent } from './commands/command';
import { EXIT, type ExitCode } from './errors';
import { errorResponse, successResponse, type Response } from './response';
import { fail, phrase } from './messages';
import { describeBytes, InputTooLarge, readFileBounded, readStdin, writeStderr, writeStdout } from './io';
import { validateRequest } from './validate';
import { selectHost } from './host/select';
import type { Host } from './host/host';
import type { CommandName } from './protocol';
import { version } from '../package.json';

/** Built on demand: the summaries load every command module, which start-up must not pay for. */
const usage = () => `defenderproxy ${version} — read, set, clear and test Microsoft Defender sensor proxies.

Usage:
  defenderproxy <command> [--input FILE]    one JSON request on stdin (or in FILE), one JSON response on stdout
  defenderproxy schema                      the JSON Schema of every request and result
  defenderproxy --version | --help

Commands:
${Object.values(commands)
  .map((c) => `  ${c!.name.padEnd(10)}${c!.summary}`)
  .join('\n')}

Exit codes: 0 success · 1 negative result (test failed, drift) · 2 invalid request, nothing changed ·
            3 failed while acting, rolled back · 4 failed and not fully rolled back (see the response)
Progress and logs: JSON lines on stderr. Example: echo '{"machine":"examples/dc01"}' | defenderproxy get
`;

/** Prints the response, indented for people reading it at a prompt. */
function respond(response: Response<object>): ExitCode {
  writeStdout(JSON.stringify(response.body, null, 2) + '\n');
  return response.exit;
}

/** The largest request: 1000 URLs, 32 PEM roots and a long bypass list fit many times over. */
export const REQUEST_MAX_BYTES = 8 * 1024 * 1024;

function readRequestText(args: string[]): { text: string; rest: string[] } {
  const at = args.indexOf('--input');
  if (at === -1) return { text: bounded(() => readStdin(REQUEST_MAX_BYTES), '(stdin)').toString('utf8'), rest: args };
  const file = args[at + 1];
  if (!file) throw fail('REQUEST_INPUT_UNREADABLE', { path: phrase('INPUT_FILE_NAME_MISSING') }, { field: '--input' });
  return { text: bounded(() => readFileBounded(file, REQUEST_MAX_BYTES), file).toString('utf8'), rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

function bounded(read: () => Buffer, source: string): Buffer {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputTooLarge) throw fail('REQUEST_TOO_LARGE', { limit: describeBytes(error.limit) }, { field: source === '(stdin)' ? undefined : '--input' });
    throw fail('REQUEST_INPUT_UNREADABLE', { path: source }, { field: '--input' });
  }
}

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

function makeContext(request: { machine?: string }, args: string[]): CommandContext {
  let host: Promise<Host> | null = null;
  const log = (event: LogEvent) => writeStderr(JSON.stringify(event) + '\n');
  return {
    args,
    host: () => (host ??= selectHost(request.machine, log)),
    log,
  };
}

export async function main(argv: string[]): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    writeStdout(`${version}\n`);
    return EXIT.OK;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    writeStdout(usage());
    return EXIT.OK;
  }
  if (name === 'schema') {
    // Required here, not imported: only this command needs the whole schema, every start-up would pay for it.
    writeStdout(JSON.stringify(require('../schema/defenderproxy.schema.json'), null, 2) + '\n');
    return EXIT.OK;
  }
  const commandName = name ?? '';
  try {
    if (!name) throw fail('COMMAND_MISSING');
    const command = commands[name as CommandName];
    if (!command) throw fail('COMMAND_UNKNOWN', { name, known: Object.keys(commands).join(', ') });
    const { text, rest } = readRequestText(args);
    const parsed = command.acceptsEmptyRequest && text.trim() === '' ? {} : parseRequest(text);
    const request = validateRequest(command.name, parsed);
    const outcome = await command.run(request as never, makeContext(request as { machine?: string }, rest));
    if (outcome.bare) {
      writeStdout(JSON.stringify(outcome.result) + '\n');
      return outcome.exit ?? EXIT.OK;
    }
    return respond(successResponse<unknown>(commandName, outcome));
  } catch (error) {
    return respond(errorResponse(commandName, error));
  }
}
