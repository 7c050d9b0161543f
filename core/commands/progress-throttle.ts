/** The clock and timer a throttle uses: the real ones, or a test's. */
export interface ThrottleClock {
  now(): number;
  /** Calls `fire` after `ms`; the returned function cancels it. */
  after(ms: number, fire: () => void): () => void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  after: (ms, fire) => {
    // unref: a pending progress line must never keep the process alive.
    const timer = setTimeout(fire, ms).unref();
    return () => clearTimeout(timer);
  },
};

export interface ProgressThrottle {
  /** Reports `done` of `total`; written now, or within one interval if a line was written less than one ago. */
  update(done: number, total: number): void;
  /** Writes a report still held back, now. */
  flush(): void;
}

/**
 * At most one progress line per `intervalMs` (100 ms: ten a second), for sweeps of hundreds of probes that each
 * finished a line: stderr, and Write-Progress behind it, get a steady pace instead of bursts. The first report
 * and the last (done = total) are written at once; a report held back is written when its interval ends, so
 * the line shown is never more than one interval behind.
 */
export function throttleProgress(
  write: (done: number, total: number) => void,
  intervalMs = 100,
  clock: ThrottleClock = realClock,
): ProgressThrottle {
  let lastWritten = -Infinity;
  let held: [number, number] | null = null;
  let cancel: (() => void) | null = null;

  const writeNow = (done: number, total: number) => {
    cancel?.();
    cancel = null;
    held = null;
    lastWritten = clock.now();
    write(done, total);
  };
  const flush = () => {
    if (held) writeNow(...held);
  };

  return {
    update(done, total) {
      if (done >= total || clock.now() - lastWritten >= intervalMs) return writeNow(done, total);
      held = [done, total];
      cancel ??= clock.after(lastWritten + intervalMs - clock.now(), flush);
    },
    flush,
  };
}
