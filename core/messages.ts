import { ToolError, EXIT, type ExitCode } from './errors';

/**
 * Every user-facing error sentence, keyed by its stable code. Code refers to the key; the sentence is written
 * once here. Advice sentences of connectivity probes live in core/net/advice.ts, keyed the same way.
 */
export const messages = {
  REQUEST_EMPTY: () => 'The request on stdin is empty: send one JSON object, e.g. {"product":"mdi"}.',
  REQUEST_NOT_JSON: (detail: string) => `The request is not valid JSON (${detail}).`,
  REQUEST_NOT_OBJECT: (kind: string) => `The request must be a JSON object, not ${kind}.`,
  REQUEST_INPUT_UNREADABLE: (path: string) => `Cannot read the request file ${path}.`,
  COMMAND_MISSING: () => 'No command given. Run `defenderproxy --help` for the list of commands.',
  COMMAND_UNKNOWN: (name: string, known: string) => `Unknown command "${name}". Known commands: ${known}.`,
  FIELD_UNKNOWN: (field: string, hint: string) => `Unknown field "${field}"${hint}.`,
  FIELD_MISSING: (field: string) => `The field "${field}" is required.`,
  FIELD_TYPE: (field: string, expected: string) => `The field "${field}" must be ${expected}.`,
  FIELD_VALUE: (field: string, allowed: string) => `The field "${field}" must be one of: ${allowed}.`,
  FIELD_INVALID: (field: string, detail: string) => `The field "${field}" is invalid: ${detail}.`,
  FIELD_TOO_LONG: (field: string, limit: number, unit: string) => `The field "${field}" is too long: at most ${limit} ${unit}.`,
  FIELD_OUT_OF_RANGE: (field: string, minimum: number, maximum: number) => `The field "${field}" must be a whole number from ${minimum} to ${maximum}.`,
  FIELD_CHARACTERS: (field: string) =>
    `The field "${field}" holds characters it may not: control characters, line breaks, NUL or bidirectional controls.`,
  REQUEST_TOO_LARGE: (limit: string) => `The request is larger than ${limit}: send one JSON object of reasonable size.`,
  URL_INVALID: (field: string, url: string) => `The field "${field}" must be an http:// or https:// URL without user-info, not "${url}".`,
  WORKSPACE_INVALID: (name: string) =>
    `The workspace name "${name}" is not a DNS label: give the name from the portal, e.g. "contoso-corp" for contoso-corpsensorapi.atp.azure.com.`,
  WORKSPACE_REQUIRED: () =>
    'No MDI workspace to test: add "workspace" (e.g. "contoso-corp"), or "url", or run on the sensor (or name its machine image) so the workspace is read from the sensor configuration.',
  GEO_REQUIRED: () => 'An MDE test needs the tenant\'s data geography: add "geo" ("us", "eu", "uk" or "au"), or test one "url".',
  EXPLICIT_ROUTE_NEEDS_PROXY: () => 'The route "explicit" tests the request\'s proxy: add "proxy": {"url": "http://host:port"}.',
  PROXY_INVALID: (field: string, detail: string) => `The field "${field}" is not a usable proxy: ${detail}.`,
  TRUSTED_ROOT_INVALID: (field: string, detail: string) => `The field "${field}" is not a PEM certificate: ${detail}.`,
  SERVICE_TAGS_UNREADABLE: (file: string, detail: string) =>
    `Cannot use the service tags file ${file}: ${detail}. Download "Azure IP Ranges and Service Tags – Public Cloud" (ServiceTags_Public_*.json) from Microsoft.`,
  REPORT_UNWRITABLE: (path: string, detail: string) => `The report could not be written to ${path} (${detail}); the probes' results are in the response.`,
  MACHINE_REQUIRED: () =>
    'This command needs a machine: run it on Windows, or name an offline machine image with "machine": "<folder>".',
  MACHINE_NOT_FOUND: (path: string) => `The machine image folder ${path} does not exist.`,
  MACHINE_NOT_IMAGE: (path: string) =>
    `${path} is not a machine image: it holds neither registry.reg, files/, services.json nor certificates/.`,
  MACHINE_LINK_OUTSIDE: (link: string, target: string) =>
    `The machine image holds a link ${link} that leads outside the image (to ${target}): a write through it would change files outside the image. Replace the link with what it points to; nothing was written.`,
  MACHINE_FILE_TOO_LARGE: (file: string, limit: string) => `The file ${file} is larger than ${limit}, more than this file can ever be: it cannot be read.`,
  REGISTRY_MALFORMED: (file: string, detail: string) => `The registry file ${file} is malformed: ${detail}.`,
  SERVICES_MALFORMED: (file: string, detail: string) => `The services file ${file} is malformed: ${detail}.`,
  SENSOR_ENDPOINT_INVALID: (file: string, detail: string) =>
    `The sensor configuration ${file} names a workspace endpoint that cannot be tested: ${detail}. Give "workspace" (or "url") in the request, or repair the file.`,
  SENSOR_CONFIG_UNREADABLE: (file: string, detail: string) =>
    `The sensor configuration ${file} cannot be read: ${detail}. Nothing was changed.`,
  // ─── reading stores ───
  STORE_VALUE_UNREADABLE: (target: string, detail: string) =>
    `The value ${target} cannot be decoded (${detail}). The other stores were read; fix or delete that value, or set the proxy again.`,
  // ─── change requests (exit 2, nothing written) ───
  PROXY_ADDRESS_INVALID: (field: string, detail: string) => `The field "${field}" is not a usable proxy address: ${detail}.`,
  PROXY_ADDRESS_MISSING: () => 'The proxy needs an address: give "proxy.url" (http://host:port), "proxy.server" (host:port) or "proxy.pacUrl".',
  PROXY_USERNAME_INVALID: (userName: string) => `The proxy user name "${userName}" must be in DOMAIN\\user form, e.g. CONTOSO\\proxyuser.`,
  PROXY_PASSWORD_WITHOUT_USER: () => 'A proxy password needs its user name: give "proxy.userName" (DOMAIN\\user) too.',
  PROXY_PASSWORD_EMPTY: () => 'The proxy password is empty: give the password, or leave out the credentials.',
  PROXY_PASSWORD_REQUIRED: (userName: string) =>
    `The sensor has no stored password for ${userName}: give "proxy.password" with the user name.`,
  PROXY_PAC_URL_INVALID: (text: string) =>
    `The PAC URL "${text}" must be an http://, https:// or file:// URL without spaces or user-info (the registry keeps it in clear).`,
  PROXY_CREDENTIALS_NOT_STORED: (stores: string) =>
    `Only the MDI sensor's own configuration keeps proxy credentials; ${stores} cannot (MDE traffic must pass the proxy anonymously). Leave out "proxy.userName" and "proxy.password".`,
  STORE_NEEDS_PROXY_ADDRESS: (store: string) =>
    `The store ${store} needs a proxy address, not only a PAC URL: give "proxy.url" or "proxy.server".`,
  SENSOR_TAKES_NO_PAC: () => 'The MDI sensor configuration takes one proxy URL, no PAC file: leave out "proxy.pacUrl" (WinINet can use a PAC file: method "wininet").',
  SENSOR_TAKES_NO_BYPASS: () => 'The MDI sensor configuration has no bypass list: leave out "proxy.bypass".',
  SENSOR_NOT_INSTALLED: () => 'No MDI sensor is installed (no AATPSensor service): its configuration cannot be changed. To prepare WinINet for a sensor, name "method": "wininet".',
  SENSOR_SECRET_CERTIFICATE_UNKNOWN: () =>
    'The sensor configuration names no SecretManagerConfigurationCertificateThumbprint: a password cannot be encrypted for it.',
  SENSOR_CERTIFICATE_MISSING: (thumbprint: string) =>
    `The sensor's secret-manager certificate ${thumbprint} is not in LocalMachine\\My: the password cannot be encrypted. Nothing was changed.`,
  PROXY_PASSWORD_TOO_LONG: (maxCharacters: number, bits: number) =>
    `The proxy password is longer than the sensor's ${bits}-bit secret-manager certificate can encrypt: at most ${maxCharacters} characters (UTF-16 code units). Nothing was changed.`,
  SENSOR_CERTIFICATE_UNUSABLE: (detail: string) => `The sensor's secret-manager certificate cannot encrypt the password (${detail}). Nothing was changed.`,
  COPY_ONLY_WININET: (store: string) => `"copyFromCurrentUser" applies to the wininet store only, not to ${store}.`,
  WININET_NOTHING_TO_COPY: (target: string) => `CurrentUser has no WinINet settings to copy: ${target} does not exist.`,
  WININET_SOURCE_UNREADABLE: (detail: string) => `CurrentUser's WinINet settings cannot be copied: ${detail}.`,
  CHANGE_TARGET_MISSING: () => 'Name what to change: "product" (mdi or mde), "store", "stores" or "method".',
  CHANGE_PROXY_MISSING: () => 'Give the proxy to set ("proxy"), or "clear": true to remove it, or "copyFromCurrentUser": true for WinINet.',
  CHANGE_CLEAR_WITH_PROXY: () => 'A request either sets a proxy or clears it: leave out "proxy" with "clear": true.',
  CHANGE_COPY_WITH_PROXY: () => '"copyFromCurrentUser" copies CurrentUser\'s settings: leave out "proxy" and "clear".',
  STORE_NOT_IN_PRODUCT: (store: string, product: string, allowed: string) =>
    `The store ${store} does not belong to product ${product} (which has ${allowed}).`,
  METHOD_NOT_FOR_PRODUCT: (method: string) => `"method" (${method}) chooses how the MDI sensor gets its proxy; it does not apply to product mde.`,
  METHOD_NOT_FOR_STORE: (method: string, stores: string) => `The method ${method} does not write ${stores}: name one or the other, or make them agree.`,
  METHOD_AMBIGUOUS: (found: string) =>
    `The MDI proxy is configured more than one way (${found}), so "auto" cannot tell which to change: name the method ("method": "sensor", "wininet" or "mde-values"), and consider clearing the other.`,
  METHOD_NOT_AVAILABLE: (method: string, reason: string) => `The method ${method} cannot be used on this machine: ${reason}.`,
  MDI_NO_SENSOR_FOR_AUTO: () =>
    'No MDI sensor is installed and no MDI proxy is configured, so "auto" has nothing to follow: name "method": "wininet" to prepare the service accounts.',
  // ─── acting (exit 3 / 4) ───
  MACHINE_BUSY: (lock: string, holder: string, clearing: string) =>
    `Another change is running on this machine (${holder}; lock ${lock}) and did not finish in time. Nothing was changed; try again: ${clearing}.`,
  STATE_DIRECTORY_DENIED: (path: string, detail: string) =>
    `The tool's own folder ${path} cannot be written (${detail}): run elevated (as an administrator or SYSTEM), or fix its permissions. Nothing was changed.`,
  STATE_DISK_FULL: (path: string, detail: string) => `The disk holding ${path} is full (${detail}): free some space and run the change again. Nothing was changed.`,
  STATE_DIRECTORY_UNUSABLE: (path: string, detail: string) => `The tool's own folder ${path} cannot be used (${detail}). Nothing was changed.`,
  BACKUP_FAILED: (detail: string) => `The backup before the change could not be written (${detail}). Nothing was changed.`,
  BACKUP_SKIPPED: (id: string, detail: string) => `The backup ${id} is not listed: its manifest cannot be read (${detail}).`,
  BACKUP_NOT_FOUND: (id: string) => `There is no backup "${id}": list them with {"action":"list"} on the backup command.`,
  BACKUP_MALFORMED: (id: string, detail: string) => `The backup ${id} cannot be used: ${detail}. Nothing was changed.`,
  CHANGE_ROLLED_BACK: (target: string, detail: string, backup: string) =>
    `Writing ${target} failed (${detail}); everything already written was rolled back, nothing changed. Backup taken before: ${backup}.`,
  CHANGE_PARTIAL: (target: string, detail: string, left: string, backupPath: string) =>
    `Writing ${target} failed (${detail}) and rolling back failed too: ${left}. Put the machine back with the restore command and the backup in ${backupPath}.`,
  SENSOR_STOP_FAILED: (detail: string) => `The sensor updater could not be stopped (${detail}). Nothing was changed.`,
  SENSOR_DID_NOT_START: (seconds: number, running: string, backup: string) =>
    `AATPSensor did not run again within ${seconds} s after the change: the previous configuration was put back and the sensor started again (${running}). Nothing changed. Backup: ${backup}.`,
  SENSOR_RESTORE_FAILED: (seconds: number, left: string, backupPath: string) =>
    `AATPSensor did not run again within ${seconds} s after the change, and putting the previous configuration back failed: ${left}. Restore it from the backup in ${backupPath}.`,
  HOST_COMMAND_FAILED: (command: string, detail: string) => `${command} failed: ${detail}.`,
  CAPTURE_OUTPUT_EXISTS: (path: string) => `The capture folder ${path} already exists (a folder, a file or a link): name a new folder, nothing was written.`,
  CAPTURE_OUTPUT_UNWRITABLE: (path: string, detail: string) => `The capture folder ${path} cannot be created (${detail}): name a folder you may write. Nothing was written.`,
  CAPTURE_FAILED: (path: string, detail: string) => `Writing the capture into ${path} failed (${detail}); the half-written folder was removed. The machine was not changed.`,
  DSC_OPERATION_UNKNOWN: (operation: string) =>
    `Unknown DSC operation "${operation}": use defenderproxy dsc <get|set|test|whatif> <MDIProxy|MDEProxy>.`,
  DSC_RESOURCE_UNKNOWN: (resource: string) => `Unknown DSC resource "${resource}": use MDIProxy or MDEProxy.`,
  DSC_PROXY_MISSING: (field: string) => `The desired state needs "${field}", or "_exist": false for no proxy.`,
  INTERNAL: (detail: string) => `Internal error: ${detail}. Please report it.`,
} as const;

export type MessageCode = keyof typeof messages;

/** The sentence of a code, for a log line or a warning (no error). */
export function messageText<C extends MessageCode>(code: C, args: Parameters<(typeof messages)[C]>): string {
  return (messages[code] as (...a: unknown[]) => string)(...args);
}

/** A ToolError whose sentence comes from the table above. */
export function fail<C extends MessageCode>(
  code: C,
  args: Parameters<(typeof messages)[C]>,
  options: { field?: string; exit?: ExitCode; details?: unknown } = {},
): ToolError {
  const render = messages[code] as (...a: unknown[]) => string;
  return new ToolError(code, render(...args), options);
}

export { EXIT };
