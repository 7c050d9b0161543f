/**
 * Progress and log lines go to stderr as JSON lines; stdout carries only the response. Defined below every
 * layer that logs (safety, dsc, commands), so none of them has to import another to say something.
 */
export type LogEvent =
  | { level: 'progress'; done: number; total: number; message?: string }
  /** `code` is the line's key in the locale's `log` section, when it has one. */
  | { level: 'info' | 'warning' | 'verbose' | 'error'; message: string; code?: string };

export type Log = (event: LogEvent) => void;
