import { detail } from '../../messages';
import type { ProbeCode } from './advice';

/** What answer proves a route to an endpoint. */
export type Expectation =
  /** The MDI ping: 200 "Ok" or a sensor version; 503 from older workspaces also proves the route. */
  | { kind: 'mdi-ping' }
  /** The sensor API's root, which 000 tells admins to browse: "Error 503 The service is unavailable" is the desired result. */
  | { kind: 'mdi-root' }
  /** One of these statuses; empty means any HTTP answer (the pinned TLS chain is then the proof). */
  | { kind: 'status'; statuses: number[] }
  /** Any 2xx or 3xx: a URL the catalog does not know. */
  | { kind: 'success' };

const SENSOR_VERSION = /^\d+(?:\.\d+){1,3}$/;

export function pingBodyIsValid(body: string): boolean {
  const text = body
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  return /^ok$/i.test(text) || SENSOR_VERSION.test(text);
}

/** Judges the service's HTTP answer: the last stage of a probe. */
export function judgeAnswer(expectation: Expectation, status: number, body: string): { code: ProbeCode; detail: string } {
  if (expectation.kind === 'mdi-ping') {
    if (status === 200) {
      return pingBodyIsValid(body)
        ? { code: 'OK', detail: `200 ${JSON.stringify(body.trim().slice(0, 40))}` }
        : { code: 'HTTP_UNEXPECTED_BODY', detail: `200 with ${JSON.stringify(body.trim().slice(0, 80))}` };
    }
    if (status === 503) return { code: 'OK_LEGACY_WORKSPACE', detail: detail('SENSOR_API_503') };
    return { code: 'HTTP_UNEXPECTED_STATUS', detail: detail('SENSOR_API_STATUS_UNEXPECTED', { status }) };
  }
  if (expectation.kind === 'mdi-root') {
    if (status === 503) return { code: 'OK', detail: detail('SENSOR_ROOT_503') };
    if (status === 200 && pingBodyIsValid(body)) return { code: 'OK', detail: `200 ${JSON.stringify(body.trim().slice(0, 40))}` };
    return { code: 'HTTP_UNEXPECTED_STATUS', detail: detail('SENSOR_ROOT_STATUS_UNEXPECTED', { status }) };
  }
  if (expectation.kind === 'success') {
    return status >= 200 && status < 400
      ? { code: 'OK', detail: `${status}` }
      : { code: 'HTTP_UNEXPECTED_STATUS', detail: detail('HTTP_STATUS_UNEXPECTED', { status }) };
  }
  if (expectation.statuses.length === 0 || expectation.statuses.includes(status)) return { code: 'OK', detail: `${status}` };
  return { code: 'HTTP_UNEXPECTED_STATUS', detail: `${status}; expected ${expectation.statuses.join(' or ')}` };
}
