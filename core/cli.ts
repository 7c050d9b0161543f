import { commands } from './commands/index';
import type { Command, CommandContext, LogEvent } from './commands/command';
import { EXIT, type ExitCode } from './errors';
import { errorResponse, successResponse, type Response } from './response';
import { fail, logLine } from './messages';
import { writeStdout } from './io';
import { validateRequest } from './validate';
import { selectHost, type HostChoice } from './host/select';
import { journalExists } from './safety/journal-file';
import type { Host } from './host/host';
import type { CommandName } from './protocol';
import { version } from '../package.json';
import { parseCommandLine } from './cli/parse-args';
import type { OutputFormat } from './cli/options';
import { flagTableOf } from './cli/schema-flags';
import { gatherRequest } from './cli/request-source';
import { present, writeOut } from './cli/present';
import { detectTerminal, stderrStyle, stdoutStyle, terminalDrained, type Terminal } from './cli/terminal';
import { jsonLogSink, terminalLogSink, type LogSink } from './cli/progress';
import { listenForInterrupts } from './cli/interrupt';

export { parseRequest } from './cli/request-source';

type AnyCommand = Command<CommandName>;

/** Commands that deal with an unfinished change themselves: get reports it, a change finishes its rollback. */
const HANDLE_INTERRUPTED: readonly string[] = ['get', 'set', 'clear', 'restore'];

function makeContext(command: string, request: HostChoice, args: string[], log: (event: LogEvent) => void): CommandContext {
  let host: Promise<Host> | null = null;
  const open = async (): Promise<Host> => {
    const opened = await selectHost(request, log);
    // Every other command that reads a machine says that a change was left unfinished there (loaded only then).
    if (!HANDLE_INTERRUPTED.includes(command) && journalExists(opened.stateDirectory)) {
      await (require('./safety/interrupted-change') as typeof import('./safety/interrupted-change')).warnOfInterruptedChange(opened, log);
    }
    return opened;
  };
  return {
    args,
    host: () => (host ??= open()),
    log,
  };
}

/** --version, --help, help <command>, schema: answered without a request. Null: a command to run. */
function answerWithoutRequest(name: string, args: string[], terminal: () => Terminal): ExitCode | null {
  if (name === '--version' || name === '-v') {
    writeStdout(`${version}\n`);
    return EXIT.OK;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    const { renderUsage } = require('./cli/help') as typeof import('./cli/help');
    // Built on demand: the summaries load every command module, which start-up must not pay for.
    const list = Object.values(commands).map((c) => ({ name: c!.name, summary: c!.summary }));
    writeOut(renderUsage(version, list, stdoutStyle(terminal())), terminal());
    return EXIT.OK;
  }
  if (name === 'help') return null;
  if (name === 'schema') {
    // Required here, not imported: only this command needs the whole schema, every start-up would pay for it.
    writeStdout(JSON.stringify(require('../schema/defenderproxy.schema.json'), null, 2) + '\n');
    return EXIT.OK;
  }
  return null;
}

function commandHelp(command: AnyCommand, terminal: Terminal): void {
  const { renderCommandHelp } = require('./cli/help') as typeof import('./cli/help');
  const help = { name: command.name, summary: command.summary, arguments: command.arguments };
  writeOut(renderCommandHelp(help, flagTableOf(command.name), stdoutStyle(terminal)), terminal);
}

function findCommand(name: string): AnyCommand {
  if (!name) throw fail('COMMAND_MISSING');
  const command = commands[name as CommandName] as AnyCommand | undefined;
  if (!command) throw fail('COMMAND_UNKNOWN', { name, known: Object.keys(commands).join(', ') });
  return command;
}

/** The one response of a run: printed once, whichever comes first of the command's answer and Ctrl+C. */
class Responder {
  private answered = false;
  /** The command the response names: `plan` once --what-if has turned a set into its plan. */
  command: string;
  format: OutputFormat;

  constructor(
    command: string,
    private readonly terminal: Terminal,
    readonly logs: LogSink,
  ) {
    this.command = command;
    this.format = terminal.stdout ? 'table' : 'json';
  }

  respond(response: Response<object>): ExitCode {
    if (this.answered) return response.exit;
    this.answered = true;
    this.logs.finish();
    present(response.body, this.format, this.terminal);
    return response.exit;
  }

  /** DSC reads the bare instance, always as one JSON line. */
  respondBare(result: unknown, exit: ExitCode): ExitCode {
    this.answered = true;
    this.logs.finish();
    writeStdout(JSON.stringify(result) + '\n');
    return exit;
  }
}

/** The command line and the JSON request → the request → the command → the response. */
async function execute(name: string, args: string[], terminal: Terminal, responder: Responder): Promise<ExitCode> {
  try {
    const command = findCommand(name);
    const line = parseCommandLine(args, {
      command: name,
      takesArguments: command.arguments !== undefined,
      flagTable: () => flagTableOf(name),
    });
    if (line.format) responder.format = line.format;
    if (line.help) {
      commandHelp(command, terminal);
      return EXIT.OK;
    }
    const gathered = await gatherRequest({
      line,
      stdinIsTerminal: terminal.stdin,
      acceptsEmptyRequest: command.acceptsEmptyRequest === true,
      flagTable: () => flagTableOf(name),
      askSecret: (prompt) => (require('./cli/prompt') as typeof import('./cli/prompt')).promptSecret(prompt),
    });
    // --what-if: the plan of the same request (a clear's plan is a plan with clear: true).
    const target = line.whatIf ? (commands.plan as AnyCommand) : command;
    const request = validateRequest(target.name, line.whatIf && name === 'clear' ? { ...gathered, clear: true } : gathered);
    responder.command = target.name;
    const outcome = await target.run(
      request as never,
      makeContext(target.name, request as HostChoice, line.positionals, (e) => responder.logs.log(e)),
    );
    if (outcome.bare) return responder.respondBare(outcome.result, outcome.exit ?? EXIT.OK);
    return responder.respond(successResponse<unknown>(responder.command, outcome));
  } catch (error) {
    return responder.respond(errorResponse(responder.command, error));
  }
}

/** Ctrl+C outside a change: INTERRUPTED at once. Inside one: the change ends first (core/cli/interrupt.ts). */
function interruptions(responder: Responder): { interrupted: Promise<ExitCode>; stopListening(): void } {
  let stopListening: () => void = () => undefined;
  const interrupted = new Promise<ExitCode>((resolve) => {
    let warned = false;
    stopListening = listenForInterrupts({
      stop: () => resolve(responder.respond(errorResponse(responder.command, fail('INTERRUPTED', {}, { exit: EXIT.INTERRUPTED })))),
      finishing: () => {
        if (!warned) responder.logs.log(logLine('warning', 'INTERRUPT_FINISHING'));
        warned = true;
      },
    });
  });
  return { interrupted, stopListening };
}

async function runCommand(argv: string[], terminal: Terminal): Promise<ExitCode> {
  const [first = '', ...rest] = argv;
  // `help <command>` is `<command> --help`.
  const [name, args] = first === 'help' ? [rest[0] ?? '', ['--help']] : [first, rest];
  const responder = new Responder(name, terminal, terminal.stderr ? terminalLogSink(stderrStyle(terminal)) : jsonLogSink());
  const { interrupted, stopListening } = interruptions(responder);
  try {
    return await Promise.race([execute(name, args, terminal, responder), interrupted]);
  } finally {
    stopListening();
  }
}

export async function main(argv: string[]): Promise<ExitCode> {
  const [name = '', ...args] = argv;
  let terminal: Terminal | null = null;
  const term = () => (terminal ??= detectTerminal());
  const early = answerWithoutRequest(name, args, term);
  const exit = early ?? (await runCommand(argv, term()));
  await terminalDrained();
  return exit;
}
