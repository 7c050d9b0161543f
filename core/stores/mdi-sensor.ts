import type { Host } from '../host/host';
import type { MdiSensorEntry } from '../protocol';
import { decodeText, encodeText, type TextEncoding } from '../formats/text-encoding';
import { describeValue, findValue, readSz, sameName } from '../formats/registry-model';
import { executableOfBinaryPath, windowsBasename, windowsDirname, windowsJoin } from '../formats/windows-path';
import { KEYS, SENSOR_CONFIGURATION_FILE, SERVICES, V3_SENSOR_PROCESS } from './keys';
import type { Store } from './store';
import { fail, phrase } from '../messages';
import type { ProxyIntent, ProxySetting } from './proxy-intent';
import type { FileWrite } from './writes';
import { setTopLevelMember } from '../formats/json-member-edit';

export interface SensorInstall {
  binaryPath: string;
  folder: string;
  configurationPath: string;
  /** The version folder's name, e.g. `2.250.18972.18405`. */
  version: string | null;
}

/** The parsed SensorConfiguration.json with what is needed to rewrite it faithfully. */
export interface SensorConfiguration {
  path: string;
  bytes: Buffer;
  text: string;
  encoding: TextEncoding;
  json: Record<string, unknown>;
}

const VERSION_FOLDER = /^\d+(\.\d+){1,3}$/;

/** The live install is the folder of the AATPSensor service's binary: several version folders may exist. */
export async function locateSensor(host: Host): Promise<SensorInstall | null> {
  const binaryPath = await host.getServiceBinaryPath(SERVICES.sensor);
  if (!binaryPath) return null;
  const folder = windowsDirname(executableOfBinaryPath(binaryPath));
  const name = windowsBasename(folder);
  return {
    binaryPath,
    folder,
    configurationPath: windowsJoin(folder, SENSOR_CONFIGURATION_FILE),
    version: VERSION_FOLDER.test(name) ? name : null,
  };
}

/** Why the file cannot be used, or the parsed configuration. */
export function parseSensorConfiguration(path: string, bytes: Buffer | null): SensorConfiguration | { problem: string } {
  if (!bytes) return { problem: phrase('SENSOR_FILE_MISSING') };
  const { text, encoding } = decodeText(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: phrase('SENSOR_FILE_NOT_JSON', { detail: (error as Error).message }) };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: phrase('SENSOR_FILE_NOT_OBJECT') };
  return { path, bytes, text, encoding, json: json as Record<string, unknown> };
}

/** Throws SENSOR_CONFIG_UNREADABLE when the file is missing or not a JSON object. */
export async function readSensorConfiguration(host: Host, path: string): Promise<SensorConfiguration> {
  const parsed = parseSensorConfiguration(path, await host.readFile(path));
  if ('problem' in parsed) throw fail('SENSOR_CONFIG_UNREADABLE', { file: path, detail: parsed.problem }, { field: 'machine' });
  return parsed;
}

function objectAt(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function stringAt(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The proxy part of a v2 sensor configuration, as `get` reports it. */
export function describeSensorProxy(
  json: Record<string, unknown>,
): Pick<
  MdiSensorEntry,
  | 'url'
  | 'userName'
  | 'hasPassword'
  | 'certificateThumbprint'
  | 'secretCertificateThumbprint'
  | 'workspaceEndpoint'
  | 'workspaceEndpointError'
> {
  const proxy = objectAt(json.SensorProxyConfiguration);
  const password = objectAt(proxy?.EncryptedUserPasswordData);
  const endpoint = workspaceEndpointOf(objectAt(json.WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint));
  return {
    url: stringAt(proxy?.Url),
    userName: stringAt(proxy?.UserName),
    hasPassword: stringAt(password?.EncryptedBytes) !== null,
    certificateThumbprint: stringAt(password?.CertificateThumbprint),
    secretCertificateThumbprint: stringAt(json.SecretManagerConfigurationCertificateThumbprint),
    ...endpoint,
  };
}

const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * `host:port` of the workspace's sensor API, or why the configuration's endpoint cannot be used: a test built on
 * a port of 99999 or 1.5 must be refused with the file named, not fail inside the probe engine.
 */
function workspaceEndpointOf(endpoint: Record<string, unknown> | null): {
  workspaceEndpoint: string | null;
  workspaceEndpointError: string | null;
} {
  if (endpoint === null || endpoint.Address === undefined || endpoint.Address === null)
    return { workspaceEndpoint: null, workspaceEndpointError: null };
  const address = endpoint.Address;
  if (typeof address !== 'string' || !DNS_NAME.test(address)) {
    return {
      workspaceEndpoint: null,
      workspaceEndpointError: phrase('ENDPOINT_ADDRESS_INVALID', { address: excerpt(JSON.stringify(address)) }),
    };
  }
  const rawPort = endpoint.Port ?? 443;
  const port = typeof rawPort === 'string' && /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : rawPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return { workspaceEndpoint: null, workspaceEndpointError: phrase('ENDPOINT_PORT_INVALID', { port: excerpt(JSON.stringify(rawPort)) }) };
  }
  return { workspaceEndpoint: `${address}:${port}`, workspaceEndpointError: null };
}

function excerpt(text: string | undefined): string {
  const shown = text ?? 'undefined';
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

function emptyEntry(): MdiSensorEntry {
  return {
    store: 'mdi-sensor',
    status: 'not-installed',
    generation: null,
    sensorVersion: null,
    configurationPath: null,
    url: null,
    userName: null,
    hasPassword: false,
    certificateThumbprint: null,
    secretCertificateThumbprint: null,
    workspaceEndpoint: null,
    workspaceEndpointError: null,
    error: null,
  };
}

/** A v3 sensor has no file of its own: its proxy is Defender AV's ProxyServer, else the telemetry proxy. */
async function readV3(host: Host, entry: MdiSensorEntry): Promise<MdiSensorEntry> {
  const [defender, telemetry] = await host.readKeys([KEYS.defenderPolicy, KEYS.dataCollection]);
  const avProxy = findValue(defender ?? null, 'ProxyServer');
  const telemetryProxy = findValue(telemetry ?? null, 'TelemetryProxyServer');
  const url = avProxy ? readSz(avProxy) : telemetryProxy ? `http://${readSz(telemetryProxy).trim()}` : null;
  return { ...entry, generation: 'v3', status: url ? 'configured' : 'no-proxy', url: url || null };
}

// ─── plan ───────────────────────────────────────────────────────────────────────────────────────────

/** RSA-OAEP-SHA256 over the UTF-16LE password with the secret-manager certificate's public key (FACTS.md §1). */
export function encryptSensorPassword(certificateDer: Buffer, password: string): string {
  // Loaded here, not at the top: node:crypto costs every `get` start-up time, and only a password needs it.
  const { X509Certificate, constants: cryptoConstants, publicEncrypt } = require('node:crypto') as typeof import('node:crypto');
  const key = new X509Certificate(certificateDer).publicKey;
  return publicEncrypt(
    { key, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(password, 'utf16le'),
  ).toString('base64');
}

/**
 * RSA-OAEP with SHA-256 encrypts at most k - 2·32 - 2 bytes with a k-byte key: 190 bytes, 95 UTF-16 code units,
 * with the sensor's usual 2048-bit key. A longer password gets its own code naming that limit.
 */
function refuseTooLongPassword(certificateDer: Buffer, password: string): void {
  const { X509Certificate } = require('node:crypto') as typeof import('node:crypto');
  let bits: number | undefined;
  try {
    bits = new X509Certificate(certificateDer).publicKey.asymmetricKeyDetails?.modulusLength;
  } catch {
    return; // an unreadable certificate is reported by the encryption itself
  }
  if (!bits) return;
  const maxBytes = Math.floor(bits / 8) - 2 * 32 - 2;
  if (Buffer.byteLength(password, 'utf16le') > maxBytes) {
    throw fail('PROXY_PASSWORD_TOO_LONG', { maxCharacters: Math.floor(maxBytes / 2), bits }, { field: 'proxy.password' });
  }
}

/** `Url=...; UserName=...; Password=<encrypted>`: what plans show; never the ciphertext. */
export function describeSensorProxyObject(proxy: unknown): string | null {
  const object = objectAt(proxy);
  const url = stringAt(object?.Url);
  if (!object || !url) return null;
  const parts = [`Url=${url}`];
  const user = stringAt(object.UserName);
  if (user) parts.push(`UserName=${user}`);
  if (objectAt(object.EncryptedUserPasswordData)) parts.push('Password=<encrypted>');
  return parts.join('; ');
}

export interface SensorPlanInput {
  configuration: SensorConfiguration;
  /** Encrypts a new password; called only when the request gives one. */
  encrypt: (password: string) => string;
}

/**
 * The new SensorConfiguration.json: only the SensorProxyConfiguration member changes (unknown fields inside
 * it are kept), the rest of the text stays byte for byte, in its encoding. Without credentials only `$type`
 * and `Url` are written; a user name equal to the stored one without a password keeps the stored password.
 */
export function planSensorConfiguration({ configuration, encrypt }: SensorPlanInput, intent: ProxyIntent): FileWrite[] {
  if (intent.action === 'copy-from-current-user')
    throw fail('COPY_ONLY_WININET', { store: 'mdi-sensor' }, { field: 'copyFromCurrentUser' });
  const current = configuration.json.SensorProxyConfiguration;
  let next: Record<string, unknown> | null;
  if (intent.action === 'clear') {
    if (current === null || current === undefined) return [];
    next = null;
  } else {
    next = nextSensorProxy(objectAt(current), configuration.json, intent.proxy, encrypt);
    if (JSON.stringify(next) === JSON.stringify(current)) return [];
  }
  const text = setTopLevelMember(configuration.text, 'SensorProxyConfiguration', next);
  return [
    {
      kind: 'file',
      store: 'mdi-sensor',
      path: configuration.path,
      before: configuration.bytes,
      after: encodeText(text, configuration.encoding),
      restartsSensor: true,
      change: {
        store: 'mdi-sensor',
        target: configuration.path,
        before: describeSensorProxyObject(current),
        after: describeSensorProxyObject(next),
      },
    },
  ];
}

function nextSensorProxy(
  current: Record<string, unknown> | null,
  json: Record<string, unknown>,
  proxy: ProxySetting,
  encrypt: (password: string) => string,
): Record<string, unknown> {
  if (proxy.url === null) throw fail('STORE_NEEDS_PROXY_ADDRESS', { store: 'mdi-sensor' }, { field: 'proxy.url' });
  if (proxy.pacUrl !== null) throw fail('SENSOR_TAKES_NO_PAC', {}, { field: 'proxy.pacUrl' });
  if (proxy.bypass.length > 0) throw fail('SENSOR_TAKES_NO_BYPASS', {}, { field: 'proxy.bypass' });
  const next: Record<string, unknown> = { $type: 'SensorProxyConfiguration', ...(current ?? {}) };
  next.Url = proxy.url;
  if (proxy.userName === null) {
    delete next.UserName;
    delete next.EncryptedUserPasswordData;
    return next;
  }
  const sameUser = stringAt(current?.UserName)?.toLowerCase() === proxy.userName.toLowerCase();
  const storedPassword = objectAt(current?.EncryptedUserPasswordData);
  next.UserName = proxy.userName;
  if (proxy.password === null) {
    if (sameUser && storedPassword) return next;
    if (!proxy.passwordUnknown) throw fail('PROXY_PASSWORD_REQUIRED', { userName: proxy.userName }, { field: 'proxy.password' });
    next.EncryptedUserPasswordData = { $type: 'EncryptedData', EncryptedBytes: null, CertificateThumbprint: null, SecretVersion: null };
    return next;
  }
  const thumbprint = stringAt(json.SecretManagerConfigurationCertificateThumbprint);
  if (!thumbprint) throw fail('SENSOR_SECRET_CERTIFICATE_UNKNOWN', {}, { field: 'proxy.password' });
  next.EncryptedUserPasswordData = {
    ...(storedPassword ?? {}),
    $type: 'EncryptedData',
    EncryptedBytes: encrypt(proxy.password),
    CertificateThumbprint: thumbprint,
    SecretVersion: null,
  };
  return next;
}

/**
 * The file a change rewrites must really be the sensor's: SensorConfiguration.json inside the folder of the
 * running service's binary, with no link or junction leading elsewhere (a rewrite in place would follow it into,
 * say, System32). Compared as real paths, case-insensitively, as Windows names them.
 */
async function refuseConfigurationOutsideInstall(host: Host, install: SensorInstall): Promise<void> {
  if (!host.realPath) return;
  const [file, folder] = await Promise.all([host.realPath(install.configurationPath), host.realPath(install.folder)]);
  if (file === null || folder === null) return; // a missing file is reported by the read that follows
  const inside =
    file.toLowerCase().startsWith(`${folder.replace(/[\\/]+$/, '').toLowerCase()}\\`) &&
    sameName(windowsBasename(file), SENSOR_CONFIGURATION_FILE);
  if (!inside)
    throw fail(
      'SENSOR_CONFIG_OUTSIDE_INSTALL',
      { file: install.configurationPath, target: file, folder: install.folder },
      { field: 'machine' },
    );
}

/** Reads the live configuration and the secret-manager certificate (only when a password is to be encrypted). */
export async function planMdiSensor(host: Host, intent: ProxyIntent): Promise<FileWrite[]> {
  const install = await locateSensor(host);
  if (!install) throw fail('SENSOR_NOT_INSTALLED', {}, { field: 'store' });
  await refuseConfigurationOutsideInstall(host, install);
  const configuration = await readSensorConfiguration(host, install.configurationPath);
  let certificate: Buffer | null = null;
  if (intent.action === 'set' && intent.proxy.password !== null) {
    const thumbprint = stringAt(configuration.json.SecretManagerConfigurationCertificateThumbprint);
    if (!thumbprint) throw fail('SENSOR_SECRET_CERTIFICATE_UNKNOWN', {}, { field: 'proxy.password' });
    certificate = await host.getCertificate('LocalMachine\\My', thumbprint);
    if (!certificate) throw fail('SENSOR_CERTIFICATE_MISSING', { thumbprint }, { field: 'proxy.password' });
  }
  const encrypt = (password: string): string => {
    refuseTooLongPassword(certificate!, password);
    try {
      return encryptSensorPassword(certificate!, password);
    } catch (error) {
      throw fail('SENSOR_CERTIFICATE_UNUSABLE', { detail: (error as Error).message }, { field: 'proxy.password' });
    }
  };
  return planSensorConfiguration({ configuration, encrypt }, intent);
}

/** Ends in the configuration's name: the sensor's folder changes with every version, the file name does not. */
function isSensorConfigurationPath(path: string): boolean {
  return sameName(windowsBasename(path), SENSOR_CONFIGURATION_FILE);
}

/**
 * The MDI sensor's own configuration: SensorConfiguration.json beside the AATPSensor service's binary (v2).
 * A v3 sensor has none: its proxy is read from the MDE values (and changed through them, method mde-values).
 */
export const mdiSensorStore: Store<MdiSensorEntry> = {
  name: 'mdi-sensor',
  product: 'mdi',
  registry: {
    // The service's key locates the install; the policy keys hold a v3 sensor's proxy (read, never written here).
    reads: [KEYS.sensorService, KEYS.defenderPolicy, KEYS.dataCollection],
    plans: [],
    keeps: [],
    writes: [],
    describe: (_name, value) => describeValue(value),
  },
  files: {
    keeps: isSensorConfigurationPath,
    async locate(host) {
      const install = await locateSensor(host);
      if (install) await refuseConfigurationOutsideInstall(host, install);
      return install ? [install.configurationPath] : [];
    },
    describe(path, bytes) {
      const parsed = parseSensorConfiguration(path, bytes);
      return 'problem' in parsed
        ? phrase('FILE_UNREADABLE', { problem: parsed.problem })
        : describeSensorProxyObject(parsed.json.SensorProxyConfiguration);
    },
    restartsSensor: true,
  },
  keepsCredentials: true,
  async read(host) {
    const entry = emptyEntry();
    // The classic sensor's service is read in get's batch; only without it is the process list asked for a v3
    // sensor (a v3 activation requires the classic sensor to be uninstalled), which saves a process on v2.
    const install = await locateSensor(host);
    if (!install) return (await host.isProcessRunning(V3_SENSOR_PROCESS)) ? [await readV3(host, entry)] : [entry];
    Object.assign(entry, { generation: 'v2', sensorVersion: install.version, configurationPath: install.configurationPath });
    const configuration = parseSensorConfiguration(install.configurationPath, await host.readFile(install.configurationPath));
    if ('problem' in configuration) return [{ ...entry, status: 'unreadable', error: configuration.problem }];
    const proxy = describeSensorProxy(configuration.json);
    return [{ ...entry, ...proxy, status: proxy.url ? 'configured' : 'no-proxy' }];
  },
  plan: ({ host }, intent) => planMdiSensor(host, intent),
};
