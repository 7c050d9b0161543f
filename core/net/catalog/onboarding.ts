import type { Cloud, Geo, UrlList, UsGovCloud } from '../../protocol';
import type { EndpointSpec } from './catalog-data';
import type { MdeLocation } from './catalog';

/**
 * What the MDE onboarding blob says about where a device's data lives. The onboarding package writes it as
 * `OnboardingInfo` (REG_SZ) under `HKLM\SOFTWARE\Policies\Microsoft\Windows Advanced Threat Protection`:
 * `{"body":"{\"orgId\":…,\"geoLocationUrl\":\"https://edr-cus3.us.endpoint.security.microsoft.com/edr/\",
 * \"datacenter\":\"CentralUs3\",\"vortexGeoLocation\":\"US\",\"partnerGeoLocation\":\"GW_US\",…}","sig":…}` —
 * the body is itself JSON inside a string; `partnerGeoLocation` (GW_<geo>) appears in streamlined packages only.
 */
export interface OnboardingInfo {
  orgId: string | null;
  datacenter: string | null;
  /** The commercial data location, when the blob names one this catalog knows. */
  geo: Geo | null;
  /** The US Government cloud, when the blob names one (vortexGeoLocation FFL4 / FFL4Mod / FFL5). */
  usGov: UsGovCloud | null;
  /** Streamlined when the package is (GW_<geo>, or a gateway under *.endpoint.security.microsoft.*). */
  list: UrlList;
  /** The EDR gateway the device was onboarded to. */
  geoLocationUrl: string | null;
  /** The EDR cyber-data collector (streamlined packages). */
  vortexServerUrl: string | null;
}

/** GW_<label> follows Defender's own table names (MAPSURL_GW_US … MAPSURL_GW_CH, MAPSURL_GW_IN). */
const GEOS: Record<string, Geo> = { US: 'us', EU: 'eu', UK: 'uk', AU: 'au', CH: 'ch', IN: 'in' };

/** Defender's own cloud table names: FFL4 is GCC High, FFL4MOD GCC, FFL5 DoD. */
const US_GOV: Record<string, UsGovCloud> = { FFL4: 'gcc-high', FFL4MOD: 'gcc', FFL5: 'dod' };

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function httpsUrl(value: unknown): string | null {
  const candidate = text(value);
  if (!candidate) return null;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : null;
  } catch {
    return null;
  }
}

/** The blob's body, or null when the value is not an onboarding blob (so the caller still needs a geo). */
export function parseOnboardingInfo(value: string): OnboardingInfo | null {
  let body: Record<string, unknown>;
  try {
    const outer = JSON.parse(value.replace(/^\uFEFF/, '')) as { body?: unknown };
    const inner = typeof outer.body === 'string' ? JSON.parse(outer.body) : outer.body;
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return null;
    body = inner as Record<string, unknown>;
  } catch {
    return null;
  }
  const partner = text(body.partnerGeoLocation)?.toUpperCase() ?? null;
  const vortex = text(body.vortexGeoLocation)?.toUpperCase() ?? null;
  const geoLocationUrl = httpsUrl(body.geoLocationUrl);
  const label = partner?.replace(/^GW_/, '') ?? vortex;
  const streamlined = (partner?.startsWith('GW_') ?? false) || /\.endpoint\.security\.microsoft\.(com|us)\//i.test(geoLocationUrl ?? '');
  return {
    orgId: text(body.orgId),
    datacenter: text(body.datacenter),
    geo: label ? (GEOS[label] ?? null) : null,
    usGov: label ? (US_GOV[label] ?? null) : null,
    list: streamlined ? 'streamlined' : 'standard',
    geoLocationUrl,
    vortexServerUrl: httpsUrl(body.vortexServerUrl),
  };
}

/**
 * The device's own endpoints, named by its blob: its EDR gateway's command-and-control test URL and its events
 * collector. Lists give no such hosts for some locations (Switzerland, India, streamlined US Government).
 */
export function onboardingEndpoints(info: OnboardingInfo): EndpointSpec[] {
  const specs: EndpointSpec[] = [];
  if (info.geoLocationUrl) {
    const gateway = new URL(info.geoLocationUrl);
    const path = /\/edr\/?$/.test(gateway.pathname) ? '/edr/commands/test' : '/commands/test';
    specs.push({
      url: `https://${gateway.host}${path}`,
      purpose: `EDR command and control (the device's gateway, ${info.datacenter ?? 'its datacenter'})`,
      expectedStatus: [200],
      pins: 'mde',
      list: 'mde-onboarding',
    });
  }
  if (info.vortexServerUrl) {
    specs.push({
      url: `https://${new URL(info.vortexServerUrl).host}/`,
      purpose: "EDR cyber data (the device's collector)",
      expectedStatus: [],
      pins: 'mde',
      list: 'mde-onboarding',
    });
  }
  return specs;
}

/** Where an MDE catalog comes from: its locations, its list, and the device's own endpoints when a blob named them. */
export interface MdeCatalogChoice {
  locations: MdeLocation[];
  list: UrlList;
  /** The onboarding blob's endpoints, when the location came from it. */
  extra: EndpointSpec[];
  /** True when the blob chose the location (the request named none). */
  fromMachine: boolean;
}

/**
 * The request's location when it names one (`cloud` for US Government, else `geo`), else the machine's onboarding
 * blob's (and its list, unless the request names one), else `fallbackGeos` (catalog: every geo); null when none.
 */
export function mdeCatalogFor(
  request: { cloud?: Cloud; geo?: Geo; list?: UrlList },
  onboarding: OnboardingInfo | null,
  fallbackGeos: Geo[],
): MdeCatalogChoice | null {
  const usGov = request.cloud && request.cloud !== 'commercial' ? request.cloud : null;
  if (usGov) return { locations: [{ usGov }], list: request.list ?? 'streamlined', extra: [], fromMachine: false };
  if (request.geo) return { locations: [{ geo: request.geo }], list: request.list ?? 'streamlined', extra: [], fromMachine: false };
  const fromBlob: MdeLocation | null = onboarding?.usGov ? { usGov: onboarding.usGov } : onboarding?.geo ? { geo: onboarding.geo } : null;
  if (onboarding && fromBlob)
    return { locations: [fromBlob], list: request.list ?? onboarding.list, extra: onboardingEndpoints(onboarding), fromMachine: true };
  if (fallbackGeos.length === 0) return null;
  return { locations: fallbackGeos.map((geo) => ({ geo })), list: request.list ?? 'streamlined', extra: [], fromMachine: false };
}
