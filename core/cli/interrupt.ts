/**
 * Ctrl+C (SIGINT). Outside a change nothing has been written, so the command ends at once with exit 130 and an
 * INTERRUPTED response (a sweep's report is written only at its end, so none is left half-written). Inside a change
 * (core/safety/change-in-progress.ts) ending now could leave stores mixed: the change runs on to its end or its
 * rollback, and the person is told so. I/O edge: the decision itself is `onInterrupt`, which tests drive.
 */
import { changeInProgress, refuseNewChanges } from '../safety/change-in-progress';

export type InterruptAction = 'stop' | 'finish-change';

export function onInterrupt(inChange: boolean): InterruptAction {
  return inChange ? 'finish-change' : 'stop';
}

export interface InterruptHandlers {
  stop(): void;
  finishing(): void;
}

/** Listens for SIGINT until the returned function is called. */
export function listenForInterrupts(handlers: InterruptHandlers): () => void {
  const listener = () => {
    if (onInterrupt(changeInProgress()) === 'finish-change') return handlers.finishing();
    refuseNewChanges();
    handlers.stop();
  };
  process.on('SIGINT', listener);
  return () => process.off('SIGINT', listener);
}
