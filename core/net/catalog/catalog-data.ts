import type { Cloud, Geo } from '../../protocol';
import type { PinFamily } from './pinned-roots';

/**
 * The Defender endpoints a sensor must reach, with the URL to probe on each and the answer that proves the
 * route. Sources: FACTS.md §1–§2 and Microsoft's MDE connectivity test lists (the probe paths and statuses its
 * client analyzer and mde_tools use). All data lives here; core/net/catalog.ts only assembles it.
 */
export interface EndpointSpec {
  url: string;
  purpose: string;
  /** Statuses that prove the route; empty = any HTTP answer behind a pinned chain. */
  expectedStatus: number[];
  /** Roots its chain must end in; null for plain-HTTP endpoints (CRLs), which have no chain. */
  pins: PinFamily | null;
}

// ─── Defender for Identity ──────────────────────────────────────────────────────────────────────────

export const MDI_PING_PATH = '/tri/sensor/api/ping';

/** `<workspace>` + suffix is the sensor API host of a workspace. */
export const MDI_SENSOR_API_SUFFIX: Record<Cloud, string> = {
  commercial: 'sensorapi.atp.azure.com',
  gcc: 'sensorapi.gcc.atp.azure.com',
  'gcc-high': 'sensorapi.atp.azure.us',
};

export const MDI_PINS: Record<Cloud, PinFamily> = {
  commercial: 'mdi-commercial',
  gcc: 'mdi-commercial',
  'gcc-high': 'mdi-gcc-high',
};

export const MDI_SERVICE_TAG = 'AzureAdvancedThreatProtection';

// ─── certificate revocation and PKI (both products) ─────────────────────────────────────────────────

/** Lines of the allowlist for strict proxies (they are patterns, not URLs to probe). */
export const PKI_ALLOWLIST = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'];

/** Files Windows really fetches over plain HTTP to check chains (CRL / AIA / the root list). */
export const PKI_ENDPOINTS: EndpointSpec[] = [
  { url: 'http://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl', purpose: 'CRL of Microsoft Root Certificate Authority 2011', expectedStatus: [200], pins: null },
  { url: 'http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab', purpose: 'Windows trusted root list update', expectedStatus: [200], pins: null },
  { url: 'http://www.microsoft.com/pki/certs/MicRooCerAut2011_2011_03_22.crt', purpose: 'Microsoft Root Certificate Authority 2011 (AIA)', expectedStatus: [200], pins: null },
  { url: 'http://www.microsoft.com/pkiops/crl/Microsoft%20Azure%20RSA%20TLS%20Issuing%20CA%2007.crl', purpose: 'CRL of an Azure TLS issuing CA', expectedStatus: [200], pins: null },
];

// ─── Defender for Endpoint ──────────────────────────────────────────────────────────────────────────

export const MDE_SERVICE_TAGS = ['MicrosoftDefenderForEndpoint', 'OneDsCollector'];

interface GeoData {
  /** Storage accounts of Defender Antivirus (sample submission) in the geo. */
  avStorage: string[];
  /** EDR datacenters (edr-<dc> / winatp-gw-<dc>, automatedirstrprd<dc>). */
  edrDatacenters: string[];
  /** Cloud protection (MAPS) host label of the standard list. */
  mapsLabel: string;
}

export const MDE_GEOS: Record<Geo, GeoData> = {
  us: { avStorage: ['ussus1eastprod', 'ussus1westprod'], edrDatacenters: ['cus', 'eus', 'cus3', 'eus3'], mapsLabel: 'unitedstates' },
  eu: { avStorage: ['usseu1northprod', 'usseu1westprod'], edrDatacenters: ['weu', 'neu', 'weu3', 'neu3'], mapsLabel: 'europe' },
  uk: { avStorage: ['ussuk1southprod', 'ussuk1westprod'], edrDatacenters: ['uks', 'ukw'], mapsLabel: 'unitedkingdom' },
  au: { avStorage: ['ussau1eastprod', 'ussau1southeastprod'], edrDatacenters: ['aus', 'aue'], mapsLabel: 'australia' },
};

/** Streamlined connectivity: everything under `*.endpoint.security.microsoft.com`. */
export function mdeStreamlined(geo: Geo): EndpointSpec[] {
  const { avStorage, edrDatacenters } = MDE_GEOS[geo];
  const mdav = `https://mdav.${geo}.endpoint.security.microsoft.com`;
  return [
    { url: `${mdav}/mdav/test`, purpose: 'Defender Antivirus cloud protection', expectedStatus: [404], pins: 'mde' },
    ...avStorage.map((s): EndpointSpec => ({ url: `${mdav}/storage/${s}/`, purpose: 'Defender Antivirus sample submission storage', expectedStatus: [400], pins: 'mde' })),
    { url: `${mdav}/xplat/api/report`, purpose: 'Defender Antivirus reporting', expectedStatus: [200], pins: 'mde' },
    ...edrDatacenters.flatMap((dc): EndpointSpec[] => [
      { url: `https://edr-${dc}.${geo}.endpoint.security.microsoft.com/edr/commands/test`, purpose: 'EDR command and control', expectedStatus: [200], pins: 'mde' },
      { url: `https://edr-${dc}.${geo}.endpoint.security.microsoft.com/storage/automatedirstrprd${dc}/`, purpose: 'Automated investigation storage', expectedStatus: [400], pins: 'mde' },
    ]),
    { url: `https://${geo}-v20.events.endpoint.security.microsoft.com/`, purpose: 'EDR cyber data (events)', expectedStatus: [], pins: 'mde' },
  ];
}

/** The standard (older) list: MAPS, gateways, events and Azure storage accounts. */
export function mdeStandard(geo: Geo): EndpointSpec[] {
  const { avStorage, edrDatacenters, mapsLabel } = MDE_GEOS[geo];
  return [
    { url: `https://${mapsLabel}.cp.wd.microsoft.com/wdcp.svc/bond/submitReport/test`, purpose: 'Defender Antivirus cloud protection (MAPS)', expectedStatus: [404], pins: 'mde' },
    { url: `https://${mapsLabel}.x.cp.wd.microsoft.com/api/report`, purpose: 'Defender Antivirus reporting', expectedStatus: [200], pins: 'public' },
    ...avStorage.map((s): EndpointSpec => ({ url: `https://${s}.blob.core.windows.net/`, purpose: 'Defender Antivirus sample submission storage', expectedStatus: [400], pins: 'public' })),
    ...edrDatacenters.map((dc): EndpointSpec => ({ url: `https://winatp-gw-${dc}.microsoft.com/commands/test`, purpose: 'EDR command and control', expectedStatus: [200], pins: 'mde' })),
    ...edrDatacenters.map((dc): EndpointSpec => ({ url: `https://automatedirstrprd${dc}.blob.core.windows.net/`, purpose: 'Automated investigation storage', expectedStatus: [400], pins: 'public' })),
    { url: `https://${geo}-v20.events.data.microsoft.com/`, purpose: 'EDR cyber data (events)', expectedStatus: [], pins: 'public' },
  ];
}
