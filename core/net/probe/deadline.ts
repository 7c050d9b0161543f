import type { Socket } from 'node:net';
import { DeadlineExceeded } from './stage-failure';

/**
 * One probe's time limit. Every socket the probe opens is registered here, so that when the limit passes (or the
 * probe ends either way) `dispose` destroys them all and clears the timer: nothing outlives the probe.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly sockets = new Set<Socket>();

  constructor(readonly timeoutMs: number) {
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
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
      if (this.expired) return reject(new DeadlineExceeded(this.timeoutMs));
      let settled = false;
      let cleanup: () => void = () => {};
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.signal.removeEventListener('abort', onAbort);
        cleanup();
        action();
      };
      const onAbort = () => finish(() => reject(new DeadlineExceeded(this.timeoutMs)));
      this.signal.addEventListener('abort', onAbort, { once: true });
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
