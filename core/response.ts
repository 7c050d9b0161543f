import type { ErrorResponse, SuccessResponse } from './protocol';
import type { CommandOutcome } from './commands/command';
import { EXIT, ToolError, type ExitCode } from './errors';
import { fail } from './messages';

/** What the executable prints on stdout and the code it exits with: made here only, for the CLI and the tests alike. */
export interface Response<B> {
  body: B;
  exit: ExitCode;
}

/** A command that completed: its result in the envelope, exit 0 unless it reports a negative result. */
export function successResponse<T>(command: string, outcome: CommandOutcome<T>): Response<SuccessResponse<T>> {
  return { body: { ok: true, command, result: outcome.result }, exit: outcome.exit ?? EXIT.OK };
}

/**
 * A command that failed: the error's code, sentence and field, and the partial result it carries (a backup
 * that was taken, a test's probes). Anything but a ToolError is a defect: INTERNAL, exit 3.
 */
export function errorResponse(command: string, error: unknown): Response<ErrorResponse> {
  if (!(error instanceof ToolError)) {
    const internal = fail('INTERNAL', { detail: error instanceof Error ? error.message : String(error) });
    return { body: { ok: false, command, error: { code: internal.code, message: internal.message } }, exit: EXIT.ROLLED_BACK };
  }
  const body: ErrorResponse = {
    ok: false,
    command,
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
  const partial = (error.options.details as { result?: unknown } | undefined)?.result;
  if (partial !== undefined) body.result = partial;
  return { body, exit: error.exit };
}
