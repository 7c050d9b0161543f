import { isIP } from 'node:net';
import type { Route, TestRequest } from '../protocol';
import { detail, fail } from '../messages';
import { hasUserInfo, redactUserInfo } from '../formats/redact';
import { pinSetFromPems, type PinSet } from './probe/pinning';
import { proxyEndpointFor } from './probe/proxy-endpoint';
import { cloudOfSensorApiHost } from './catalog/catalog';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Throws WORKSPACE_INVALID unless the name can prefix `sensorapi.atp.azure.com`. */
export function checkWorkspace(workspace: string | undefined): void {
  if (workspace !== undefined && !DNS_LABEL.test(workspace)) throw fail('WORKSPACE_INVALID', { name: workspace }, { field: 'workspace' });
}

function checkUrl(url: string | undefined, field = 'url'): void {
  if (url === undefined) return;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  // A probe authenticates to no service: user-info in a URL to test is a password in the wrong place.
  const usable =
    parsed &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.hostname &&
    !parsed.username &&
    !parsed.password &&
    !hasUserInfo(url);
  if (!parsed || !usable) throw fail('URL_INVALID', { field, url: redactUserInfo(url) }, { field });
  // 000 and 001: "You must specify HTTPS, not HTTP, to properly test connectivity."
  if (parsed.protocol === 'http:' && cloudOfSensorApiHost(parsed.hostname))
    throw fail('SENSOR_URL_NOT_HTTPS', { field, host: parsed.hostname }, { field });
}

function checkProxy(request: TestRequest, routes: Route[]): void {
  const proxy = request.proxy;
  if (routes.includes('explicit') && !proxy?.url && !proxy?.server) throw fail('EXPLICIT_ROUTE_NEEDS_PROXY', {}, { field: 'proxy' });
  for (const field of ['url', 'server'] as const) {
    const text = proxy?.[field];
    if (text === undefined) continue;
    const choice = proxyEndpointFor(text, 'https');
    if ('error' in choice)
      throw fail('PROXY_INVALID', { field: `proxy.${field}`, detail: choice.error.replace(/\.$/, '') }, { field: `proxy.${field}` });
  }
  if (proxy?.pacUrl !== undefined) checkUrlField('proxy.pacUrl', proxy.pacUrl);
}

function checkUrlField(field: string, url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return;
  } catch {
    // reported below
  }
  throw fail('URL_INVALID', { field, url: redactUserInfo(url) }, { field });
}

function checkNumbers(request: TestRequest): void {
  for (const field of ['timeoutMs', 'concurrency'] as const) {
    const value = request[field];
    if (value !== undefined && !(Number.isInteger(value) && value > 0))
      throw fail('FIELD_INVALID', { field, detail: detail('WHOLE_NUMBER_ABOVE_ZERO') }, { field });
  }
  for (const [host, address] of Object.entries(request.resolve ?? {})) {
    if (!isIP(address))
      throw fail(
        'FIELD_INVALID',
        { field: `resolve.${host}`, detail: detail('NOT_AN_IP_ADDRESS', { address }) },
        { field: `resolve.${host}` },
      );
  }
}

/** The request's trusted roots as a pin set, or null to use each endpoint's pinned roots. */
export function trustedRootsOf(request: TestRequest): PinSet | null {
  if (!request.trustedRoots || request.trustedRoots.length === 0) return null;
  request.trustedRoots.forEach((pem, i) => {
    try {
      pinSetFromPems([pem]);
    } catch (error) {
      throw fail(
        'TRUSTED_ROOT_INVALID',
        { field: `trustedRoots[${i}]`, detail: (error as Error).message },
        { field: `trustedRoots[${i}]` },
      );
    }
  });
  return pinSetFromPems(request.trustedRoots);
}

/**
 * Every check that needs no machine and no network: a request that fails one is refused (exit 2) untouched. With
 * a machine an MDE test may leave out its location: the machine's onboarding blob names it.
 */
export function checkTestRequest(request: TestRequest, routes: Route[], machineAvailable = false): void {
  checkUrl(request.url);
  for (const [i, url] of (request.urls ?? []).entries()) checkUrl(url, `urls[${i}]`);
  checkWorkspace(request.workspace);
  checkProxy(request, routes);
  checkNumbers(request);
  const usGov = request.cloud !== undefined && request.cloud !== 'commercial';
  if (request.product === 'mde' && !request.url && !request.urls && !request.geo && !usGov && !machineAvailable)
    throw fail('GEO_REQUIRED', {}, { field: 'geo' });
}
