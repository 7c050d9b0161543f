import type { CatalogList, Cloud, Geo, UsGovCloud } from '../../protocol';
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
  /**
   * False where the documents call the URL recommended or optional, or needed only by some systems (`condition`
   * says which): a failing probe of it is a warning, not a failed test. Default true.
   */
  required?: boolean;
  /** When the URL is needed, in the documents' words; absent for a URL every sensor needs. */
  condition?: string;
  /** The list it belongs to (default: the product's own list). */
  list?: CatalogList;
  /** False for an allowlist line that is no URL to probe: a wildcard, or the portal an admin's browser opens. Default true. */
  probe?: boolean;
}

// ─── Defender for Identity ──────────────────────────────────────────────────────────────────────────

export const MDI_PING_PATH = '/tri/sensor/api/ping';

/** `<workspace>` + suffix is the sensor API host of a workspace. */
export const MDI_SENSOR_API_SUFFIX: Record<Cloud, string> = {
  commercial: 'sensorapi.atp.azure.com',
  gcc: 'sensorapi.gcc.atp.azure.com',
  'gcc-high': 'sensorapi.atp.azure.us',
  // DoD workspaces live beside GCC High's (FACTS.md §1: "GCC High / DoD <ws>sensorapi.atp.azure.us").
  dod: 'sensorapi.atp.azure.us',
};

/** `<workspace>` + suffix is the MDI portal of a workspace (000: "<your-instance-name>.atp.azure.com – for console connectivity"). */
export const MDI_CONSOLE_SUFFIX: Record<Cloud, string> = {
  commercial: '.atp.azure.com',
  gcc: '.gcc.atp.azure.com',
  'gcc-high': '.atp.azure.us',
  dod: '.atp.azure.us',
};

export const MDI_PINS: Record<Cloud, PinFamily> = {
  commercial: 'mdi-commercial',
  gcc: 'mdi-commercial',
  'gcc-high': 'mdi-gcc-high',
  dod: 'mdi-gcc-high',
};

export const MDI_SERVICE_TAG = 'AzureAdvancedThreatProtection';

// ─── certificate revocation and PKI (both products) ─────────────────────────────────────────────────

/** Lines of the allowlist for strict proxies (they are patterns, not URLs to probe). */
export const PKI_ALLOWLIST = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'];

/**
 * Files Windows really fetches over plain HTTP to check chains (CRL / AIA / the root list). The MDE lists call
 * them required; for MDI they are recommended only (001: "If your proxy or firewall uses explicit allowlists,
 * we also recommend ensuring that the following URLs are allowed"): see MDI_PKI_ENDPOINTS.
 */
export const PKI_ENDPOINTS: EndpointSpec[] = [
  {
    url: 'http://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl',
    purpose: 'CRL of Microsoft Root Certificate Authority 2011',
    expectedStatus: [200],
    pins: null,
  },
  {
    url: 'http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab',
    purpose: 'Windows trusted root list update',
    expectedStatus: [200],
    pins: null,
  },
  {
    url: 'http://www.microsoft.com/pki/certs/MicRooCerAut2011_2011_03_22.crt',
    purpose: 'Microsoft Root Certificate Authority 2011 (AIA)',
    expectedStatus: [200],
    pins: null,
  },
  {
    url: 'http://www.microsoft.com/pkiops/crl/Microsoft%20Azure%20RSA%20TLS%20Issuing%20CA%2007.crl',
    purpose: 'CRL of an Azure TLS issuing CA',
    expectedStatus: [200],
    pins: null,
  },
].map((spec): EndpointSpec => ({ ...spec, list: 'pki' }));

export const MDI_PKI_CONDITION = 'recommended when the proxy or firewall uses explicit allowlists (001)';

export const MDI_PKI_ENDPOINTS: EndpointSpec[] = PKI_ENDPOINTS.map((spec) => ({ ...spec, required: false, condition: MDI_PKI_CONDITION }));

// ─── Defender for Endpoint ──────────────────────────────────────────────────────────────────────────

export const MDE_SERVICE_TAGS = ['MicrosoftDefenderForEndpoint', 'OneDsCollector'];

/**
 * One commercial data location. us/eu/uk/au come from Microsoft's MDE URL lists and the probe lists of its
 * client analyzer and mde_tools; ch and in from Defender Antivirus's own cloud tables (its MAPSURL_CH/IN and
 * MAPSURL_GW_CH/IN entries: MAPS, x.cp reporting and sample storage). Microsoft's lists give no EDR gateway or
 * events host for ch and in: a machine's onboarding blob names its own (see onboarding.ts).
 */
interface GeoData {
  /** Storage accounts of Defender Antivirus (sample submission) in the geo. */
  avStorage: string[];
  /** EDR datacenters (edr-<dc> / winatp-gw-<dc>, automatedirstrprd<dc>); empty where the lists name none. */
  edrDatacenters: string[];
  /** Cloud protection (MAPS) host label of the standard list. */
  mapsLabel: string;
  /** Label of the streamlined `mdav.<label>.endpoint.security.microsoft.com` host (India's is `ina`, not `in`). */
  mdavLabel: string;
  /** `<label>-v20.events…` host of EDR cyber data; null where the lists name none. */
  eventsLabel: string | null;
}

export const MDE_GEOS: Record<Geo, GeoData> = {
  us: {
    avStorage: ['ussus1eastprod', 'ussus1westprod'],
    edrDatacenters: ['cus', 'eus', 'cus3', 'eus3'],
    mapsLabel: 'unitedstates',
    mdavLabel: 'us',
    eventsLabel: 'us',
  },
  eu: {
    avStorage: ['usseu1northprod', 'usseu1westprod'],
    edrDatacenters: ['weu', 'neu', 'weu3', 'neu3'],
    mapsLabel: 'europe',
    mdavLabel: 'eu',
    eventsLabel: 'eu',
  },
  uk: {
    avStorage: ['ussuk1southprod', 'ussuk1westprod'],
    edrDatacenters: ['uks', 'ukw'],
    mapsLabel: 'unitedkingdom',
    mdavLabel: 'uk',
    eventsLabel: 'uk',
  },
  au: {
    avStorage: ['ussau1eastprod', 'ussau1southeastprod'],
    edrDatacenters: ['aus', 'aue'],
    mapsLabel: 'australia',
    mdavLabel: 'au',
    eventsLabel: 'au',
  },
  ch: {
    avStorage: ['ussch1northprod', 'ussch1westprod'],
    edrDatacenters: [],
    mapsLabel: 'switzerland',
    mdavLabel: 'ch',
    eventsLabel: null,
  },
  in: { avStorage: ['ussin1southprod', 'ussin1centralprod'], edrDatacenters: [], mapsLabel: 'india', mdavLabel: 'ina', eventsLabel: null },
};

/** Marks each spec with its list, unless it names its own (the shared optional ones do). */
function inList(list: CatalogList, specs: EndpointSpec[]): EndpointSpec[] {
  return specs.map((spec) => ({ list, ...spec }));
}

/** The `x.cp` reporting endpoints serve Defender on macOS and Linux; the commercial list leaves the Windows column empty. */
const XPLAT_ONLY = { required: false, condition: 'only for Defender on macOS and Linux' };

/** settings-win: 002 "only needed if you have Windows devices running version 1803 or earlier". */
export const MDE_PRE_1803: EndpointSpec = {
  url: 'https://settings-win.data.microsoft.com/qos',
  purpose: 'Connected User Experiences and Telemetry settings (older Windows)',
  expectedStatus: [],
  pins: 'public',
  required: false,
  condition: 'only for Windows 10 version 1803 or earlier (002)',
  list: 'mde-windows-1803-or-earlier',
};

/** The streamlined wildcard every streamlined device needs (configure-device-connectivity): an allowlist line. */
function streamlinedWildcard(domain: string): EndpointSpec {
  return {
    url: `https://*.${domain}/`,
    purpose: 'Streamlined connectivity: every consolidated Defender for Endpoint service',
    expectedStatus: [],
    pins: 'mde',
    probe: false,
  };
}

/** Streamlined connectivity: everything under `*.endpoint.security.microsoft.com`. */
export function mdeStreamlined(geo: Geo): EndpointSpec[] {
  const { avStorage, edrDatacenters, mdavLabel, eventsLabel } = MDE_GEOS[geo];
  const mdav = `https://mdav.${mdavLabel}.endpoint.security.microsoft.com`;
  return inList('mde-streamlined', [
    { url: `${mdav}/mdav/test`, purpose: 'Defender Antivirus cloud protection', expectedStatus: [404], pins: 'mde' },
    ...avStorage.map(
      (s): EndpointSpec => ({
        url: `${mdav}/storage/${s}/`,
        purpose: 'Defender Antivirus sample submission storage',
        expectedStatus: [400],
        pins: 'mde',
      }),
    ),
    { url: `${mdav}/xplat/api/report`, purpose: 'Defender Antivirus reporting', expectedStatus: [200], pins: 'mde', ...XPLAT_ONLY },
    ...edrDatacenters.flatMap((dc): EndpointSpec[] => [
      {
        url: `https://edr-${dc}.${geo}.endpoint.security.microsoft.com/edr/commands/test`,
        purpose: 'EDR command and control',
        expectedStatus: [200],
        pins: 'mde',
      },
      {
        url: `https://edr-${dc}.${geo}.endpoint.security.microsoft.com/storage/automatedirstrprd${dc}/`,
        purpose: 'Automated investigation storage',
        expectedStatus: [400],
        pins: 'mde',
      },
    ]),
    ...(eventsLabel
      ? [
          {
            url: `https://${eventsLabel}-v20.events.endpoint.security.microsoft.com/`,
            purpose: 'EDR cyber data (events)',
            expectedStatus: [],
            pins: 'mde',
          } satisfies EndpointSpec,
        ]
      : []),
    streamlinedWildcard('endpoint.security.microsoft.com'),
    MDE_PRE_1803,
  ]);
}

/**
 * The down-level list (002, "Microsoft Monitoring Agent (MMA) – proxy and firewall requirements for older
 * versions of Windows"): wildcards to allow, optional, for the MMA-based sensor only.
 */
export function mdeMma(suffix: 'azure.com' | 'azure.us'): EndpointSpec[] {
  const blob = suffix === 'azure.us' ? 'blob.core.usgovcloudapi.net' : 'blob.core.windows.net';
  const automation = suffix === 'azure.us' ? 'azure-automation.us' : 'azure-automation.net';
  return [`*.ods.opinsights.${suffix}`, `*.oms.opinsights.${suffix}`, `*.${blob}`, `*.${automation}`].map((host) => ({
    url: `https://${host}/`,
    purpose: 'Microsoft Monitoring Agent (down-level sensor)',
    expectedStatus: [],
    pins: 'public',
    required: false,
    condition: 'only for Windows 7 SP1, 8.1, Server 2008 R2, and Server 2012 R2 or 2016 onboarded with the MMA (002)',
    list: 'mde-mma',
    probe: false,
  }));
}

/** The standard (older) list: MAPS, gateways, events and Azure storage accounts. */
export function mdeStandard(geo: Geo): EndpointSpec[] {
  const { avStorage, edrDatacenters, mapsLabel, eventsLabel } = MDE_GEOS[geo];
  return inList('mde-standard', [
    {
      url: `https://${mapsLabel}.cp.wd.microsoft.com/wdcp.svc/bond/submitReport/test`,
      purpose: 'Defender Antivirus cloud protection (MAPS)',
      expectedStatus: [404],
      pins: 'mde',
    },
    {
      url: `https://${mapsLabel}.x.cp.wd.microsoft.com/api/report`,
      purpose: 'Defender Antivirus reporting',
      expectedStatus: [200],
      pins: 'public',
      ...XPLAT_ONLY,
    },
    ...avStorage.map(
      (s): EndpointSpec => ({
        url: `https://${s}.blob.core.windows.net/`,
        purpose: 'Defender Antivirus sample submission storage',
        expectedStatus: [400],
        pins: 'public',
      }),
    ),
    ...edrDatacenters.map(
      (dc): EndpointSpec => ({
        url: `https://winatp-gw-${dc}.microsoft.com/commands/test`,
        purpose: 'EDR command and control',
        expectedStatus: [200],
        pins: 'mde',
      }),
    ),
    ...edrDatacenters.map(
      (dc): EndpointSpec => ({
        url: `https://automatedirstrprd${dc}.blob.core.windows.net/`,
        purpose: 'Automated investigation storage',
        expectedStatus: [400],
        pins: 'public',
      }),
    ),
    ...(eventsLabel
      ? [
          {
            url: `https://${eventsLabel}-v20.events.data.microsoft.com/`,
            purpose: 'EDR cyber data (events)',
            expectedStatus: [],
            pins: 'public',
          } satisfies EndpointSpec,
        ]
      : []),
    MDE_PRE_1803,
    ...mdeMma('azure.com'),
  ]);
}

/**
 * The US Government clouds (Microsoft's "standard connectivity URLs – US government" list): MAPS and x.cp under
 * `microsoft.us` (GCC unitedstates4, GCC High unitedstates1, DoD unitedstates2, as Defender's own tables name
 * them too), gateways, Azure Government storage, and the shared us4-v20 events host.
 */
interface UsGovData {
  mapsLabel: string;
  gateways: string[];
  autoIrStorage: string[];
  avStorage: string[];
}

export const MDE_US_GOV: Record<UsGovCloud, UsGovData> = {
  gcc: {
    mapsLabel: 'unitedstates4',
    gateways: ['usmt', 'usmv'],
    autoIrStorage: ['automatedirstrfmusmt', 'automatedirstrfmusmv'],
    avStorage: ['ussusg1virginiaff4', 'ussusg1texasff4'],
  },
  'gcc-high': {
    mapsLabel: 'unitedstates1',
    gateways: ['usgt'],
    autoIrStorage: ['automatedirstrffusgv'],
    avStorage: ['ussusg1virginiaff0', 'ussusg1texasff0'],
  },
  dod: {
    mapsLabel: 'unitedstates2',
    gateways: ['usgt', 'usgv'],
    autoIrStorage: ['automatedirstrffusgt', 'automatedirstrffusgv'],
    avStorage: ['ussusd1centralff5', 'ussusd1eastff5'],
  },
};

export function mdeUsGovStandard(cloud: UsGovCloud): EndpointSpec[] {
  const { mapsLabel, gateways, autoIrStorage, avStorage } = MDE_US_GOV[cloud];
  const blob = (account: string) => `https://${account}.blob.core.usgovcloudapi.net/`;
  return inList('mde-standard', [
    {
      url: `https://${mapsLabel}.cp.wd.microsoft.us/wdcp.svc/bond/submitReport/test`,
      purpose: 'Defender Antivirus cloud protection (MAPS)',
      expectedStatus: [404],
      pins: 'mde',
    },
    {
      url: `https://${mapsLabel}.x.cp.wd.microsoft.us/api/report`,
      purpose: 'Defender Antivirus reporting',
      expectedStatus: [200],
      pins: 'public',
    },
    ...avStorage.map(
      (s): EndpointSpec => ({
        url: blob(s),
        purpose: 'Defender Antivirus sample submission storage',
        expectedStatus: [400],
        pins: 'public',
      }),
    ),
    ...gateways.map(
      (dc): EndpointSpec => ({
        url: `https://winatp-gw-${dc}.microsoft.com/commands/test`,
        purpose: 'EDR command and control',
        expectedStatus: [200],
        pins: 'mde',
      }),
    ),
    ...autoIrStorage.map(
      (s): EndpointSpec => ({ url: blob(s), purpose: 'Automated investigation storage', expectedStatus: [400], pins: 'public' }),
    ),
    { url: 'https://us4-v20.events.data.microsoft.com/', purpose: 'EDR cyber data (events)', expectedStatus: [], pins: 'public' },
    MDE_PRE_1803,
    ...mdeMma('azure.us'),
  ]);
}

/**
 * Streamlined US Government: Microsoft's list gives only the consolidated wildcard `*.endpoint.security.microsoft.us`
 * (no per-service hosts), so there is nothing to probe but what a machine's onboarding blob names.
 */
export function mdeUsGovStreamlined(): EndpointSpec[] {
  return inList('mde-streamlined', [streamlinedWildcard('endpoint.security.microsoft.us'), MDE_PRE_1803]);
}
