import { detail } from '../../messages';
import { get as httpGet, type IncomingMessage, type ClientRequest } from 'node:http';
import { get as httpsGet } from 'node:https';
import { lookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { overriddenAddress, type ResolveMap } from '../probe/resolve';
import { redactUserInfo } from '../../formats/redact';

const MAX_BYTES = 1024 * 1024;

/**
 * GETs a small text file (a PAC file) over HTTP(S), honouring the resolve map, with a time limit. Direct: a PAC
 * file is fetched before any proxy is known, as WinHTTP does.
 */
export function fetchText(url: string, resolveMap: ResolveMap, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url);
    // Errors name the URL without its user-info (a password, most likely).
    const shown = redactUserInfo(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return reject(new Error(detail('FETCH_NOT_HTTP', { url: shown })));
    const customLookup = (host: string, options: object, callback: (e: Error | null, a: string | LookupAddress[], f?: number) => void) => {
      const address = overriddenAddress(host, resolveMap);
      if (!address) return lookup(host, options, callback as never);
      if ((options as { all?: boolean }).all) return callback(null, [{ address, family: isIP(address) }]);
      callback(null, address, isIP(address));
    };
    const get = parsed.protocol === 'https:' ? httpsGet : httpGet;
    let request: ClientRequest | null = null;
    const timer = setTimeout(() => request?.destroy(new Error(detail('NO_ANSWER_WITHIN', { ms: timeoutMs }))), timeoutMs);
    const finish = (action: () => void) => {
      clearTimeout(timer);
      action();
    };
    request = get(url, { lookup: customLookup as never, headers: { 'User-Agent': 'DefenderProxyTools' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        return finish(() => reject(new Error(`${shown} answered ${res.statusCode} ${res.statusMessage ?? ''}`.trim())));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BYTES) return request?.destroy(new Error(detail('FETCH_TOO_LARGE', { url: shown })));
        chunks.push(chunk);
      });
      res.on('end', () => finish(() => resolve(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', (error) => finish(() => reject(error)));
    });
    request.on('error', (error) => finish(() => reject(error)));
  });
}
