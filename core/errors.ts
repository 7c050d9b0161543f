/** Exit codes of the executable (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  NEGATIVE: 1,
  INVALID_REQUEST: 2,
  ROLLED_BACK: 3,
  PARTIAL: 4,
  /** Ctrl+C (SIGINT) before anything was changed: 128 + 2, as shells report a death by SIGINT. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error the tool reports to its caller: a stable code, a sentence a person understands, the request field
 * at fault when there is one, and the exit code it ends the process with.
 */
export class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { field?: string; exit?: ExitCode; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'ToolError';
  }
  get exit(): ExitCode {
    return this.options.exit ?? EXIT.INVALID_REQUEST;
  }
  get field(): string | undefined {
    return this.options.field;
  }
}

/**
 * A decoder's rejection of bytes or text: names the format (or store) and the offset or line where it broke.
 * Decoders are pure; callers turn this into a ToolError naming the request field or the machine.
 */
export class FormatError extends ToolError {
  constructor(
    code: string,
    readonly format: string,
    readonly offset: number,
    detail: string,
  ) {
    super(code, `${format}: ${detail} (at offset ${offset})`);
    this.name = 'FormatError';
  }
}
