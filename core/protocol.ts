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

/**
 * The accounts whose WinINet settings matter to the MDI sensor; `Machine` is the machine's own settings
 * (HKLM), which every account uses while the per-machine proxy policy is on.
 */
export type WininetAccount = 'CurrentUser' | 'LocalSystem' | 'LocalService' | 'Machine';

/** How an MDI proxy is (or is to be) configured. */
export type MdiMethod = 'sensor' | 'wininet' | 'mde-values';

/** `auto`: change the proxy the way it was first set; refuses an ambiguous machine. */
export type MethodChoice = 'auto' | MdiMethod;

/** Sovereign cloud of an MDI workspace or an MDE tenant (the US Government clouds have their own MDE lists). */
export type Cloud = 'commercial' | 'gcc' | 'gcc-high' | 'dod';

/** The US Government clouds. */
export type UsGovCloud = Exclude<Cloud, 'commercial'>;

/** Data location of a commercial MDE tenant: us, eu, uk, au, ch (Switzerland), in (India). */
export type Geo = 'us' | 'eu' | 'uk' | 'au' | 'ch' | 'in';

/**
 * The list a catalog URL belongs to: the MDI sensor's (`mdi-sensor`), the MDI portal (`mdi-console`), the
 * certificate revocation and root list hosts (`pki`), MDE streamlined or standard, MDE URLs only Windows 10 1803
 * or earlier needs (`mde-windows-1803-or-earlier`), the down-level MMA sensor's (`mde-mma`), or the machine's
 * own onboarding blob (`mde-onboarding`).
 */
export type CatalogList =
  | 'mdi-sensor'
  | 'mdi-console'
  | 'pki'
  | 'mde-streamlined'
  | 'mde-standard'
  | 'mde-windows-1803-or-earlier'
  | 'mde-mma'
  | 'mde-onboarding';

/** MDE URL list flavour: the streamlined `*.endpoint.security.microsoft.com` list or the older standard one. */
export type UrlList = 'streamlined' | 'standard';

/**
 * A route a probe takes: a store's configured proxy, a PAC file, direct, an explicit proxy, or what the sensor
 * really uses. `wininet` is LocalService's WinINet (the sensor's account); `wininet-localsystem` is LocalSystem's
 * (the sensor updater's, and what the documents test with a browser run as Local System).
 */
export type Route = 'sensor' | 'direct' | 'explicit' | 'pac' | StoreName | 'wininet-localsystem';

// ─── limits on request text and numbers (checked by the schema, before anything happens) ────────────
// Every string has a length limit and a character set, every number a range: a request cannot inject lines
// into -WhatIf output and logs, nor hand the tool megabytes of host name.

/**
 * A local file or folder path: no control characters.
 * @maxLength 4096
 * @pattern ^[^\u0000-\u001f\u007f]*$
 */
type LocalPath = string;

/**
 * A URL or proxy address as typed: no control characters (blanks are judged by the address parser).
 * @maxLength 2048
 * @pattern ^[^\u0000-\u001f\u007f]*$
 */
type AddressText = string;

/**
 * One bypass list entry (or a `;`-separated run of them).
 * @maxLength 2048
 * @pattern ^[^\u0000-\u001f\u007f]*$
 */
type BypassText = string;

/**
 * `DOMAIN\user`: no control characters, line breaks or bidirectional controls (they would rewrite the lines of
 * -WhatIf output and logs that show the name).
 * @maxLength 256
 * @pattern ^[^\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]*$
 */
type UserNameText = string;

/**
 * A password: never echoed; no NUL (Windows passwords cannot hold one).
 * @maxLength 256
 * @pattern ^[^\u0000]*$
 */
type PasswordText = string;

/**
 * An MDI workspace name: one DNS label.
 * @maxLength 63
 */
type WorkspaceText = string;

/**
 * A host name (resolve map key) or IP address text.
 * @maxLength 253
 * @pattern ^[^\u0000-\u0020\u007f]*$
 */
type HostText = string;

/**
 * A PEM certificate.
 * @maxLength 65536
 */
type PemText = string;

/**
 * A backup id as `backup` lists it (the restore command judges its form).
 * @maxLength 64
 */
type BackupId = string;

/**
 * Milliseconds to wait for a service: up to 30 min.
 * @asType integer
 * @minimum 1
 * @maximum 1800000
 */
type ServiceWaitMs = number;

/**
 * Milliseconds a probe may take: up to 10 min.
 * @asType integer
 * @minimum 1
 * @maximum 600000
 */
type ProbeTimeoutMs = number;

/**
 * Probes in flight at once.
 * @asType integer
 * @minimum 1
 * @maximum 4096
 */
type Concurrency = number;

/**
 * An HTTP status.
 * @asType integer
 * @minimum 100
 * @maximum 599
 */
type HttpStatus = number;

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
  machine?: LocalPath;
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
  url?: AddressText;
  /**
   * `host:port` or a per-scheme list `http=a:80;https=b:443` (WinINet / WinHTTP syntax).
   * @example "proxy.contoso.com:8080"
   */
  server?: AddressText;
  /**
   * Hosts that bypass the proxy; `<local>` stands for names without a dot.
   * @example ["<local>", "*.contoso.com"]
   * @maxItems 1000
   */
  bypass?: BypassText[];
  /**
   * URL of a proxy auto-config (PAC) file.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: AddressText;
  /**
   * Proxy user in `DOMAIN\user` form.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: UserNameText;
  /**
   * Proxy password: only ever on stdin, never echoed, logged or stored in clear (never a command-line flag).
   * @writeOnly
   */
  password?: PasswordText;
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
  /** Why the configuration's workspace endpoint (Address, Port) cannot be used; null when it can or is absent. */
  workspaceEndpointError?: string | null;
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
  /** Whether the automatic configuration script (PAC) flag is set: `autoConfigUrl` may be stored with it off. */
  autoConfigEnabled?: boolean;
  /** Strings stored with their flag off (`proxyServer`, `autoConfigUrl`): kept by Windows, not in effect. */
  notInEffect?: ('proxyServer' | 'autoConfigUrl')[];
  /** True while the policy "Make proxy settings per-machine (rather than per-user)" is on (ProxySettingsPerUser = 0). */
  perMachinePolicy?: boolean;
  /** True for an account's own settings while that policy makes every account use the machine's (`Machine`): not in effect. */
  overriddenByMachine?: boolean;
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
  /** Advice the documents give for the configuration in place (e.g. a DNS A record instead of an IP address, 000). */
  notes?: string[];
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
  | 'MDE_VALUES_DISAGREE'
  | 'WININET_STORED_NOT_IN_EFFECT'
  | 'WININET_PER_MACHINE';

/** What the MDE stores read say, whenever one of them is read: the values the EDR sensor or AV cannot use, and AV's notes. */
export interface MdeSummary {
  /** Sentences an admin acts on (the same as `issues[].message`). */
  conflicts: string[];
  issues: MdiIssue[];
  /** What the documents say of the values in place (002: AV's static proxy and updates, its proxy cache, https://). */
  notes: string[];
}

/**
 * A change cut short (killed, timed out, its console closed) before it ended: where each of its targets stands,
 * and the services it left stopped. The next set, clear or restore finishes its rollback.
 */
export interface InterruptedChange {
  started: string;
  /** What made the change: set, clear, restore <id>. */
  reason: string;
  /** The process that made it: `process <pid> on <host> since <time>`. */
  holder: string;
  /** The backup taken before it, and its folder. */
  backup: string;
  backupPath: string;
  /** Each target it was to write: `before` untouched, `after` written, `other` neither, `unreadable`. */
  targets: { store: StoreName; target: string; state: 'before' | 'after' | 'other' | 'unreadable' }[];
  /** Stores it changed (partly or wholly) and stores it did not reach: together, the stores it left mixed. */
  changedStores: StoreName[];
  unchangedStores: StoreName[];
  /** Services it stopped that are still not running. */
  stoppedServices: string[];
}

export interface GetResult {
  stores: StoreEntry[];
  mdi?: MdiSummary;
  /** With product mde, or any MDE store read (mde-telemetry, defender-av). */
  mde?: MdeSummary;
  /** Present when a change was cut short and its rollback is not finished yet. */
  interruptedChange?: InterruptedChange;
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
   * How long to wait for AATPSensor to run again after a change, in milliseconds (default 60000, at most 1800000).
   * @example 120000
   */
  serviceTimeoutMs?: ServiceWaitMs;
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
   * How long to wait for AATPSensor to run again after a change, in milliseconds (default 60000, at most 1800000).
   * @example 120000
   */
  serviceTimeoutMs?: ServiceWaitMs;
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
  /** What the documents warn of for this change (WinINet reaches every service account, WinHTTP is machine-wide, …). */
  warnings?: string[];
  /** For MDI changes: the method the change goes through (what `auto` chose). */
  method?: MdiMethod | null;
}

export interface SetResult {
  changed: boolean;
  changes: Change[];
  /** What the documents warn of for this change, as in `plan`. */
  warnings?: string[];
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
  backup: BackupId;
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
  workspace?: WorkspaceText;
  /**
   * Sovereign cloud of the MDI workspace (default `commercial`).
   * @example "gcc"
   */
  cloud?: Cloud;
  /**
   * MDE data location for the URL catalog; without it (and without a US Government `cloud`) the machine's onboarding blob names it.
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
  url?: AddressText;
  /**
   * Test these URLs instead of the catalog's targets, each as `url` would be (e.g. a site's own list of hosts).
   * @example ["https://crl.microsoft.com", "https://www.microsoft.com/pkiops/"]
   * @maxItems 1000
   */
  urls?: AddressText[];
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
   * @maxProperties 1000
   * @propertyNames {"maxLength": 253}
   */
  resolve?: { [host: string]: HostText };
  /**
   * PEM certificates accepted as roots instead of the pinned Microsoft/DigiCert roots.
   * @maxItems 32
   */
  trustedRoots?: PemText[];
  /**
   * Per-probe timeout in milliseconds (default 10000, at most 600000).
   * @example 5000
   */
  timeoutMs?: ProbeTimeoutMs;
  /**
   * Write a self-contained HTML report here.
   * @example "mdi-test.html"
   */
  reportPath?: LocalPath;
  /**
   * Probes in flight at once (default 200: no more connections than that to one proxy at once; at most 4096).
   * @example 16
   */
  concurrency?: Concurrency;
  /**
   * With `url` or `urls`: the HTTP statuses that prove the route (default: the catalog's for a known URL, else any 2xx/3xx).
   * @example [200, 404]
   * @maxItems 100
   */
  expectedStatus?: HttpStatus[];
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
  /**
   * False for a URL the documents call recommended or optional (e.g. MDI's PKI hosts, 001): its failure is a
   * warning, not a failed test. The probe's own verdict is unchanged.
   */
  required?: boolean;
  /** When a URL that is not required is needed, in the documents' words. */
  condition?: string;
  /** The proxies the route could not reach and went past (to the next PAC proxy, or direct as MDE does), in order. */
  fallbacks?: ProbeFallback[];
}

/** A proxy a probe could not reach and fell back from, and why. */
export interface ProbeFallback {
  /** `http://host:port` of the proxy. */
  proxy: string;
  /** What stopped it: DNS_FAILED (its name), PROXY_REFUSED, or TIMEOUT. */
  code: string;
  detail: string;
  /** Where the probe went instead: `direct` or the next proxy's URL. */
  to: string;
}

/** One URL across the routes a test asked for (the client analyzer's rule: one route that works is enough). */
export interface UrlVerdict {
  url: string;
  required: boolean;
  /** True when at least one route reached it. */
  reachable: boolean;
  /** The routes whose probe passed. */
  routes: Route[];
}

export interface TestResult {
  /** True when every required URL is reachable by at least one route asked for; recommended URLs only warn. */
  passed: boolean;
  probes: Probe[];
  /** With several routes: each URL once, reachable when any route passed. */
  urls?: UrlVerdict[];
  /** Sentences about recommended or optional URLs that no route reached (they do not fail the test). */
  warnings?: string[];
  reportPath: string | null;
  /** Wall time of the whole sweep: about the slowest probe, since probes run in parallel. */
  elapsedMs?: number;
}

/** With `machine` (or on the live Windows machine) an MDE catalog without `geo` or `cloud` follows the machine's onboarding blob. */
export interface CatalogRequest extends MachineTarget {
  /**
   * Whose URLs to list: `mdi` (the workspace's sensor API and the certificate checks) or `mde` (the geography's service URLs).
   * @example "mde"
   */
  product: Product;
  /**
   * MDI workspace name (`contoso-corp` → `contoso-corpsensorapi.atp.azure.com`).
   * @example "contoso-corp"
   */
  workspace?: WorkspaceText;
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
  serviceTagsFile?: LocalPath;
  /**
   * Host name → IP address for the service-tag match, like curl --resolve.
   * @example {"contoso-corpsensorapi.atp.azure.com": "20.190.151.7"}
   * @maxProperties 1000
   * @propertyNames {"maxLength": 253}
   */
  resolve?: { [host: string]: HostText };
}

export interface CatalogUrl {
  url: string;
  host: string;
  purpose: string;
  /** HTTP statuses that mean the route works. */
  expectedStatus: number[];
  /** False where the documents call it recommended or optional, or needed by some systems only (see `condition`). */
  required?: boolean;
  /** When it is needed, in the documents' words. */
  condition?: string;
  /** The list it belongs to. */
  list?: CatalogList;
  /** False for an allowlist line that `test` does not probe (a wildcard, the portal). */
  probed?: boolean;
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
  proxyUrl: AddressText | null;
  /**
   * The proxy user the sensor should authenticate as, in `DOMAIN\user` form.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: UserNameText;
  /**
   * The proxy password: only ever on stdin (never a command-line flag).
   * @writeOnly
   */
  password?: PasswordText;
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
  proxyServer: AddressText | null;
  /**
   * Hosts that should bypass the proxy.
   * @example ["<local>", "*.contoso.com"]
   * @maxItems 1000
   */
  bypass?: BypassText[];
  /**
   * The PAC URL Defender Antivirus should use.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: AddressText;
  /**
   * The stores to set; by default TelemetryProxyServer and Defender AV (WinHTTP only when named: it is machine-wide).
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
  workspace?: WorkspaceText;
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
  url?: AddressText;
  /**
   * Test these URLs instead of the catalog's targets.
   * @example ["https://crl.microsoft.com", "https://www.microsoft.com/pkiops/"]
   * @maxItems 1000
   */
  urls?: AddressText[];
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
   * @maxProperties 1000
   * @propertyNames {"maxLength": 253}
   */
  resolve?: { [host: string]: HostText };
  /**
   * PEM certificates accepted as roots instead of the pinned Microsoft/DigiCert roots.
   * @maxItems 32
   */
  trustedRoots?: PemText[];
  /**
   * Per-probe timeout in milliseconds (default 10000, at most 600000).
   * @example 5000
   */
  timeoutMs?: ProbeTimeoutMs;
  /**
   * Probes in flight at once (default 128, at most 4096).
   * @example 16
   */
  concurrency?: Concurrency;
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
   * With `repair`: how long to wait for AATPSensor to run again after an MDI change (default 60000, at most 1800000).
   * @example 120000
   */
  serviceTimeoutMs?: ServiceWaitMs;
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
  output: LocalPath;
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
  proxyUrl?: AddressText | null;
  /**
   * Proxy user in `DOMAIN\user` form; null when the proxy needs none.
   * @example "CONTOSO\\proxyuser"
   */
  userName?: UserNameText | null;
  /**
   * Desired state only, on stdin only: never returned.
   * @writeOnly
   */
  password?: PasswordText;
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
  proxyServer?: AddressText | null;
  /**
   * Hosts that bypass the proxy.
   * @example ["<local>", "*.contoso.com"]
   * @maxItems 1000
   */
  bypassList?: BypassText[];
  /**
   * PAC URL for Defender Antivirus; null for none.
   * @example "http://wpad.contoso.com/proxy.pac"
   */
  pacUrl?: AddressText | null;
  /**
   * The components to manage: by default TelemetryProxyServer and Defender AV. WinHTTP's proxy is machine-wide
   * (002), so it is managed only when named here or with `includeWinHttp`.
   * @example ["winhttp", "mde-telemetry"]
   */
  components?: MdeComponent[];
  /** Also manage the WinHTTP machine proxy (added to `components`, or to the default). */
  includeWinHttp?: boolean;
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
