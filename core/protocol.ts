/**
 * The public contract of `defenderproxy`: one request type and one result type per command.
 * Fields may be added, never renamed. `npm run schema` turns this file into schema/defenderproxy.schema.json,
 * against which every request is validated before anything happens.
 */

// ─── shared vocabulary ──────────────────────────────────────────────────────────────────────────────

/** A place where a Defender proxy setting lives. */
export type StoreName = 'mdi-sensor' | 'wininet' | 'winhttp' | 'mde-telemetry' | 'defender-av';

/** Shorthand: `mdi` = mdi-sensor + wininet (+ the MDE values on a v3 sensor); `mde` = winhttp + mde-telemetry + defender-av. */
export type Product = 'mdi' | 'mde';

/** The accounts whose WinINet settings matter to the MDI sensor. */
export type WininetAccount = 'CurrentUser' | 'LocalSystem' | 'LocalService';

/** How an MDI proxy is (or is to be) configured. */
export type MdiMethod = 'sensor' | 'wininet' | 'mde-values';

/** `auto`: change the proxy the way it was first set; refuses an ambiguous machine. */
export type MethodChoice = 'auto' | MdiMethod;

/** Sovereign cloud of an MDI workspace. */
export type Cloud = 'commercial' | 'gcc' | 'gcc-high';

/** Geography of an MDE tenant's data. */
export type Geo = 'us' | 'eu' | 'uk' | 'au';

/** MDE URL list flavour: the streamlined `*.endpoint.security.microsoft.com` list or the older standard one. */
export type UrlList = 'streamlined' | 'standard';

/** A route a probe takes: a store's configured proxy, a PAC file, direct, an explicit proxy, or what the sensor really uses. */
export type Route = 'sensor' | 'direct' | 'explicit' | 'pac' | StoreName;

/**
 * How the live Windows machine is reached: `native` (the Win32 API in-process: no child process, exact error
 * codes) or `reg.exe` (reg.exe, sc.exe, tasklist: the fallback). Without it: native, else reg.exe with a
 * warning; the environment variable DEFENDERPROXY_WINDOWS_HOST sets the same. Ignored for a machine image.
 */
export type WindowsHostChoice = 'native' | 'reg.exe';

/** A DSC instance's machine: an image, or the live machine (its host chosen by DEFENDERPROXY_WINDOWS_HOST). */
export interface ImageTarget {
  /**
   * Folder of an offline machine image. Without it the live machine is used (Windows only).
   * @example "examples/dc01"
   */
  machine?: string;
}

export interface MachineTarget extends ImageTarget {
  /** Force the native or the reg.exe Windows host (see WindowsHostChoice). */
  windowsHost?: WindowsHostChoice;
}

/** A proxy as a request gives it. */
export interface Proxy {
  /**
   * Full proxy URL, e.g. `http://proxy.contoso.com:8080`; a bare `host:port` is read as http.
   * @example "http://proxy.contoso.com:8080"
   */
  url?: string;
  /**
   * `host:port` or a per-scheme list `http=a:80;https=b:443` (WinINet / WinHTTP syntax).
   * @example "proxy.contoso.com:8080"
   */
  server?: string;
  /**
   * Hosts that bypass the proxy; `<local>` stands for names without a dot.
   * @example ["<local>", "*.contoso.com"]
   */
  bypass?: string[];
  /**
   * URL of a proxy auto-config (PAC) file.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: string;
  /**
   * Proxy user in `DOMAIN\user` form.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: string;
  /**
   * Proxy password: only ever on stdin, never echoed, logged or stored in clear (never a command-line flag).
   * @writeOnly
   */
  password?: string;
}

// ─── get ────────────────────────────────────────────────────────────────────────────────────────────

export interface GetRequest extends MachineTarget {
  /**
   * Read the stores of one product: `mdi` (sensor configuration, WinINet) or `mde` (WinHTTP, EDR telemetry, Defender Antivirus).
   * @example "mdi"
   */
  product?: Product;
  /**
   * Stores to read; all when neither `product` nor `stores` is given.
   * @example ["winhttp", "mde-telemetry"]
   */
  stores?: StoreName[];
}

/**
 * A registry key a store reads that exists but that the tool may not read (or Windows refused for another
 * reason): reported as such, never as an absent key. Only the native Windows host knows Windows' code; the
 * reg.exe host sees that the key exists (its parent lists it) but not why reg.exe failed.
 */
export interface UnreadableKey {
  key: string;
  /** Windows' error code, e.g. 5 (ERROR_ACCESS_DENIED); null when reg.exe could not say. */
  win32Error: number | null;
  /** Windows' error by name, e.g. `ERROR_ACCESS_DENIED (5)`, or what reg.exe showed. */
  error: string;
}

/** What was found for the MDI sensor's own configuration. */
export type MdiSensorStatus = 'configured' | 'no-proxy' | 'not-installed' | 'unreadable';

export interface MdiSensorEntry {
  store: 'mdi-sensor';
  status: MdiSensorStatus;
  /** `v2` (classic, SensorConfiguration.json) or `v3` (unified: proxy in the MDE values). */
  generation: 'v2' | 'v3' | null;
  sensorVersion: string | null;
  /** Windows path of the SensorConfiguration.json that the running service uses. */
  configurationPath: string | null;
  url: string | null;
  userName: string | null;
  hasPassword: boolean;
  /** Thumbprint of the certificate the stored password is encrypted with. */
  certificateThumbprint: string | null;
  /** Thumbprint of the sensor's secret-manager certificate (encrypts new passwords). */
  secretCertificateThumbprint: string | null;
  /** `host:port` of the workspace sensor API. */
  workspaceEndpoint: string | null;
  /** Why the configuration could not be read (status `unreadable`). */
  error: string | null;
  /** Keys of this entry that exist but could not be read (`get` then exits 2 with REGISTRY_KEY_UNREADABLE); [] normally. */
  unreadableKeys?: UnreadableKey[];
}

export interface WininetEntry {
  store: 'wininet';
  account: WininetAccount;
  /** `S-1-5-18` / `S-1-5-19`; null for CurrentUser. */
  sid: string | null;
  /** Registry value the entry was read from. */
  target: string;
  /** False when `DefaultConnectionSettings` does not exist for this account. */
  present: boolean;
  proxyEnabled: boolean;
  proxyServer: string | null;
  bypassList: string[];
  autoConfigUrl: string | null;
  autoDetect: boolean;
  /** Blob format version (0x46 current, 0x3C IE6) and change counter. */
  version: number | null;
  changeCounter: number | null;
  /** Why the value could not be decoded (`CODE: message` naming the offset); null when it could. */
  error?: string | null;
  /** Keys of this entry that exist but could not be read (`get` then exits 2 with REGISTRY_KEY_UNREADABLE); [] normally. */
  unreadableKeys?: UnreadableKey[];
}

export interface WinhttpEntry {
  store: 'winhttp';
  target: string;
  present: boolean;
  direct: boolean;
  proxyServer: string | null;
  bypassList: string[];
  /** Why the value could not be decoded (`CODE: message` naming the offset); null when it could. */
  error?: string | null;
  /** Keys of this entry that exist but could not be read (`get` then exits 2 with REGISTRY_KEY_UNREADABLE); [] normally. */
  unreadableKeys?: UnreadableKey[];
}

export interface MdeTelemetryEntry {
  store: 'mde-telemetry';
  proxyServer: string | null;
  disableEnterpriseAuthProxy: boolean | null;
  preferStaticProxyForHttpRequest: boolean | null;
  /** Keys of this entry that exist but could not be read (`get` then exits 2 with REGISTRY_KEY_UNREADABLE); [] normally. */
  unreadableKeys?: UnreadableKey[];
}

export interface DefenderAvEntry {
  store: 'defender-av';
  proxyServer: string | null;
  proxyPacUrl: string | null;
  proxyBypass: string[] | null;
  /** Keys of this entry that exist but could not be read (`get` then exits 2 with REGISTRY_KEY_UNREADABLE); [] normally. */
  unreadableKeys?: UnreadableKey[];
}

export type StoreEntry = MdiSensorEntry | WininetEntry | WinhttpEntry | MdeTelemetryEntry | DefenderAvEntry;

/** How the MDI sensor's proxy is configured, and what disagrees. */
export interface MdiSummary {
  /** `none`: no proxy anywhere the sensor looks (direct, transparent proxy or WPAD). */
  method: MdiMethod | 'none';
  /** Every method found configured, in order of precedence. */
  methodsFound: MdiMethod[];
  /** The proxy URL the sensor will use, or null for direct. */
  effectiveProxy: string | null;
  /** Sentences an admin acts on. */
  conflicts: string[];
  /** The same, for scripts: each with a stable code and the stores involved (`message` is the sentence in `conflicts`). */
  issues: MdiIssue[];
}

/** One disagreement between the places a proxy lives, or a value the sensor cannot use. */
export interface MdiIssue {
  code: MdiIssueCode;
  message: string;
  stores: StoreName[];
}

export type MdiIssueCode =
  | 'WININET_UNDECODABLE'
  | 'WINHTTP_UNDECODABLE'
  | 'SENSOR_WININET_DIFFER'
  | 'SENSOR_WININET_TWICE'
  | 'WININET_ACCOUNTS_DIFFER'
  | 'WININET_NOT_COPIED'
  | 'WININET_NO_HTTPS_ENTRY'
  | 'WININET_PAC'
  | 'WINHTTP_NOT_USED_BY_SENSOR'
  | 'DEFENDER_AV_SCHEME_MISSING'
  | 'TELEMETRY_PROXY_MALFORMED'
  | 'TELEMETRY_AUTH_NOT_DISABLED'
  | 'SENSOR_CREDENTIALS_SHARED_PROXY'
  | 'MDE_VALUES_DISAGREE';

export interface GetResult {
  stores: StoreEntry[];
  mdi?: MdiSummary;
}

// ─── plan / set / clear / restore ───────────────────────────────────────────────────────────────────

export interface ChangeRequest extends MachineTarget {
  /**
   * One store to change.
   * @example "mde-telemetry"
   */
  store?: StoreName;
  /**
   * Several stores to change (e.g. the MDE components).
   * @example ["winhttp", "defender-av"]
   */
  stores?: StoreName[];
  /**
   * Change every store of a product: `mdi` (the method in use) or `mde` (WinHTTP, EDR telemetry and Defender Antivirus).
   * @example "mde"
   */
  product?: Product;
  /**
   * For MDI: which method to change; `auto` (the default) keeps the method already in use.
   * @example "sensor"
   */
  method?: MethodChoice;
  /** The proxy to set. Omit with `clear: true`. */
  proxy?: Proxy;
  /** Remove the proxy instead of setting one. */
  clear?: boolean;
  /** WinINet: copy CurrentUser's DefaultConnectionSettings to LocalSystem and LocalService (the documented procedure). */
  copyFromCurrentUser?: boolean;
  /**
   * How long to wait for AATPSensor to run again after a change, in milliseconds (default 60000).
   * @example 120000
   */
  serviceTimeoutMs?: number;
}

export type PlanRequest = ChangeRequest;
export type SetRequest = ChangeRequest;

export interface ClearRequest extends MachineTarget {
  /**
   * One store to clear.
   * @example "winhttp"
   */
  store?: StoreName;
  /**
   * Several stores to clear.
   * @example ["winhttp", "defender-av"]
   */
  stores?: StoreName[];
  /**
   * Clear every store of a product: `mdi` (the method in use) or `mde` (WinHTTP, EDR telemetry and Defender Antivirus).
   * @example "mdi"
   */
  product?: Product;
  /**
   * For MDI: which method to clear; `auto` (the default) clears the method in use.
   * @example "wininet"
   */
  method?: MethodChoice;
  /**
   * How long to wait for AATPSensor to run again after a change, in milliseconds (default 60000).
   * @example 120000
   */
  serviceTimeoutMs?: number;
}

/** One value or file that a change touches. Secrets appear only as `<encrypted>`. */
export interface Change {
  store: StoreName;
  /** `HKEY_...\Key\Value` or a Windows file path. */
  target: string;
  before: string | null;
  after: string | null;
}

export interface PlanResult {
  changed: boolean;
  changes: Change[];
  /** For MDI changes: the method the change goes through (what `auto` chose). */
  method?: MdiMethod | null;
}

export interface SetResult {
  changed: boolean;
  changes: Change[];
  /** Id of the backup taken before writing (for `restore`); null when nothing was written. */
  backup: string | null;
  /** Folder of that backup (registry.reg can also be imported by hand); null when nothing was written. */
  backupPath?: string | null;
  /** Services stopped and started to apply the change. */
  restartedServices: string[];
  /** For MDI changes: the method the change went through (what `auto` chose). */
  method?: MdiMethod | null;
}

export interface RestoreRequest extends MachineTarget {
  /**
   * Backup id as listed by `backup`.
   * @example "20261123T101500123Z-a1b2c3"
   */
  backup: string;
}

export interface BackupRequest extends MachineTarget {
  /**
   * What to do with the backups: `list` them (restore one with the `restore` command).
   * @example "list"
   */
  action: 'list';
}

export interface BackupInfo {
  id: string;
  created: string;
  /** Registry keys and files the backup holds. */
  targets: string[];
  /** What made the backup: set, clear, restore. */
  reason: string;
}

export interface BackupResult {
  /** Newest first. */
  backups: BackupInfo[];
}

// ─── test / catalog ─────────────────────────────────────────────────────────────────────────────────

export interface TestRequest extends MachineTarget {
  /**
   * Whose URLs to test: `mdi` (the workspace's sensor API) or `mde` (the service URLs of the tenant's geography).
   * @example "mdi"
   */
  product: Product;
  /**
   * MDI workspace name (`contoso-corp` → `contoso-corpsensorapi.atp.azure.com`); read from the sensor when omitted.
   * @example "contoso-corp"
   */
  workspace?: string;
  /**
   * Sovereign cloud of the MDI workspace (default `commercial`).
   * @example "gcc"
   */
  cloud?: Cloud;
  /**
   * MDE geography for the URL catalog.
   * @example "eu"
   */
  geo?: Geo;
  /**
   * MDE URL list: `streamlined` (`*.endpoint.security.microsoft.com`, the default) or the older `standard` one.
   * @example "standard"
   */
  list?: UrlList;
  /**
   * Test this one URL instead of the catalog's targets.
   * @example "https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping"
   */
  url?: string;
  /**
   * Test these URLs instead of the catalog's targets, each as `url` would be (e.g. a site's own list of hosts).
   * @example ["https://crl.microsoft.com", "https://www.microsoft.com/pkiops/"]
   */
  urls?: string[];
  /**
   * Routes to try each URL through: `sensor` (what the sensor really uses; the default), `direct`, `explicit` (the request's proxy; the default when one is given), `pac`, or a store's configured proxy.
   * @example ["explicit", "direct"]
   */
  routes?: Route[];
  /** The proxy of the `explicit` route, with its credentials if it needs them. */
  proxy?: Proxy;
  /**
   * Host name → IP address, like curl --resolve.
   * @example {"contoso-corpsensorapi.atp.azure.com": "127.0.0.1"}
   */
  resolve?: { [host: string]: string };
  /** PEM certificates accepted as roots instead of the pinned Microsoft/DigiCert roots. */
  trustedRoots?: string[];
  /**
   * Per-probe timeout in milliseconds (default 10000).
   * @example 5000
   */
  timeoutMs?: number;
  /**
   * Write a self-contained HTML report here.
   * @example "mdi-test.html"
   */
  reportPath?: string;
  /**
   * Probes in flight at once (default 200: no more connections than that to one proxy at once).
   * @example 16
   */
  concurrency?: number;
  /**
   * With `url` or `urls`: the HTTP statuses that prove the route (default: the catalog's for a known URL, else any 2xx/3xx).
   * @example [200, 404]
   */
  expectedStatus?: number[];
}

export type ProbeStage = 'route' | 'resolve' | 'connect' | 'proxy' | 'tls' | 'http' | 'done';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  sha1: string;
}

export interface ProbeTimings {
  resolveMs?: number;
  connectMs?: number;
  proxyMs?: number;
  tlsMs?: number;
  httpMs?: number;
}

export interface Probe {
  url: string;
  route: Route;
  /** The proxy the route used, or null for direct. */
  proxy: string | null;
  verdict: 'pass' | 'fail';
  /** The stage reached (`done` on a pass) or the stage that broke. */
  stage: ProbeStage;
  /** Stable code, e.g. `OK`, `DNS_FAILED`, `PROXY_AUTH_REQUIRED`, `TLS_INTERCEPTED`. */
  code: string;
  httpStatus: number | null;
  intercepted: boolean;
  chain: CertificateInfo[];
  elapsedMs: number;
  timings: ProbeTimings;
  /** One sentence telling the admin what to do. */
  advice: string;
  /** The raw reason behind `code` (error text, the proxy's status line, the chain's end), for the admin. */
  detail?: string;
  /** The address connected to: the service's (direct) or the proxy's; null when the probe did not get that far. */
  address?: string | null;
}

export interface TestResult {
  passed: boolean;
  probes: Probe[];
  reportPath: string | null;
  /** Wall time of the whole sweep: about the slowest probe, since probes run in parallel. */
  elapsedMs?: number;
}

export interface CatalogRequest {
  /**
   * Whose URLs to list: `mdi` (the workspace's sensor API and the certificate checks) or `mde` (the geography's service URLs).
   * @example "mde"
   */
  product: Product;
  /**
   * MDI workspace name (`contoso-corp` → `contoso-corpsensorapi.atp.azure.com`).
   * @example "contoso-corp"
   */
  workspace?: string;
  /**
   * Sovereign cloud of the MDI workspace (default `commercial`).
   * @example "gcc-high"
   */
  cloud?: Cloud;
  /**
   * MDE geography of the tenant's data.
   * @example "eu"
   */
  geo?: Geo;
  /**
   * MDE URL list: `streamlined` (the default) or the older `standard` one.
   * @example "standard"
   */
  list?: UrlList;
  /**
   * A downloaded "Azure IP Ranges and Service Tags" JSON file.
   * @example "ServiceTags_Public_20261116.json"
   */
  serviceTagsFile?: string;
  /**
   * Host name → IP address for the service-tag match, like curl --resolve.
   * @example {"contoso-corpsensorapi.atp.azure.com": "20.190.151.7"}
   */
  resolve?: { [host: string]: string };
}

export interface CatalogUrl {
  url: string;
  host: string;
  purpose: string;
  /** HTTP statuses that mean the route works. */
  expectedStatus: number[];
}

export interface ServiceTagMatch {
  host: string;
  address: string;
  /** Service tags whose prefixes contain the address. */
  tags: string[];
  prefix: string | null;
}

export interface CatalogResult {
  urls: CatalogUrl[];
  /** The allowlist as plain text, one host or URL pattern a line. */
  text: string;
  serviceTags?: ServiceTagMatch[];
}

// ─── desired state ──────────────────────────────────────────────────────────────────────────────────

export interface DesiredMdi {
  /**
   * The proxy URL the sensor should use; null for none.
   * @example "http://proxy.contoso.com:8080"
   */
  proxyUrl: string | null;
  /**
   * The proxy user the sensor should authenticate as, in `DOMAIN\user` form.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: string;
  /**
   * The proxy password: only ever on stdin (never a command-line flag).
   * @writeOnly
   */
  password?: string;
  /**
   * How the proxy should be configured; `auto` accepts the method in use.
   * @example "sensor"
   */
  method?: MethodChoice;
}

export interface DesiredMde {
  /**
   * `host:port` for all components; null for none.
   * @example "proxy.contoso.com:8080"
   */
  proxyServer: string | null;
  /**
   * Hosts that should bypass the proxy.
   * @example ["<local>", "*.contoso.com"]
   */
  bypass?: string[];
  /**
   * The PAC URL Defender Antivirus should use.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: string;
  /**
   * The MDE stores to compare (all three by default).
   * @example ["winhttp", "mde-telemetry"]
   */
  components?: StoreName[];
}

export interface DesiredState {
  /** The desired MDI sensor proxy. */
  mdi?: DesiredMdi;
  /** The desired MDE proxy. */
  mde?: DesiredMde;
}

export interface CompareRequest extends MachineTarget {
  /** The state to compare the machine with. */
  desired: DesiredState;
}

export interface Difference {
  store: StoreName;
  field: string;
  actual: string | null;
  desired: string | null;
}

export interface CompareResult {
  inDesiredState: boolean;
  differences: Difference[];
}

// ─── compliance ─────────────────────────────────────────────────────────────────────────────────────

/** How `compliance` tests the route: the `test` command's fields; product and machine come from the request. */
export interface ComplianceConnectivity {
  /**
   * MDI workspace name (`contoso-corp` → `contoso-corpsensorapi.atp.azure.com`); read from the sensor when omitted.
   * @example "contoso-corp"
   */
  workspace?: string;
  /**
   * Sovereign cloud of the MDI workspace (default `commercial`).
   * @example "gcc"
   */
  cloud?: Cloud;
  /**
   * MDE geography whose service URLs are tested.
   * @example "eu"
   */
  geo?: Geo;
  /**
   * MDE URL list: `streamlined` (the default) or the older `standard` one.
   * @example "standard"
   */
  list?: UrlList;
  /**
   * Test this one URL instead of the catalog's targets.
   * @example "https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping"
   */
  url?: string;
  /**
   * Test these URLs instead of the catalog's targets.
   * @example ["https://crl.microsoft.com", "https://www.microsoft.com/pkiops/"]
   */
  urls?: string[];
  /**
   * Routes to try each URL through: `sensor` (what the sensor really uses; the default), `direct`, `pac`, or a store's configured proxy.
   * @example ["sensor", "direct"]
   */
  routes?: Route[];
  /** Credentials for the route (e.g. the password the sensor stores, when the caller decrypts it), or an explicit proxy. */
  proxy?: Proxy;
  /**
   * Host name → IP address, like curl --resolve.
   * @example {"contoso-corpsensorapi.atp.azure.com": "127.0.0.1"}
   */
  resolve?: { [host: string]: string };
  /** PEM certificates accepted as roots instead of the pinned Microsoft/DigiCert roots. */
  trustedRoots?: string[];
  /**
   * Per-probe timeout in milliseconds (default 10000).
   * @example 5000
   */
  timeoutMs?: number;
  /**
   * Probes in flight at once (default 128).
   * @example 16
   */
  concurrency?: number;
}

/**
 * One product's desired proxy, checked (and, with `repair`, put in place) the way the Intune and Configuration
 * Manager scripts need it: a status, a reason, one line and the exit code they end with.
 */
export interface ComplianceRequest extends MachineTarget {
  /** The desired state of exactly one product, as for `compare`. */
  desired: DesiredState;
  /** When the proxy is as desired, also test the route to the service (MDI: the workspace; MDE: its URLs). */
  testConnectivity?: boolean;
  /** How to test the route: the `test` command's fields. */
  connectivity?: ComplianceConnectivity;
  /** Put the desired state in place when it is not (as `set`: backed up first, rolled back on failure). */
  repair?: boolean;
  /**
   * With `repair`: how long to wait for AATPSensor to run again after an MDI change (default 60000).
   * @example 120000
   */
  serviceTimeoutMs?: number;
}

export type ComplianceStatus = 'compliant' | 'drift' | 'connectivity-failed' | 'error' | 'repaired' | 'already-compliant' | 'failed';

export interface ComplianceResult {
  product: Product;
  /** In the desired state (and reachable, when tested) once the command is done. */
  compliant: boolean;
  /** A check: compliant, drift, connectivity-failed or error. A repair: repaired, already-compliant or failed. */
  status: ComplianceStatus;
  /** Why not compliant, short (a Configuration Manager "NonCompliant: <reason>"); null when compliant. */
  reason: string | null;
  /** One line of at most 2000 characters for an agent's log (Intune shows the first 2048). */
  summary: string;
  /** What a detection or remediation script exits with: 0 compliant or repaired, 1 otherwise. */
  exitCode: 0 | 1;
  differences: Difference[];
  probes: Probe[];
  /** The error behind an `error` or `failed` status. */
  error: ErrorInfo | null;
  /** What a repair changed. */
  change: SetResult | null;
  /** The backup a repair took before changing anything (also when the repair then failed). */
  backup: string | null;
}

// ─── capture ────────────────────────────────────────────────────────────────────────────────────────

export interface CaptureRequest {
  /**
   * New folder to write the machine image into; must not exist.
   * @example "dc01-image"
   */
  output: string;
  /** Force the native or the reg.exe Windows host (see WindowsHostChoice). */
  windowsHost?: WindowsHostChoice;
}

export interface CaptureResult {
  image: string;
  registryKeys: string[];
  files: string[];
}

// ─── dsc ────────────────────────────────────────────────────────────────────────────────────────────

/** The MDE stores a DSC instance can name. */
export type MdeComponent = 'winhttp' | 'mde-telemetry' | 'defender-av';

/**
 * DSC v3 instance of `DefenderProxyTools/MDIProxy`: desired state on stdin, actual state on stdout.
 * Without a proxy (`_exist: false`) the sensor goes direct (or through a transparent proxy or WPAD).
 */
export interface MdiProxyInstance extends ImageTarget {
  /**
   * The proxy URL the sensor uses or should use; null for none.
   * @example "http://proxy.contoso.com:8080"
   */
  proxyUrl?: string | null;
  /**
   * Proxy user in `DOMAIN\user` form; null when the proxy needs none.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: string | null;
  /**
   * Desired state only, on stdin only: never returned.
   * @writeOnly
   */
  password?: string;
  /**
   * How the proxy is configured; in a desired state `auto` keeps the method in use. `none` is only returned.
   * @example "sensor"
   */
  method?: MethodChoice | 'none';
  /**
   * Returned: whether the sensor configuration holds an encrypted password.
   * @readOnly
   */
  hasPassword?: boolean;
  /** False: the sensor should have no proxy (direct, a transparent proxy or WPAD). */
  _exist?: boolean;
  /**
   * Returned by `test`: whether the machine is in the desired state.
   * @readOnly
   */
  _inDesiredState?: boolean | null;
}

/** DSC v3 instance of `DefenderProxyTools/MDEProxy`. */
export interface MdeProxyInstance extends ImageTarget {
  /**
   * `host:port` for every component; null for none.
   * @example "proxy.contoso.com:8080"
   */
  proxyServer?: string | null;
  /**
   * Hosts that bypass the proxy.
   * @example ["<local>", "*.contoso.com"]
   */
  bypassList?: string[];
  /**
   * PAC URL for Defender Antivirus; null for none.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: string | null;
  /**
   * The components to manage; all three by default, as Microsoft's documentation asks.
   * @example ["winhttp", "mde-telemetry"]
   */
  components?: MdeComponent[];
  /** False: no MDE component should have a proxy. */
  _exist?: boolean;
  /**
   * Returned by `test`: whether the machine is in the desired state.
   * @readOnly
   */
  _inDesiredState?: boolean | null;
}

/** `defenderproxy dsc <get|set|test|whatif> <MDIProxy|MDEProxy>`: the instance on stdin, the instance on stdout. */
export type DscRequest = MdiProxyInstance | MdeProxyInstance;
export type DscResult = MdiProxyInstance | MdeProxyInstance;

// ─── envelope ───────────────────────────────────────────────────────────────────────────────────────

export interface ErrorInfo {
  code: string;
  message: string;
  /** Path of the offending request field, e.g. `proxy.url`. */
  field?: string;
}

export interface ErrorResponse {
  ok: false;
  command: string;
  error: ErrorInfo;
  /** What is known despite the error: the backup a failed change took (and what it left), a test's probes. */
  result?: unknown;
}

export interface SuccessResponse<T> {
  ok: true;
  command: string;
  result: T;
}

/** Request type of each command, by name: the schema and the validator are generated from this map. */
export interface Requests {
  get: GetRequest;
  plan: PlanRequest;
  set: SetRequest;
  clear: ClearRequest;
  test: TestRequest;
  catalog: CatalogRequest;
  compare: CompareRequest;
  compliance: ComplianceRequest;
  backup: BackupRequest;
  restore: RestoreRequest;
  capture: CaptureRequest;
  dsc: DscRequest;
}

export interface Results {
  get: GetResult;
  plan: PlanResult;
  set: SetResult;
  clear: SetResult;
  test: TestResult;
  catalog: CatalogResult;
  compare: CompareResult;
  compliance: ComplianceResult;
  backup: BackupResult;
  restore: SetResult;
  capture: CaptureResult;
  dsc: DscResult;
}

export type CommandName = keyof Requests;
