import { connect, createServer, type Socket } from 'node:net';

export interface DelayingProxy {
  port: number;
  url: string;
  /** CONNECT requests seen. */
  connects(): number;
  /** The most CONNECT requests that were waiting or tunnelling at one time since the last reset: a client's real parallelism. */
  peakInFlight(): number;
  resetCounters(): void;
  stop(): Promise<void>;
}

/**
 * A CONNECT proxy on 127.0.0.1 that waits `delayMs` before answering each CONNECT, then tunnels to the local
 * HTTPS server at `upstreamPort` whatever host was asked for — so any public name works and nothing leaves the
 * machine. `delayMs: 'never'` accepts and never answers: a black-hole proxy.
 *
 * Every socket sets TCP_NODELAY, as real proxies do: without it the tunnel holds back the small TLS records of a
 * handshake behind Nagle's algorithm and delayed ACKs, which stalls a client that writes in several pieces (curl
 * waits ~40 ms per transfer) and makes a comparison between clients unfair.
 */
export async function startDelayingProxy(upstreamPort: number, delayMs: number | 'never'): Promise<DelayingProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connects = 0;
  let inFlight = 0;
  let peak = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      client.pause();
      if (!/^CONNECT \S+ HTTP\/1\.[01]\r\n/.test(head)) return client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
      connects++;
      peak = Math.max(peak, ++inFlight);
      client.once('close', () => inFlight--);
      if (delayMs === 'never') return client.resume(); // read and drop, never answer
      const rest = Buffer.from(head.slice(end + 4), 'latin1');
      const timer = setTimeout(() => {
        timers.delete(timer);
        const upstream = connect(upstreamPort, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          if (rest.length) upstream.write(rest);
          client.pipe(upstream).pipe(client);
          client.resume();
        });
        track(upstream);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      }, delayMs);
      timers.add(timer);
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connects: () => connects,
    peakInFlight: () => peak,
    resetCounters: () => {
      connects = 0;
      peak = inFlight;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
