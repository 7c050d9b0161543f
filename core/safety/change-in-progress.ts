/**
 * Whether this process is in the middle of writing to a machine. Ctrl+C asks this: outside a change the process
 * may end at once (nothing written); inside one it must first finish or roll back, so that nothing is left
 * half-done (the command line's SIGINT handler waits; see core/cli/interrupt.ts).
 */
import { EXIT } from '../errors';
import { fail } from '../messages';

let depth = 0;
let refusing = false;

export function changeInProgress(): boolean {
  return depth > 0;
}

/**
 * After Ctrl+C outside a change the process is about to end: a change that would start now (its lock just
 * acquired) must not start, or the exit would cut it in half.
 */
export function refuseNewChanges(): void {
  refusing = true;
}

/** Runs `work` as one change: from its first write to its last (or its rollback). */
export async function asOneChange<T>(work: () => Promise<T>): Promise<T> {
  if (refusing) throw fail('INTERRUPTED', {}, { exit: EXIT.INTERRUPTED });
  depth++;
  try {
    return await work();
  } finally {
    depth--;
  }
}
