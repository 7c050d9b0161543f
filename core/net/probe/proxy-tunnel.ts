import type { Socket } from 'node:net';
import type { Deadline } from './deadline';
import { parseResponseHead, type ResponseHead } from './http-head';

const MAX_HEAD_BYTES = 64 * 1024;

/** `host:port` as a CONNECT request target (IPv6 literals in brackets). */
export function authority(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Sends `CONNECT host:port` on an open connection to the proxy and reads the proxy's answer head. On 2xx the
 * socket is a tunnel to the destination; bytes read past the head are pushed back onto it.
 */
export function requestTunnel(socket: Socket, target: string, authorization: string | null, deadline: Deadline): Promise<ResponseHead> {
  return deadline.step<ResponseHead>((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES) reject(new Error('the proxy sent more than 64 KB without ending its response head'));
        return;
      }
      const head = parseResponseHead(buffered.subarray(0, end).toString('latin1'));
      if (!head) return reject(new Error(`the proxy did not answer in HTTP: ${JSON.stringify(buffered.subarray(0, 80).toString('latin1'))}`));
      socket.pause();
      const rest = buffered.subarray(end + 4);
      if (head.status >= 200 && head.status < 300 && rest.length > 0) socket.unshift(rest);
      resolve(head);
    };
    const onError = (error: Error) => reject(error);
    const onEnd = () => reject(new Error('the proxy closed the connection without answering CONNECT'));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
    const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`, 'User-Agent: DefenderProxyTools', 'Proxy-Connection: Keep-Alive'];
    if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    return () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
    };
  });
}
