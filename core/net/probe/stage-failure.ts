import { detail } from '../../messages';
import type { ProbeStage } from '../../protocol';
import type { ProbeCode } from './advice';

/** A probe stage that ended the probe: where, why (stable code) and the raw reason for the admin. */
export class StageFailure extends Error {
  constructor(
    readonly stage: ProbeStage,
    readonly code: ProbeCode,
    readonly detail: string,
    readonly httpStatus: number | null = null,
  ) {
    super(`${stage}: ${code} (${detail})`);
    this.name = 'StageFailure';
  }
}

/** Raised by any I/O step when the probe's deadline passes; the probe maps it to the stage it was in. */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(detail('NO_ANSWER_WITHIN', { ms: timeoutMs }));
    this.name = 'DeadlineExceeded';
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
