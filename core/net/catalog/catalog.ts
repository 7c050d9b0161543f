import type { CatalogUrl, Cloud, Geo, UrlList, UsGovCloud } from '../../protocol';
import {
  MDE_GEOS,
  MDE_US_GOV,
  MDI_CONSOLE_SUFFIX,
  MDI_PING_PATH,
  MDI_PINS,
  MDI_PKI_ENDPOINTS,
  MDI_SENSOR_API_SUFFIX,
  PKI_ALLOWLIST,
  PKI_ENDPOINTS,
  mdeStandard,
  mdeStreamlined,
  mdeUsGovStandard,
  mdeUsGovStreamlined,
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
  // DoD shares GCC High's suffix: a host alone says gcc-high (same pins).
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
  return {
    url: `https://${authority}${MDI_PING_PATH}`,
    purpose: 'MDI sensor API',
    expectedStatus: [200, 503],
    pins: MDI_PINS[cloud],
    list: 'mdi-sensor',
  };
}

/** The workspace's portal (000): allowed for the admins' browsers, not a URL the sensor needs, so never probed. */
export function mdiConsoleSpec(workspace: string, cloud: Cloud): EndpointSpec {
  return {
    url: `https://${workspace.toLowerCase()}${MDI_CONSOLE_SUFFIX[cloud]}/`,
    purpose: 'MDI portal (console connectivity)',
    expectedStatus: [],
    pins: MDI_PINS[cloud],
    required: false,
    condition: 'for the browsers that open the MDI portal, not for the sensor (000)',
    list: 'mdi-console',
    probe: false,
  };
}

/** The sensor URL (required: the only one on 443), the portal, and the recommended PKI hosts. */
export function mdiEndpoints(workspace: string, cloud: Cloud): EndpointSpec[] {
  return [mdiPingSpec(mdiSensorApiHost(workspace, cloud), cloud), mdiConsoleSpec(workspace, cloud), ...MDI_PKI_ENDPOINTS];
}

/** Which MDE list: a commercial geo's, or a US Government cloud's (whose lists have no geo). */
export type MdeLocation = { geo: Geo } | { usGov: UsGovCloud };

export function mdeLocations(cloud: Cloud | undefined, geos: Geo[]): MdeLocation[] {
  return cloud && cloud !== 'commercial' ? [{ usGov: cloud }] : geos.map((geo) => ({ geo }));
}

function mdeListOf(location: MdeLocation, list: UrlList): EndpointSpec[] {
  if ('usGov' in location) return list === 'standard' ? mdeUsGovStandard(location.usGov) : mdeUsGovStreamlined();
  return list === 'standard' ? mdeStandard(location.geo) : mdeStreamlined(location.geo);
}

/** The lists of several locations, each URL once (the shared optional ones repeat per location). */
export function mdeEndpoints(locations: MdeLocation[] | Geo[], list: UrlList): EndpointSpec[] {
  const where = locations.map((l): MdeLocation => (typeof l === 'string' ? { geo: l } : l));
  const seen = new Set<string>();
  return [...where.flatMap((l) => mdeListOf(l, list)), ...PKI_ENDPOINTS].filter((spec) => !seen.has(spec.url) && !!seen.add(spec.url));
}

export const ALL_GEOS = Object.keys(MDE_GEOS) as Geo[];
export const ALL_US_GOV = Object.keys(MDE_US_GOV) as UsGovCloud[];

/** The URLs `test` probes: a catalog's entries without its allowlist-only lines. */
export function probedSpecs(specs: EndpointSpec[]): EndpointSpec[] {
  return specs.filter((s) => s.probe !== false);
}

/** The host of a catalog URL; by hand, because the `<workspace>` placeholder is no valid URL host. */
export function hostOf(url: string): string {
  return url
    .replace(/^[a-z]+:\/\//i, '')
    .split(/[/:?#]/)[0]!
    .toLowerCase();
}

export function catalogUrls(specs: EndpointSpec[]): CatalogUrl[] {
  return specs.map((s) => ({
    url: s.url,
    host: hostOf(s.url),
    purpose: s.purpose,
    expectedStatus: s.expectedStatus,
    required: s.required !== false,
    ...(s.condition ? { condition: s.condition } : {}),
    ...(s.list ? { list: s.list } : {}),
    probed: s.probe !== false,
  }));
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
    const everywhere = [...mdeLocations(undefined, ALL_GEOS), ...ALL_US_GOV.map((usGov): MdeLocation => ({ usGov }))];
    const all = [...mdeEndpoints(everywhere, 'streamlined'), ...mdeEndpoints(everywhere, 'standard')];
    for (const spec of probedSpecs(all)) if (!knownByUrl.has(spec.url)) knownByUrl.set(spec.url, spec);
  }
  return knownByUrl.get(url) ?? null;
}
