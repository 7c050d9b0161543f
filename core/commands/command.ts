import type { CommandName, Requests, Results } from '../protocol';
import type { Host } from '../host/host';
import type { ExitCode } from '../errors';
import type { LogEvent } from '../log';

export type { LogEvent } from '../log';

export interface CommandContext {
  /** Command-line words after the command name (e.g. a DSC resource type). */
  args: string[];
  /** The machine the request names (image) or the live Windows machine; throws MACHINE_REQUIRED elsewhere. */
  host(): Promise<Host>;
  log(event: LogEvent): void;
}

export interface CommandOutcome<T> {
  result: T;
  /** 0 by default; 1 for a completed negative result (a failed test, drift). */
  exit?: ExitCode;
  /** Print the result alone as one JSON line instead of the envelope: DSC reads the instance itself from stdout. */
  bare?: boolean;
}

export interface Command<N extends CommandName> {
  name: N;
  /** One line for --help. */
  summary: string;
  /** An empty stdin stands for `{}` (DSC sends no input to a get without properties). */
  acceptsEmptyRequest?: boolean;
  /** Words the command takes besides flags, for its usage line (dsc: `<get|set|test|whatif> <MDIProxy|MDEProxy>`). */
  arguments?: string;
  run(request: Requests[N], context: CommandContext): Promise<CommandOutcome<Results[N]>>;
}

/** Keeps `N` tied to the request and result types of that command. */
export function defineCommand<N extends CommandName>(command: Command<N>): Command<N> {
  return command;
}
