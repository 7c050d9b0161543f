import { detail } from '../../messages';
import { headerValues, type ResponseHead } from './http-head';
import type { ProbeCode } from './advice';

/**
 * What a proxy's non-2xx, non-407 answer to CONNECT means. Squid names its reason in X-Squid-Error; other
 * proxies only give the status, which then decides.
 */
export function classifyProxyRefusal(head: ResponseHead): { code: ProbeCode; detail: string } {
  const squidError = headerValues(head, 'x-squid-error')[0] ?? '';
  const answer = detail('PROXY_ANSWERED', { status: head.status, reason: head.reason }).trim();
  const text = squidError ? `${answer} ${detail('PROXY_SQUID_ERROR', { error: squidError })}` : answer;
  if (head.status === 401 || head.status === 403) return { code: 'PROXY_FORBIDDEN', detail: text };
  if (/^ERR_DNS_FAIL/.test(squidError)) return { code: 'DNS_FAILED', detail: text };
  if (/^ERR_CONNECT_FAIL/.test(squidError)) return { code: 'CONNECT_REFUSED', detail: text };
  if (/^ERR_(CONNECT|READ)_TIMEOUT/.test(squidError) || head.status === 504) return { code: 'CONNECT_TIMEOUT', detail: text };
  return { code: 'PROXY_ERROR', detail: text };
}
