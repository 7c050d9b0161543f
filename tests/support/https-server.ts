import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TestPki } from './test-ca';

/**
 * A stand-in for the Defender cloud on 127.0.0.1: answers by host name, like the real services do.
 *   legacy*   → 503 "The service is unavailable"   (older MDI workspaces)
 *   missing*  → 404                                 (an HTTP status that proves nothing)
 *   portal*   → 200 with an HTML page               (a captive portal)
 *   version*  → 200 with a sensor version
 *   otherwise → the MDI ping answers 200 "Ok", the sensor API's root 503; MDE test paths answer their documented statuses.
 */
export function answerFor(host: string, path: string): { status: number; body: string } {
  const name = host.toLowerCase();
  if (name.startsWith('legacy')) return { status: 503, body: 'The service is unavailable' };
  if (name.startsWith('missing')) return { status: 404, body: 'Not Found' };
  if (name.startsWith('portal')) return { status: 200, body: '<html><body>Sign in to continue</body></html>' };
  if (name.startsWith('version')) return { status: 200, body: '2.255.19267.9636' };
  if (path === '/tri/sensor/api/ping') return { status: 200, body: 'Ok' };
  // What 000 tells admins to browse: the sensor API's root answers "Error 503 The service is unavailable".
  if (path === '/' && /sensorapi\./.test(name)) return { status: 503, body: 'The service is unavailable' };
  if (path.startsWith('/storage/')) return { status: 400, body: 'Bad Request' };
  if (path === '/mdav/test' || path.startsWith('/wdcp.svc/')) return { status: 404, body: 'Not Found' };
  if (path === '/edr/commands/test' || path === '/commands/test' || path.endsWith('/api/report')) return { status: 200, body: 'OK' };
  return { status: 200, body: 'OK' };
}

export interface RunningHttpsServer {
  port: number;
  /** Requests seen, `host path`, for asserting what reached the server. */
  requests: string[];
  close(): Promise<void>;
}

/** `backlog`: the listen queue (Node's default 511 drops SYNs when a bench opens hundreds of connections at once). */
export async function startHttpsServer(pki: TestPki, options: { delayMs?: number; backlog?: number } = {}): Promise<RunningHttpsServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(
    { key: pki.serverKeyPem, cert: pki.presentedChainPem },
    (req: IncomingMessage, res: ServerResponse) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push(`${host} ${path}`);
      const { status, body } = answerFor(host, path);
      const send = () => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (!options.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, options.delayMs);
      timers.add(timer);
    },
  );
  server.on('connection', (socket: Socket) => {
    // As real servers do: Nagle's algorithm would hold back small TLS records (see bench/delaying-proxy.ts).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: options.backlog }, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
