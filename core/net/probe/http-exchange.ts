import { request } from 'node:http';
import type { Socket } from 'node:net';
import type { Deadline } from './deadline';

const MAX_BODY_BYTES = 64 * 1024;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first 64 KB of the body, as text. */
  body: string;
}

/**
 * One GET over a connection that is already open: TLS to the service, a tunnel, or a plain connection to a
 * proxy (then `path` is the absolute URL and `headers` may carry Proxy-Authorization).
 */
export function getOverSocket(
  socket: Socket,
  host: string,
  path: string,
  headers: Record<string, string>,
  deadline: Deadline,
): Promise<HttpAnswer> {
  return deadline.step<HttpAnswer>((resolve, reject) => {
    const req = request({
      method: 'GET',
      path,
      headers: { Host: host, 'User-Agent': 'DefenderProxyTools', Accept: '*/*', Connection: 'close', ...headers },
      createConnection: () => socket,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
        });
      res.once('end', done);
      // Connection: close servers may reset instead of ending; the status is already known then.
      res.once('error', done);
      res.once('aborted', done);
    });
    req.on('error', reject);
    req.end();
    return () => req.removeAllListeners('response');
  });
}
