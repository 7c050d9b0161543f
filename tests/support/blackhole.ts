import { connect, createServer, type Socket } from 'node:net';
import { startService } from './child-process';
import { requireBinary } from './tools';

export interface Blackhole {
  port: number;
  stop(): Promise<void>;
}

/** Accepts TCP connections and never says a word: a proxy or server that hangs after the handshake. */
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Read and drop: it never answers, but it notices when the client hangs up (and closes its side too).
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A port whose TCP handshake never completes, on loopback: a listener with a backlog of 0 that never accepts,
 * its one queue slot filled, so the kernel drops further SYNs — what a firewall that drops packets looks like.
 * Node always accepts, hence a few lines of Python (python3 ships with mitmproxy).
 */
export async function startSynBlackhole(): Promise<Blackhole> {
  const python = requireBinary('python3', 'python3');
  // It lives until its stdin closes: with the test process, even if that one crashes.
  const script =
    'import socket,sys\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()';
  const service = startService(python, ['-c', script], { stdin: 'pipe' });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`python3 listener did not start: ${service.output()}`)), 5000);
    service.child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
  });
  const filler = connect(port, '127.0.0.1');
  filler.on('error', () => {});
  await new Promise((resolve) => filler.once('connect', resolve));
  return {
    port,
    stop: async () => {
      filler.destroy();
      await service.stop();
    },
  };
}
