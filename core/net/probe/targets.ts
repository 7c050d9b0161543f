import { phrase } from '../../messages';
import type { PinFamily } from '../catalog/pinned-roots';
import type { Expectation } from './verdict';
import type { EndpointSpec } from '../catalog/catalog-data';
import { MDI_PING_PATH, MDI_PINS } from '../catalog/catalog-data';
import { cloudOfSensorApiHost, knownEndpoint } from '../catalog/catalog';

/** One URL a probe tests, with what proves the route and which roots its chain must end in. */
export interface ProbeTarget {
  url: string;
  host: string;
  port: number;
  /** Path and query, as sent in the request line. */
  path: string;
  secure: boolean;
  expectation: Expectation;
  /** null for plain HTTP (no chain to judge). */
  pins: PinFamily | null;
  purpose: string;
  /** False for a recommended or optional URL: its failure warns instead of failing the test. */
  required: boolean;
  /** When such a URL is needed, in the documents' words. */
  condition?: string;
}

function expectationOf(host: string, path: string, expectedStatus: number[]): Expectation {
  if (path === MDI_PING_PATH) return { kind: 'mdi-ping' };
  if (path === '/' && cloudOfSensorApiHost(host)) return { kind: 'mdi-root' };
  return { kind: 'status', statuses: expectedStatus };
}

export function targetFromSpec(spec: EndpointSpec): ProbeTarget {
  const url = new URL(spec.url);
  const secure = url.protocol === 'https:';
  const path = url.pathname + url.search;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    url: spec.url,
    host,
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    path,
    secure,
    expectation: expectationOf(host, url.pathname, spec.expectedStatus),
    pins: secure ? spec.pins : null,
    purpose: spec.purpose,
    required: spec.required !== false,
    ...(spec.condition ? { condition: spec.condition } : {}),
  };
}

/** Which roots a URL given on its own must chain to: by its catalog entry, else by its host name. */
export function pinsForHost(host: string): PinFamily {
  const cloud =
    cloudOfSensorApiHost(host) ?? (/\.atp\.azure\.us$/i.test(host) ? 'gcc-high' : /\.atp\.azure\.com$/i.test(host) ? 'commercial' : null);
  if (cloud) return MDI_PINS[cloud];
  if (/(^|\.)microsoft\.(com|us)$/i.test(host)) return 'mde';
  return 'public';
}

/**
 * A URL from the request (`url`). A catalog URL keeps its documented status; the MDI ping keeps its own rules;
 * any other URL passes on the statuses given, by default 2xx/3xx.
 */
export function targetFromUrl(url: string, expectedStatus?: number[]): ProbeTarget {
  const known = knownEndpoint(url);
  if (known && !expectedStatus) return targetFromSpec(known);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const target = targetFromSpec({
    url,
    purpose: phrase('PURPOSE_GIVEN_URL'),
    expectedStatus: expectedStatus ?? [],
    pins: pinsForHost(host),
  });
  return target.expectation.kind === 'status' && !expectedStatus ? { ...target, expectation: { kind: 'success' } } : target;
}
