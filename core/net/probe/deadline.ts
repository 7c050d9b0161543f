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

  constructor(readonly timeoutMs: number) {
    this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  get expired(): boolean {
    return this.passed;
  }

  private expire(): void {
    this.passed = true;
    for (const abandon of [...this.running]) abandon();
  }

  track<S extends Socket>(socket: S): S {
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
    // Newest first: a TLS socket before the connection it wraps; destroying the wrapped connection first
    // crashes Node 20's TLSWrap (SIGSEGV in SSL_read) when the peer sends more.
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    this.sockets.clear();
  }
}
