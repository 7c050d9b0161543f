import { detail } from '../../messages';
import type { Socket } from 'node:net';
import type { Deadline } from './deadline';
import { headerValues, parseResponseHead, type ResponseHead } from './http-head';

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_KEPT_BODY_BYTES = 64 * 1024;

/** `host:port` as a CONNECT request target (IPv6 literals in brackets). */
export function authority(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A proxy's answer: its head, the start of its body, and whether the connection can carry the next request. */
export interface ProxyAnswer {
  head: ResponseHead;
  /** The first 64 KB of the body (empty for a CONNECT that opened a tunnel). */
  body: Buffer;
  /**
   * False when the proxy closes after this answer (it said so, or the body runs to the end of the connection).
   * NTLM and Negotiate need the same connection for every leg of their handshake.
   */
  reusable: boolean;
}

/** How the body after a response head ends (RFC 9112 §6.3), for a request that is not HEAD. */
export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export function bodyFraming(head: ResponseHead, method: string): BodyFraming {
  if (head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200)) return { kind: 'none' };
  if (method === 'CONNECT' && head.status >= 200 && head.status < 300) return { kind: 'none' };
  if (headerValues(head, 'transfer-encoding').some((v) => /chunked\s*$/i.test(v))) return { kind: 'chunked' };
  const length = headerValues(head, 'content-length')[0];
  if (length !== undefined && /^\d+$/.test(length.trim())) return { kind: 'length', length: Number(length.trim()) };
  return { kind: 'close' };
}

/** Whether the proxy keeps the connection after this answer (HTTP/1.1 default: yes, unless it says close). */
export function keepsAlive(head: ResponseHead): boolean {
  const tokens = [...headerValues(head, 'connection'), ...headerValues(head, 'proxy-connection')].join(',').toLowerCase();
  return !/(^|,)\s*close\s*(,|$)/.test(tokens);
}

/**
 * Where a chunked body ends in `data`, or -1 while it has not ended yet (RFC 9112 §7.1; trailers skipped).
 * Throws on a malformed chunk size.
 */
export function chunkedBodyEnd(data: Buffer): number {
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return -1;
    const sizeText = data.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-f]+$/i.test(sizeText)) throw new Error(detail('PROXY_CHUNK_SIZE_MALFORMED', { size: sizeText.slice(0, 20) }));
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      const trailerEnd = data.indexOf('\r\n\r\n', lineEnd);
      if (data.subarray(lineEnd, lineEnd + 4).toString('latin1') === '\r\n\r\n') return lineEnd + 4;
      return trailerEnd === -1 ? -1 : trailerEnd + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > data.length) return -1;
  }
}

export interface ProxyRequest {
  /** `CONNECT` (target `host:port`) or `GET` (target the absolute URL) */
  method: 'CONNECT' | 'GET';
  target: string;
  host: string;
  authorization: string | null;
}

/**
 * Sends one request to the proxy on an open connection and reads its answer, body included, so that the
 * connection can carry the next leg of an authentication handshake. On a CONNECT's 2xx the socket is a tunnel
 * to the destination; bytes read past the head are pushed back onto it.
 */
export function proxyRequest(socket: Socket, request: ProxyRequest, deadline: Deadline): Promise<ProxyAnswer> {
  return deadline.step<ProxyAnswer>((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let head: ResponseHead | null = null;
    let framing: BodyFraming = { kind: 'none' };
    const finish = (bodyEnd: number, reusable: boolean) => {
      socket.pause();
      const rest = buffered.subarray(bodyEnd);
      if (rest.length > 0) socket.unshift(rest);
      const body = buffered.subarray(0, Math.min(bodyEnd, MAX_KEPT_BODY_BYTES));
      resolve({ head: head!, body: Buffer.from(body), reusable: reusable && keepsAlive(head!) });
    };
    const progress = () => {
      if (!head) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buffered.length > MAX_HEAD_BYTES) reject(new Error(detail('PROXY_HEAD_TOO_LARGE')));
          return;
        }
        head = parseResponseHead(buffered.subarray(0, end).toString('latin1'));
        if (!head)
          return reject(new Error(detail('PROXY_NOT_HTTP', { start: JSON.stringify(buffered.subarray(0, 80).toString('latin1')) })));
        buffered = buffered.subarray(end + 4);
        framing = bodyFraming(head, request.method);
      }
      if (framing.kind === 'none') return finish(0, true);
      if (framing.kind === 'length' && buffered.length >= framing.length) return finish(framing.length, true);
      if (framing.kind === 'chunked') {
        const end = chunkedBodyEnd(buffered);
        if (end !== -1) return finish(end, true);
      }
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        progress();
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: Error) => reject(error);
    const onEnd = () => {
      if (head && framing.kind === 'close') return finish(buffered.length, false);
      // A status line and headers arrived but the body was cut: the status is still the answer.
      if (head) return finish(buffered.length, false);
      reject(new Error(detail('PROXY_CLOSED_UNANSWERED', { method: request.method })));
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
    const lines = [
      `${request.method} ${request.target} HTTP/1.1`,
      `Host: ${request.host}`,
      'User-Agent: DefenderProxyTools',
      'Proxy-Connection: Keep-Alive',
    ];
    if (request.method === 'GET') lines.push('Accept: */*');
    if (request.authorization) lines.push(`Proxy-Authorization: ${request.authorization}`);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    socket.resume();
    return () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
    };
  });
}
