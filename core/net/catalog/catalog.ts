import type { CatalogUrl, Cloud, Geo, UrlList } from '../../protocol';
import {
  MDE_GEOS,
  MDI_PING_PATH,
  MDI_PINS,
  MDI_SENSOR_API_SUFFIX,
  PKI_ALLOWLIST,
  PKI_ENDPOINTS,
  mdeStandard,
  mdeStreamlined,
  type EndpointSpec,
} from './catalog-data';

/** Stands in for the workspace name when none is known (allowlists only; never probed). */
export const WORKSPACE_PLACEHOLDER = '<workspace>';

export function mdiSensorApiHost(workspace: string, cloud: Cloud): string {
  return `${workspace.toLowerCase()}${MDI_SENSOR_API_SUFFIX[cloud]}`;
}

/** The cloud of a sensor API host name, or null when it is not one. */
export function cloudOfSensorApiHost(host: string): Cloud | null {
  const name = host.toLowerCase();
  for (const cloud of ['gcc', 'gcc-high', 'commercial'] as Cloud[]) if (name.endsWith(MDI_SENSOR_API_SUFFIX[cloud])) return cloud;
  return null;
}

/** `contoso-corpsensorapi.atp.azure.com` → `contoso-corp`. */
export function workspaceOfSensorApiHost(host: string): string | null {
  const cloud = cloudOfSensorApiHost(host);
  return cloud ? host.slice(0, host.length - MDI_SENSOR_API_SUFFIX[cloud].length) || null : null;
}

export function mdiPingSpec(host: string, cloud: Cloud, port = 443): EndpointSpec {
  const authority = port === 443 ? host : `${host}:${port}`;
  return { url: `https://${authority}${MDI_PING_PATH}`, purpose: 'MDI sensor API', expectedStatus: [200, 503], pins: MDI_PINS[cloud] };
}

export function mdiEndpoints(workspace: string, cloud: Cloud): EndpointSpec[] {
  return [mdiPingSpec(mdiSensorApiHost(workspace, cloud), cloud), ...PKI_ENDPOINTS];
}

export function mdeEndpoints(geos: Geo[], list: UrlList): EndpointSpec[] {
  const perGeo = geos.flatMap((geo) => (list === 'standard' ? mdeStandard(geo) : mdeStreamlined(geo)));
  return [...perGeo, ...PKI_ENDPOINTS];
}

export const ALL_GEOS = Object.keys(MDE_GEOS) as Geo[];

/** The host of a catalog URL; by hand, because the `<workspace>` placeholder is no valid URL host. */
export function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0]!.toLowerCase();
}

export function catalogUrls(specs: EndpointSpec[]): CatalogUrl[] {
  return specs.map((s) => ({ url: s.url, host: hostOf(s.url), purpose: s.purpose, expectedStatus: s.expectedStatus }));
}

/** One line per host to allow (PKI hosts as their documented patterns), in catalog order, no duplicates. */
export function allowlistText(specs: EndpointSpec[]): string {
  const pkiHosts = new Set(PKI_ENDPOINTS.map((s) => hostOf(s.url)));
  const lines = [...new Set(specs.map((s) => hostOf(s.url)).filter((h) => !pkiHosts.has(h))), ...PKI_ALLOWLIST];
  return lines.join('\n') + '\n';
}

let knownByUrl: Map<string, EndpointSpec> | null = null;

/**
 * Every endpoint of every list, for recognising a URL given on its own: the first entry with that URL, as
 * listed. Indexed once; it was rebuilt (every geo of both lists) for each URL of a request.
 */
export function knownEndpoint(url: string): EndpointSpec | null {
  if (!knownByUrl) {
    knownByUrl = new Map();
    for (const spec of [...mdeEndpoints(ALL_GEOS, 'streamlined'), ...mdeEndpoints(ALL_GEOS, 'standard')]) if (!knownByUrl.has(spec.url)) knownByUrl.set(spec.url, spec);
  }
  return knownByUrl.get(url) ?? null;
}
