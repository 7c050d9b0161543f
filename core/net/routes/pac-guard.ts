import { detail } from '../../messages';
/**
 * The limits one PAC script runs under, and their bookkeeping. The network can hand the machine any PAC file:
 * an endless loop, an allocation loop or a flood of DNS look-ups must end the evaluation with its own code,
 * within the probe's time limit. A script that broke a limit once is not run again: every later URL gets the
 * same answer at once, so a sweep of many URLs still ends within one time limit.
 */

export type PacLimitCode = 'PAC_TIMEOUT' | 'PAC_MEMORY_LIMIT' | 'PAC_DNS_LIMIT';

/** A PAC evaluation stopped by one of its limits. */
export class PacLimitError extends Error {
  constructor(
    readonly code: PacLimitCode,
    message: string,
  ) {
    super(message);
    this.name = 'PacLimitError';
  }
}

export interface PacLimits {
  /** Longest a script may run without answering, in one stretch of JavaScript or waiting on a look-up. */
  timeMs: number;
  /** The QuickJS engine's whole linear memory. */
  memoryBytes: number;
  /** DNS look-ups (dnsResolve, isResolvable, isInNet on a name) a script may make per URL it is asked about. */
  dnsLookupsPerUrl: number;
}

/** 32 MiB: a 1 MB corporate PAC file compiles in a few MB; QuickJS starts in about 1 MB. */
export const PAC_MEMORY_BYTES = 32 * 1024 * 1024;
/** A real PAC file resolves the host once or twice per URL (isInNet(dnsResolve(host))…). */
export const PAC_DNS_LOOKUPS_PER_URL = 32;

/** QuickJS's own words when an allocation fails against the memory cap. */
const OUT_OF_MEMORY = /out of memory|string too long/i;

/** The VM methods that run JavaScript: each call from outside starts one stretch of execution. */
const RUNNING_METHODS = ['callFunction', 'evalCode', 'executePendingJobs'] as const;

export class PacGuard {
  private depth = 0;
  private stretchDeadline = Infinity;
  private lookupsLeft = 0;
  private tripped: PacLimitError | null = null;
  /** The evaluations in flight: a broken limit ends them all at once, not each at its own time limit. */
  private readonly inFlight = new Set<(error: PacLimitError) => void>();

  constructor(readonly limits: PacLimits) {}

  /** Wraps the VM's running methods so that every stretch of JavaScript gets its own deadline. */
  watch(vm: object): void {
    const target = vm as Record<(typeof RUNNING_METHODS)[number], (...args: unknown[]) => unknown>;
    for (const method of RUNNING_METHODS) {
      const original = target[method].bind(vm);
      target[method] = (...args: unknown[]) => {
        if (this.depth++ === 0) this.stretchDeadline = Date.now() + this.limits.timeMs;
        try {
          return original(...args);
        } catch (error) {
          // Pending jobs run from a host promise's callback (a look-up answering late): an interruption thrown
          // there would be an unhandled rejection that ends the process. The evaluation it belonged to has
          // already failed with the limit's code (trip ends every evaluation in flight).
          if (method === 'executePendingJobs') {
            this.explain(error);
            return 0;
          }
          throw error;
        } finally {
          this.depth--;
        }
      };
    }
  }

  /** QuickJS's interrupt handler: called every few thousand instructions while JavaScript runs. */
  shouldInterrupt(): boolean {
    if (this.tripped) return true;
    if (this.depth > 0 && Date.now() > this.stretchDeadline) {
      this.trip('PAC_TIMEOUT', detail('PAC_TIMEOUT', { ms: this.limits.timeMs }));
      return true;
    }
    return false;
  }

  /** Counts one DNS look-up; past the budget the script is stopped (the error reaches it, the interrupt ends it). */
  countLookup(): void {
    if (this.tripped) throw this.tripped;
    if (--this.lookupsLeft < 0) {
      throw this.trip('PAC_DNS_LIMIT', detail('PAC_DNS_LIMIT', { count: this.limits.dnsLookupsPerUrl }));
    }
  }

  /**
   * One FindProxyForURL: refused at once when the script already broke a limit; otherwise bounded in time
   * (a wait on a look-up included), with its share of DNS look-ups.
   */
  async evaluate<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.tripped) throw this.tripped;
    this.lookupsLeft += this.limits.dnsLookupsPerUrl;
    const running = this.guarded(run);
    // A late settlement after the time limit must not surface as an unhandled rejection.
    running.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    let stop: (error: PacLimitError) => void = () => undefined;
    const limit = new Promise<never>((_, reject) => {
      stop = reject;
      timer = setTimeout(
        () => reject(new PacLimitError('PAC_TIMEOUT', detail('PAC_DNS_TIMEOUT', { what, ms: this.limits.timeMs }))),
        this.limits.timeMs,
      );
    });
    this.inFlight.add(stop);
    try {
      return await Promise.race([running, limit]);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(stop);
    }
  }

  /** Runs synchronous work in the VM (compiling the script), explaining a failure the same way. */
  compile<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw this.explain(error);
    }
  }

  private async guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** A limit the script broke, named by its code; any other error as it was. */
  private explain(error: unknown): unknown {
    if (this.tripped) return this.tripped;
    const message = error instanceof Error ? error.message : String(error);
    if (OUT_OF_MEMORY.test(message)) {
      return this.trip(
        'PAC_MEMORY_LIMIT',
        detail('PAC_MEMORY_LIMIT', { megabytes: Math.round(this.limits.memoryBytes / 1048576), message }),
      );
    }
    return error;
  }

  private trip(code: PacLimitCode, detail: string): PacLimitError {
    if (!this.tripped) {
      const tripped = new PacLimitError(code, detail);
      this.tripped = tripped;
      for (const stop of this.inFlight) stop(tripped);
    }
    return this.tripped;
  }
}
