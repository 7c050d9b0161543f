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
  URL_INVALID: (field: string, url: string) => `The field "${field}" must be an http:// or https:// URL, not "${url}".`,
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
  REGISTRY_MALFORMED: (file: string, detail: string) => `The registry file ${file} is malformed: ${detail}.`,
  SERVICES_MALFORMED: (file: string, detail: string) => `The services file ${file} is malformed: ${detail}.`,
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
  PROXY_PAC_URL_INVALID: (text: string) => `The PAC URL "${text}" must be an http://, https:// or file:// URL without spaces.`,
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
  MACHINE_BUSY: (lock: string, holder: string) =>
    `Another change is running on this machine (${holder}; lock ${lock}) and did not finish in time. Nothing was changed; try again.`,
  BACKUP_FAILED: (detail: string) => `The backup before the change could not be written (${detail}). Nothing was changed.`,
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
  CAPTURE_OUTPUT_EXISTS: (path: string) => `The capture folder ${path} already exists: name a new folder, nothing was written.`,
  DSC_OPERATION_UNKNOWN: (operation: string) =>
    `Unknown DSC operation "${operation}": use defenderproxy dsc <get|set|test|whatif> <MDIProxy|MDEProxy>.`,
  DSC_RESOURCE_UNKNOWN: (resource: string) => `Unknown DSC resource "${resource}": use MDIProxy or MDEProxy.`,
  DSC_PROXY_MISSING: (field: string) => `The desired state needs "${field}", or "_exist": false for no proxy.`,
  // ─── the command line (flags, prompts, Ctrl+C) ───
  FLAG_UNKNOWN: (flag: string, hint: string) => `Unknown flag "${flag}"${hint}`,
  FLAG_UNKNOWN_HINT_CLOSE: (flag: string) => `; did you mean "${flag}"?`,
  FLAG_UNKNOWN_HINT_HELP: (command: string) => `; "defenderproxy help ${command}" lists the flags.`,
  SECRET_NOT_A_FLAG: (flag: string, example: string) =>
    `There is no ${flag}: a password on the command line can be read by other users of the machine (process list) and stays in the shell's history. At a terminal, give the user name and the password is asked for without echo; in a script, send it in the JSON request on stdin or in --input FILE, e.g. ${example}.`,
  FLAG_VALUE_MISSING: (flag: string, example: string) => `The flag ${flag} needs a value, e.g. ${example}.`,
  FLAG_VALUE_TYPE: (flag: string, expected: string, value: string) => `The flag ${flag} takes ${expected}, not "${value}".`,
  FLAG_VALUE: (flag: string, allowed: string) => `The flag ${flag} takes one of: ${allowed}.`,
  FLAG_EXPECTS_NUMBER: () => 'a number',
  FLAG_EXPECTS_BOOLEAN: () => 'true or false (or nothing: the flag alone means true)',
  FLAG_EXPECTS_PAIRS: () => 'name=value pairs separated by commas',
  ARGUMENT_UNEXPECTED: (word: string, command: string) =>
    `Unexpected argument "${word}": ${command} takes its request as flags (--name value); "defenderproxy help ${command}" lists them.`,
  WHAT_IF_NOT_FOR_COMMAND: (command: string) => `--what-if previews set and clear (it runs plan); ${command} has no preview.`,
  INTERRUPTED: () => 'Interrupted (Ctrl+C); nothing was changed.',
  INTERRUPT_FINISHING: () => 'Ctrl+C: finishing the change first, so that nothing is left half-done...',
  PROMPT_PASSWORD: (user: string, field: string) => `Password for ${user} (${field}; Enter to leave it out): `,
  PROGRESS: (done: number, total: number) => `${done}/${total}`,
  LOG_WARNING: (message: string) => `warning: ${message}`,
  // ─── terminal output (the readable summary of a response) ───
  OUT_NONE: () => 'none',
  OUT_DIRECT: () => 'direct',
  OUT_NOT_SET: () => 'not set',
  OUT_UNREADABLE: () => 'unreadable',
  OUT_NOT_INSTALLED: () => 'not installed',
  OUT_METHOD_SENSOR: () => 'the sensor configuration',
  OUT_METHOD_WININET: () => "the service accounts' WinINet settings",
  OUT_METHOD_MDE_VALUES: () => 'the MDE values (unified sensor)',
  OUT_GET_MDI_NONE: () => 'MDI sensor: no proxy (direct, a transparent proxy or WPAD).',
  OUT_GET_MDI_METHOD: (proxy: string, where: string, method: string) => `MDI sensor: ${proxy}, from ${where} (method ${method}).`,
  OUT_GET_MDI_ALSO: (methods: string) => `Also configured: ${methods}.`,
  OUT_SENSOR_VERSION: (version: string, generation: string) => `sensor ${version} (${generation})`,
  OUT_USER: (user: string, password: string) => `user ${user}, ${password}`,
  OUT_PASSWORD_STORED: () => 'password stored (encrypted)',
  OUT_NO_PASSWORD: () => 'no password',
  OUT_BYPASS: (list: string) => `bypass ${list}`,
  OUT_PAC: (url: string) => `PAC ${url}`,
  OUT_AUTO_DETECT: () => 'auto-detect (WPAD)',
  OUT_NO_CONFLICTS: () => 'No conflicts.',
  OUT_CONFLICTS: (count: number) => `${count} conflict${count === 1 ? '' : 's'}:`,
  OUT_COLUMN_STORE: () => 'STORE',
  OUT_COLUMN_ACCOUNT: () => 'ACCOUNT',
  OUT_COLUMN_PROXY: () => 'PROXY',
  OUT_COLUMN_DETAILS: () => 'DETAILS',
  OUT_COLUMN_URL: () => 'URL',
  OUT_COLUMN_FIELD: () => 'FIELD',
  OUT_COLUMN_ACTUAL: () => 'ACTUAL',
  OUT_COLUMN_DESIRED: () => 'DESIRED',
  OUT_COLUMN_ID: () => 'ID',
  OUT_COLUMN_CREATED: () => 'CREATED',
  OUT_COLUMN_REASON: () => 'REASON',
  OUT_COLUMN_TARGETS: () => 'TARGETS',
  OUT_COLUMN_PURPOSE: () => 'PURPOSE',
  OUT_COLUMN_EXPECTED: () => 'EXPECTED',
  OUT_COLUMN_HOST: () => 'HOST',
  OUT_COLUMN_ADDRESS: () => 'ADDRESS',
  OUT_COLUMN_TAGS: () => 'SERVICE TAGS',
  OUT_PROBE_PASS: (status: string, elapsedMs: number) => `ok ${status ? status + ' ' : ''}${elapsedMs} ms`,
  OUT_PROBE_FAIL: (stage: string, code: string) => `${stage}: ${code}`,
  OUT_TEST_TOTAL: (passed: number, total: number, seconds: string) => `${passed} of ${total} probe${total === 1 ? '' : 's'} passed in ${seconds} s.`,
  OUT_WHAT_TO_DO: () => 'What to do:',
  OUT_ADVICE: (code: string, count: number, advice: string) => `${code} (${count} probe${count === 1 ? '' : 's'}): ${advice}`,
  OUT_REPORT: (path: string) => `HTML report: ${path}`,
  OUT_NOTHING_TO_CHANGE: () => 'Nothing to change: the machine is already as asked. Nothing was written.',
  OUT_PLAN: (count: number, method: string) => `Plan: ${count} value${count === 1 ? '' : 's'} would change${method}. Nothing was written.`,
  OUT_CHANGED: (count: number, method: string) => `Changed ${count} value${count === 1 ? '' : 's'}${method}.`,
  OUT_CHANGE_METHOD: (method: string) => ` (method ${method})`,
  OUT_BEFORE: () => 'before',
  OUT_AFTER: () => 'after',
  OUT_BACKUP: (id: string, path: string) => `Backup ${id} taken before the change: ${path} (undo with restore --backup ${id}).`,
  OUT_RESTARTED: (services: string) => `Restarted: ${services}.`,
  OUT_IN_DESIRED_STATE: () => 'In the desired state.',
  OUT_DIFFERENCES: (count: number) => `Not in the desired state: ${count} difference${count === 1 ? '' : 's'}.`,
  OUT_NO_BACKUPS: () => 'No backups.',
  OUT_CAPTURED: (path: string) => `Machine image written to ${path}.`,
  OUT_CAPTURED_KEYS: (count: number) => `${count} registry keys, and these files:`,
  OUT_ERROR: (code: string, message: string) => `Error ${code}: ${message}`,
  OUT_ERROR_FIELD: (field: string) => `(field: ${field})`,
  // ─── help (defenderproxy --help, help <command>) ───
  HELP_TAGLINE: () => 'read, set, clear and test Microsoft Defender sensor proxies.',
  HELP_USAGE: () => 'Usage:',
  HELP_USAGE_FLAGS: () => 'the request as flags; a readable summary on a terminal',
  HELP_USAGE_JSON: () => 'one JSON request on stdin (or in FILE), one JSON response on stdout',
  HELP_USAGE_HELP: () => 'the flags of a command, with their types, values and examples',
  HELP_USAGE_SCHEMA: () => 'the JSON Schema of every request and result',
  HELP_COMMANDS: () => 'Commands:',
  HELP_OUTPUT: () =>
    'Output: a readable summary when stdout is a terminal, else exactly the JSON response (--json or --format json|table to choose). Colour only on a terminal, never with NO_COLOR set. Progress and logs go to stderr: a live line on a terminal, JSON lines otherwise.',
  HELP_EXIT_CODES: () =>
    'Exit codes: 0 success · 1 negative result (test failed, drift) · 2 invalid request, nothing changed · 3 failed while acting, rolled back · 4 failed and not fully rolled back (see the response) · 130 interrupted (Ctrl+C) before anything changed.',
  HELP_EXAMPLE_LINE: () => 'Examples: defenderproxy get --machine examples/dc01 · echo \'{"machine":"examples/dc01"}\' | defenderproxy get',
  HELP_REQUEST_SOURCES: () =>
    'The request is the JSON on stdin (not read at a terminal) or in --input FILE, with the flags on top: a flag wins over the same field of the JSON, field by field. Lists are comma-separated; a repeated list flag adds to the list.',
  HELP_FLAGS: () => 'Flags (one per request field):',
  HELP_NO_FLAGS: () => '(none)',
  HELP_SECRETS: () => 'Secrets (never flags):',
  HELP_SECRET: (userFlag: string) =>
    `Asked for without echo at a terminal when ${userFlag} is given; in a script, send it in the JSON request on stdin or in --input FILE. A password on the command line would be visible to other users in the process list and stay in the shell's history.`,
  HELP_SECRET_NO_USER: () => 'its user name',
  HELP_OPTIONS: () => 'Options:',
  HELP_OPTION_INPUT: () => 'read the JSON request from FILE instead of stdin',
  HELP_OPTION_JSON: () => 'print the JSON response (the default when stdout is not a terminal)',
  HELP_OPTION_FORMAT: () => 'json: the JSON response; table: the readable summary, also into a pipe (without colour)',
  HELP_OPTION_WHAT_IF: () => 'show what would change (runs plan on the same request); changes nothing',
  HELP_OPTION_HELP: () => 'this help',
  HELP_EXAMPLES: () => 'Examples:',
  HELP_REQUIRED: () => '(required)',
  HELP_VALUES: (values: string) => `values: ${values}`,
  HELP_RANGE: (minimum: string, maximum: string) => `range: ${minimum} to ${maximum}`,
  HELP_EXAMPLE: (example: string) => `e.g. ${example}`,
  HELP_TYPE_TEXT: () => 'text',
  HELP_TYPE_NUMBER: () => 'number',
  HELP_TYPE_CHOICE: () => 'choice',
  HELP_TYPE_SWITCH: () => 'switch',
  HELP_TYPE_LIST: (item: string) => `${item},...`,
  HELP_TYPE_MAP: (value: string) => `name=${value},...`,
  HELP_TYPE_NULLABLE: (type: string) => `${type}, empty for none`,
  INTERNAL: (detail: string) => `Internal error: ${detail}. Please report it.`,
} as const;

export type MessageCode = keyof typeof messages;

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
