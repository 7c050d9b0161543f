import type { Socket } from 'node:net';
import { DeadlineExceeded } from './stage-failure';

/**
 * One probe's time limit. Every socket the probe opens is registered here, so that when the limit passes (or the
 * probe ends either way) `dispose` destroys them all and clears the timer: nothing outlives the probe.
 *
 * The running step is told of the limit through a plain callback, not an AbortSignal: Node's EventTarget costs
 * more per listener added and removed than the rest of a step's bookkeeping, and a probe runs five steps.
 */
export class Deadline {
  private readonly timer: NodeJS.Timeout;
  private readonly sockets = new Set<Socket>();
  /** How to abandon each step still running. */
  private readonly running = new Set<() => void>();
  private passed = false;
  private readonly started = performance.now();
  private readonly onParentExpired: (() => void) | null = null;

  /** With a parent: a shorter limit inside it (see within()); it passes with the parent, and its sockets are the parent's. */
  constructor(
    readonly timeoutMs: number,
    private readonly parent: Deadline | null = null,
  ) {
    this.timer = setTimeout(() => this.expire(), timeoutMs);
    if (parent) {
      this.onParentExpired = () => this.expire();
      if (parent.passed) this.expire();
      else parent.running.add(this.onParentExpired);
    }
  }

  /** Milliseconds left before the limit passes. */
  get remainingMs(): number {
    return Math.max(0, this.timeoutMs - (performance.now() - this.started));
  }

  /**
   * A shorter limit for one part of the probe, ending at the latest with this one: reaching a proxy that the
   * route may fall back from must leave time for the fallback. Sockets opened under it are this deadline's.
   */
  within(ms: number): Deadline {
    return new Deadline(Math.max(1, Math.min(Math.floor(ms), Math.floor(this.remainingMs))), this);
  }

  get expired(): boolean {
    return this.passed;
  }

  private expire(): void {
    this.passed = true;
    for (const abandon of [...this.running]) abandon();
  }

  track<S extends Socket>(socket: S): S {
    if (this.parent) return this.parent.track(socket);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // Steps listen for errors while they run; between steps an error must not crash the process.
    socket.on('error', () => {});
    return socket;
  }

  /**
   * Runs one asynchronous step that settles through `resolve`/`reject`; if the deadline passes first the step
   * is abandoned with DeadlineExceeded and its `cleanup` runs. `cleanup` also runs when the step settles.
   */
  step<T>(executor: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.passed) return reject(new DeadlineExceeded(this.timeoutMs));
      let settled = false;
      let cleanup: () => void = () => {};
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.running.delete(abandon);
        cleanup();
        action();
      };
      const abandon = () => finish(() => reject(new DeadlineExceeded(this.timeoutMs)));
      this.running.add(abandon);
      cleanup = executor(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
      if (settled) cleanup();
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (this.parent) {
      this.parent.running.delete(this.onParentExpired!);
      return; // the sockets are the parent's, destroyed when the probe ends
    }
    // Newest first: a TLS socket before the connection it wraps; destroying the wrapped connection first
    // crashes Node 20's TLSWrap (SIGSEGV in SSL_read) when the peer sends more.
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    this.sockets.clear();
  }
}
