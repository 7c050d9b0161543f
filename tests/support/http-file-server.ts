import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface RunningHttpFileServer {
  port: number;
  /** `http://127.0.0.1:PORT` + path. */
  url(path: string): string;
  /** Paths requested, in order (absolute-form requests from a proxy included, as their path). */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Plain HTTP on 127.0.0.1 serving fixed files by path (a PAC host, a CRL distribution point); any other
 * path is a 404.
 */
export async function startHttpFileServer(files: Record<string, string>): Promise<RunningHttpFileServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const body = files[path];
    if (body === undefined) return void res.writeHead(404).end('Not Found');
    const type = path.endsWith('.pac') ? 'application/x-ns-proxy-autoconfig' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
