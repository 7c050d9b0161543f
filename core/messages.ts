import locale from './locales/en-us.json';
import { ToolError, EXIT, type ExitCode } from './errors';
import type { LogEvent } from './log';

/**
 * Every sentence a user reads lives in core/locales/en-us.json under a key, with named placeholders
 * (`{field}`): written once, reviewed and translated in one place. This module renders them. Sections:
 * `errors` (keyed by the stable error code), `advice` (one sentence per probe code), `conflicts` (the MDI
 * summary's issues, keyed by their code), `log` (stderr lines), `phrases` (parts that fill another sentence's
 * placeholder), `details` (why a decoder, a limit or the host refused something: the `{detail}` of an error,
 * FormatError details included), `routes` (what a `test` route goes through, and why it goes direct),
 * `notes` (warnings and notes a result carries) and `terminal` (what the command line shows a person: the
 * readable summary of a response, help, prompts, progress).
 */
type Locale = typeof locale;
type Templated = 'errors' | 'conflicts' | 'log' | 'phrases' | 'details' | 'routes' | 'notes' | 'terminal';

/**
 * The placeholders of each sentence: its signature. tsc makes every call give exactly these values and
 * refuses a key the locale lacks (or a locale key missing here); tests/unit/contract/messages.test.ts makes
 * every sentence use exactly these placeholders. Advice takes none.
 */
const PLACEHOLDERS = {
  errors: {
    REQUEST_EMPTY: [],
    REQUEST_NOT_JSON: ['detail'],
    REQUEST_NOT_OBJECT: ['kind'],
    REQUEST_INPUT_UNREADABLE: ['path'],
    COMMAND_MISSING: [],
    COMMAND_UNKNOWN: ['name', 'known'],
    FIELD_UNKNOWN: ['field', 'hint'],
    FIELD_MISSING: ['field'],
    FIELD_TYPE: ['field', 'expected'],
    FIELD_VALUE: ['field', 'allowed'],
    FIELD_INVALID: ['field', 'detail'],
    FIELD_TOO_LONG: ['field', 'limit', 'unit'],
    FIELD_OUT_OF_RANGE: ['field', 'minimum', 'maximum'],
    FIELD_CHARACTERS: ['field'],
    REQUEST_TOO_LARGE: ['limit'],
    URL_INVALID: ['field', 'url'],
    SENSOR_URL_NOT_HTTPS: ['field', 'host'],
    WORKSPACE_INVALID: ['name'],
    WORKSPACE_REQUIRED: [],
    GEO_REQUIRED: [],
    EXPLICIT_ROUTE_NEEDS_PROXY: [],
    PROXY_INVALID: ['field', 'detail'],
    TRUSTED_ROOT_INVALID: ['field', 'detail'],
    SERVICE_TAGS_UNREADABLE: ['file', 'detail'],
    REPORT_UNWRITABLE: ['path', 'detail'],
    MACHINE_REQUIRED: [],
    MACHINE_NOT_FOUND: ['path'],
    MACHINE_NOT_IMAGE: ['path'],
    MACHINE_LINK_OUTSIDE: ['link', 'target'],
    MACHINE_FILE_TOO_LARGE: ['file', 'limit'],
    REGISTRY_MALFORMED: ['file', 'detail'],
    SERVICES_MALFORMED: ['file', 'detail'],
    SENSOR_CONFIG_UNREADABLE: ['file', 'detail'],
    SENSOR_CONFIG_OUTSIDE_INSTALL: ['file', 'target', 'folder'],
    SENSOR_ENDPOINT_INVALID: ['file', 'detail'],
    STORE_VALUE_UNREADABLE: ['target', 'detail'],
    PROXY_ADDRESS_INVALID: ['field', 'detail'],
    PROXY_ADDRESS_MISSING: [],
    PROXY_LIST_REPEATS_SCHEME: ['field', 'scheme', 'entries'],
    PROXY_USERNAME_INVALID: ['userName'],
    PROXY_PASSWORD_WITHOUT_USER: [],
    PROXY_PASSWORD_EMPTY: [],
    PROXY_PASSWORD_REQUIRED: ['userName'],
    PROXY_PASSWORD_TOO_LONG: ['maxCharacters', 'bits'],
    PROXY_PAC_URL_INVALID: ['text'],
    PROXY_CREDENTIALS_NOT_STORED: ['stores'],
    STORE_NEEDS_PROXY_ADDRESS: ['store'],
    SENSOR_TAKES_NO_PAC: [],
    SENSOR_TAKES_NO_BYPASS: [],
    SENSOR_NOT_INSTALLED: [],
    SENSOR_SECRET_CERTIFICATE_UNKNOWN: [],
    SENSOR_CERTIFICATE_MISSING: ['thumbprint'],
    SENSOR_CERTIFICATE_UNUSABLE: ['detail'],
    CERTIFICATE_KEY_MISSING: ['thumbprint', 'store', 'where'],
    CERTIFICATE_KEY_UNUSABLE: ['thumbprint', 'detail'],
    CERTIFICATE_KEY_HOST_UNSUPPORTED: [],
    SENSOR_PASSWORD_CERTIFICATE_UNKNOWN: [],
    COPY_ONLY_WININET: ['store'],
    WININET_NOTHING_TO_COPY: ['target'],
    WININET_SOURCE_UNREADABLE: ['detail'],
    WININET_PER_MACHINE_POLICY: ['policy', 'key'],
    CHANGE_TARGET_MISSING: [],
    CHANGE_PROXY_MISSING: [],
    CHANGE_CLEAR_WITH_PROXY: [],
    CHANGE_COPY_WITH_PROXY: [],
    STORE_NOT_IN_PRODUCT: ['store', 'product', 'allowed'],
    METHOD_NOT_FOR_PRODUCT: ['method'],
    METHOD_NOT_FOR_STORE: ['method', 'stores'],
    METHOD_AMBIGUOUS: ['found'],
    METHOD_NOT_AVAILABLE: ['method', 'reason'],
    MDI_NO_SENSOR_FOR_AUTO: [],
    MACHINE_BUSY: ['lock', 'holder', 'clearing'],
    STATE_DIRECTORY_DENIED: ['path', 'detail'],
    STATE_DISK_FULL: ['path', 'detail'],
    STATE_DIRECTORY_UNUSABLE: ['path', 'detail'],
    STATE_DIRECTORY_INSECURE: ['path', 'problem', 'sddl'],
    JOURNAL_MALFORMED: ['path', 'detail'],
    CHANGE_RECOVERY_FAILED: ['started', 'left', 'path', 'backupPath'],
    BACKUP_FAILED: ['detail'],
    BACKUP_NOT_FOUND: ['id'],
    BACKUP_MALFORMED: ['id', 'detail'],
    CHANGE_ROLLED_BACK: ['target', 'detail', 'backup'],
    CHANGE_PARTIAL: ['target', 'detail', 'left', 'backupPath'],
    SENSOR_STOP_FAILED: ['detail'],
    SENSOR_DID_NOT_START: ['seconds', 'running', 'backup'],
    SENSOR_RESTORE_FAILED: ['seconds', 'left', 'backupPath'],
    HOST_COMMAND_FAILED: ['command', 'detail'],
    CAPTURE_OUTPUT_EXISTS: ['path'],
    CAPTURE_OUTPUT_UNWRITABLE: ['path', 'detail'],
    CAPTURE_FAILED: ['path', 'detail'],
    DSC_OPERATION_UNKNOWN: ['operation'],
    DSC_RESOURCE_UNKNOWN: ['resource'],
    DSC_PROXY_MISSING: ['field'],
    COMPLIANCE_ONE_PRODUCT: [],
    FLAG_UNKNOWN: ['flag', 'hint'],
    FLAG_VALUE_TYPE: ['flag', 'expected', 'value'],
    FLAG_VALUE: ['flag', 'allowed'],
    FLAG_VALUE_MISSING: ['flag', 'example'],
    SECRET_NOT_A_FLAG: ['flag', 'example'],
    ARGUMENT_UNEXPECTED: ['word', 'command'],
    WHAT_IF_NOT_FOR_COMMAND: ['command'],
    INTERRUPTED: [],
    INTERNAL: ['detail'],
    REGISTRY_KEY_UNREADABLE: ['key', 'detail'],
    WINDOWS_HOST_INVALID: ['value'],
    NATIVE_HOST_UNAVAILABLE: ['reason'],
    CERTIFICATE_NOT_FOUND: ['thumbprint', 'store'],
    CERTIFICATE_STORE_UNREADABLE: ['store', 'detail'],
    NOT_ELEVATED: [],
  },
  conflicts: {
    WININET_UNDECODABLE: ['account', 'target', 'error'],
    WINHTTP_UNDECODABLE: ['target', 'error'],
    SENSOR_WININET_DIFFER: ['sensorProxy', 'wininetProxy'],
    SENSOR_WININET_TWICE: ['proxy'],
    WININET_ACCOUNTS_DIFFER: ['systemProxy', 'serviceProxy'],
    WININET_NOT_COPIED: ['proxy'],
    WININET_NO_HTTPS_ENTRY: ['list'],
    WININET_PAC: ['url'],
    WINHTTP_NOT_USED_BY_SENSOR: ['proxy'],
    DEFENDER_AV_SCHEME_MISSING: ['proxy', 'hostPort'],
    TELEMETRY_PROXY_MALFORMED: ['proxy'],
    TELEMETRY_AUTH_NOT_DISABLED: [],
    SENSOR_CREDENTIALS_SHARED_PROXY: ['proxy', 'userName'],
    MDE_VALUES_DISAGREE: ['avProxy', 'telemetryProxy'],
    WININET_STORED_NOT_IN_EFFECT: ['account', 'stored'],
    WININET_PER_MACHINE: ['proxy'],
  },
  log: {
    BACKUP_WRITTEN: ['id', 'path'],
    SENSOR_NOT_RUNNING_ROLLING_BACK: ['seconds'],
    HOST_NOT_RESOLVED: ['host', 'detail'],
    MDE_COMPONENTS_DISAGREE: ['list'],
    DSC_IN_DESIRED_STATE: ['resource'],
    DSC_DIFFERENCE: ['field', 'actual', 'desired'],
    DSC_WOULD_CHANGE: ['field', 'actual', 'desired'],
    DSC_CHANGED: ['target', 'before', 'after'],
    REGISTRY_LINE_SKIPPED: ['detail'],
    BACKUP_SKIPPED: ['id', 'detail'],
    LOCK_TAKEN_OVER: ['lock', 'holder', 'reason'],
    STATE_DIRECTORY_UNCHECKED: ['path', 'reason'],
    CHANGE_INTERRUPTED: ['started', 'reason', 'changed', 'backup'],
    CHANGE_RECOVERED: ['started', 'reason', 'count', 'services', 'backup'],
    INTERRUPT_FINISHING: [],
    NATIVE_HOST_FALLBACK: ['reason'],
    NATIVE_HOST_LOADED: ['version', 'path'],
    NATIVE_ADDON_REFUSED: ['reason'],
    NATIVE_ADDON_TIMING: ['checkMs', 'dlopenMs'],
  },
  phrases: {
    SCHEME_EVERY: [],
    SCHEME_NAMED: ['scheme'],
    NONE: [],
    KEY_NOT_IN_IMAGE: ['path'],
    KEY_NOT_PEM: ['detail'],
    KEY_NOT_RSA: ['type'],
    KEY_NOT_OF_CERTIFICATE: [],
    KEY_DECRYPT_FAILED: ['detail'],
    FIELD_DID_YOU_MEAN: ['name'],
    FIELD_KNOWN_HERE: ['known'],
    FIELD_RESOURCE_TAKES: ['resource', 'known'],
    METHOD_SENSOR_ON_V3: [],
    METHOD_MDE_VALUES_WITHOUT_V3: [],
    METHOD_FOUND: ['place', 'method'],
    METHOD_PLACE_SENSOR: [],
    METHOD_PLACE_WININET: [],
    METHOD_PLACE_MDE_VALUES: [],
    METHOD_FOUND_AND: [],
    METHOD_SENSOR_NOW_USES: ['proxy'],
    SENSOR_RUNS_AGAIN: [],
    SENSOR_STILL_STOPPED: [],
    WRITE_LEFT: ['target', 'now', 'before', 'error'],
    WRITE_LEFT_ABSENT: [],
    WRITE_LEFT_OTHER: [],
    WRITE_LEFT_UNREADABLE: [],
    SERVICE_LEFT_STOPPED: ['service'],
    LOCK_HOLDER: ['pid', 'host', 'created'],
    LOCK_HOLDER_UNKNOWN: [],
    LOCK_STALE_FUTURE: [],
    LOCK_STALE_NO_HOLDER: [],
    LOCK_STALE_EXPIRED: ['expires'],
    LOCK_STALE_DEAD: ['pid'],
    LOCK_CLEARING: ['until', 'path'],
    LOCK_CLEARING_UNDATED: ['path'],
    ENDPOINT_ADDRESS_INVALID: ['address'],
    ENDPOINT_PORT_INVALID: ['port'],
    SERVICE_TAGS_NONE_WANTED: ['tags'],
    COPY_TARGET_UNNAMED: [],
    FILE_UNREADABLE: ['problem'],
    SENSOR_FILE_MISSING: [],
    SENSOR_FILE_NOT_JSON: ['detail'],
    SENSOR_FILE_NOT_OBJECT: [],
    VALUE_UNDECODABLE: ['bytes'],
    VALUE_DIRECT: [],
    VALUE_PROXY: ['server'],
    VALUE_BYPASS: ['list'],
    VALUE_PAC: ['url'],
    VALUE_AUTO_DETECT: [],
    UNKNOWN_REASON: [],
    BACKUP_FOREIGN_KEY: ['key'],
    BACKUP_FOREIGN_FILE: ['path'],
    BACKUP_FOREIGN_VALUE: ['key', 'name'],
    BACKUP_FILE_NOT_CURRENT: ['path', 'current'],
    BACKUP_NOT_OBJECT: [],
    BACKUP_ID_MISMATCH: ['id'],
    BACKUP_CREATED_INVALID: [],
    BACKUP_FIELD_INVALID: ['field'],
    BACKUP_COPY_OUTSIDE: ['copy'],
    BACKUP_COPY_MISMATCH: ['path'],
    BACKUP_REGISTRY_MISMATCH: [],
    BACKUP_REGISTRY_UNLISTED: ['key'],
    ACL_OWNER_UNKNOWN: [],
    ACL_OWNER_UNTRUSTED: ['owner'],
    ACL_NONE: [],
    ACL_WRITER: ['trustee', 'mask'],
    ACL_NO_POWERSHELL: [],
    ACL_WINE: ['sddl'],
    ACL_POWERSHELL_STUB: [],
    JOURNAL_FOREIGN_TARGET: ['target'],
    JOURNAL_BACKUP_MISSING: ['path', 'backup'],
    WININET_NO_PROXY: [],
    PASSWORD_STORED: [],
    PASSWORD_DESIRED: [],
    PASSWORD_NOT_COMPARABLE: ['reason'],
    COMPLIANCE_MDI_PROXY: ['url', 'method'],
    COMPLIANCE_MDE_PROXY: ['server'],
    COMPLIANCE_NO_PROXY: ['product'],
    COMPLIANCE_COMPLIANT: ['what'],
    COMPLIANCE_REACHABLE: ['what', 'probes'],
    COMPLIANCE_DIFFERENCE: ['field', 'actual', 'desired'],
    COMPLIANCE_DRIFT_REASON: ['count', 'list'],
    COMPLIANCE_DRIFT: ['reason'],
    COMPLIANCE_CONNECTIVITY_REASON: ['url', 'route', 'stage', 'code'],
    COMPLIANCE_CONNECTIVITY_FAILED: ['failed', 'total', 'url', 'route', 'stage', 'code', 'advice'],
    COMPLIANCE_ERROR_REASON: ['code', 'message'],
    COMPLIANCE_CHECK_ERROR: ['reason'],
    COMPLIANCE_ALREADY: ['product'],
    COMPLIANCE_RESTARTED: ['services'],
    COMPLIANCE_REPAIRED: ['count', 'backup', 'restarted'],
    COMPLIANCE_REPAIR_FAILED: ['reason'],
    FLAG_DID_YOU_MEAN: ['name'],
    FLAG_SEE_HELP: ['command'],
    FLAG_EXPECTS_NUMBER: [],
    FLAG_EXPECTS_BOOLEAN: [],
    FLAG_EXPECTS_PAIRS: [],
    REG_EXE_KEY_LISTED_NOT_EXPORTED: [],
    SERVICE_NOT_INSTALLED: [],
    SERVICE_DID_NOT_STOP: ['seconds'],
    KEY_HELD_BY_CRYPTOAPI: ['provider'],
    ADDON_NOT_BUILT_IN: [],
    ADDON_ONLY_IN_EXECUTABLE: [],
    ADDON_NO_PROGRAM_FILES: [],
    ADDON_OTHER_BYTES: ['path'],
    ADDON_ASSET_DAMAGED: [],
    ADDON_UNWRITABLE: ['path', 'detail'],
    ADDON_RUN_ELEVATED_ONCE: [],
    ADDON_NOT_AS_WRITTEN: ['path'],
    ADDON_REFUSED_BY_WINDOWS: ['path', 'detail'],
    ADDON_WRONG_VERSION: ['path', 'found', 'expected'],
  },
  details: {
    FORMAT_PROXY_ADDRESS: [],
    FORMAT_PROXY_LIST: [],
    FORMAT_PROXY_BYPASS_LIST: [],
    EXCERPT: ['start', 'length'],
    PROXY_ADDRESS_EMPTY: [],
    PROXY_ADDRESS_SPACE: ['text'],
    PROXY_ADDRESS_LIST: ['text', 'character'],
    PROXY_ADDRESS_PATH: ['text'],
    PROXY_USER_INFO_ENCODING: [],
    PROXY_USER_INFO_UNUSABLE: ['redacted'],
    PROXY_IPV6_UNCLOSED: ['authority'],
    PROXY_IPV6_INVALID: ['host'],
    PROXY_IPV6_PORT_EXPECTED: ['host'],
    PROXY_IPV6_UNBRACKETED: ['authority'],
    PROXY_HOST_MISSING: [],
    PROXY_HOST_INVALID: ['host'],
    PROXY_HOST_NOT_IPV4: ['host'],
    PROXY_HOST_TOO_LONG: ['length'],
    PROXY_LABEL_TOO_LONG: ['label'],
    PROXY_PORT_INVALID: ['port'],
    PROXY_SCHEME_UNSUPPORTED: ['scheme'],
    PROXY_SCHEME_NOT_HOST_PORT: ['scheme'],
    PROXY_ADDRESS_CREDENTIALS: [],
    PROXY_LIST_NO_SCHEME: ['entry'],
    PROXY_LIST_ENTRY: ['entry', 'detail'],
    PROXY_BYPASS_ANGLE: ['entry'],
    PROXY_BYPASS_CHARACTER: ['entry', 'character'],
    FORMAT_REG_FILE: [],
    FORMAT_REGEDIT4_FILE: [],
    REG_AT_LINE: ['line', 'detail'],
    REG_LINE_SKIPPED: ['reason'],
    REG_VALUE_BEFORE_KEY: [],
    REG_VALUE_UNDER_UNUSABLE_KEY: [],
    REG_VALUE_AFTER_KEY_DELETION: [],
    REG_UNEXPECTED_TEXT: ['text'],
    REG_HEADER_EXPECTED: ['v5', 'v4', 'found'],
    REG_KEY_UNCLOSED: [],
    REG_KEY_TRAILING_TEXT: [],
    REG_KEY_EMPTY: [],
    REG_KEY_ROOT_UNKNOWN: ['path'],
    REG_EQUALS_EXPECTED: [],
    REG_QUOTE_TRAILING_TEXT: [],
    REG_VALUE_DATA_UNKNOWN: ['data'],
    REG_HEX_TYPE_INVALID: ['digits'],
    REG_DWORD_INVALID: ['data'],
    REG_HEX_BYTE_INVALID: ['token'],
    REG_HEX_COMMA_EXPECTED: ['found'],
    REG_ESCAPE_UNKNOWN: ['escaped'],
    REG_STRING_UNTERMINATED: [],
    REG_VALUE_NOT_ANSI: ['name'],
    CERT_STORE_NAME_FORM: [],
    CERT_STORE_LOCAL_MACHINE_ONLY: [],
    IMAGE_PATH_NOT_WINDOWS: ['path'],
    SERVICE_START_OR_STOP: ['name'],
    SERVICE_START: ['name'],
    SERVICE_STOP: ['name'],
    SERVICE_MISSING: [],
    SERVICES_UNEXPECTED_SHAPE: [],
    EXIT_CODE: ['status'],
    REG_EXE_TYPE_UNWRITABLE: ['type'],
    WINDOWS_CALL_FAILED: ['call', 'error'],
    WINDOWS_CALL_STATUS: ['call', 'status'],
    REGISTRY_ROOT_UNKNOWN: ['root'],
    PAC_TIMEOUT: ['ms'],
    PAC_DNS_LIMIT: ['count'],
    PAC_DNS_TIMEOUT: ['what', 'ms'],
    PAC_MEMORY_LIMIT: ['megabytes', 'message'],
    FETCH_NOT_HTTP: ['url'],
    NO_ANSWER_WITHIN: ['ms'],
    FETCH_TOO_LARGE: ['url'],
    QUICKJS_ASSET_MISSING: ['asset'],
    WASM_LEB128: [],
    WASM_MEMORIES: ['count'],
    WASM_MEMORY_FLAGS: ['flags'],
    WASM_INITIAL_PAGES: ['pages', 'cap'],
    WASM_NO_MEMORY: [],
    JOURNAL_NOT_OURS: [],
    STATE_NOT_A_FOLDER: ['path'],
    SCHEMA_REF_CYCLE: ['ref'],
    SCHEMA_REF_UNKNOWN: ['ref'],
    SCHEMA_NO_FLAG_FORM: ['where', 'type'],
    SCHEMA_NOT_OBJECT: ['where'],
    SCHEMA_THE_REQUEST: [],
    SCHEMA_NO_DEFINITION: ['definition'],
    SCHEMA_FLAG_TWICE: ['first', 'second', 'flag'],
    WHOLE_NUMBER_ABOVE_ZERO: [],
    NOT_AN_IP_ADDRESS: ['address'],
    PROXY_SERVER_EMPTY: [],
    INPUT_TOO_LARGE: ['limit'],
    SERVICE_TAGS_NO_VALUES: [],
    SDDL_INVALID: [],
    SDDL_ACE_INVALID: ['ace'],
    JSON_NOT_OBJECT: [],
    JSON_UNTERMINATED: [],
    REGISTRY_ROOT_UNKNOWN_IN: ['path'],
    FIELD_NAME_IN: ['field'],
  },
  routes: {
    WININET_NONE: ['account'],
    WININET_PAC: ['account', 'url'],
    WININET_PROXY: ['account'],
    WININET_STORED_OFF: ['values'],
    WININET_AUTO_DETECT: ['account', 'stored'],
    WININET_NOT_IN_EFFECT: ['account', 'stored'],
    SENSOR_NOT_INSTALLED: [],
    SENSOR_UNREADABLE: ['reason'],
    SENSOR_NO_PROXY: [],
    SENSOR_CONFIGURATION: [],
    WINHTTP_NONE: [],
    WINHTTP_PROXY: [],
    TELEMETRY_NONE: [],
    TELEMETRY_PROXY: [],
    AV_NONE: [],
    AV_PROXY: [],
    TELEMETRY_FALLBACK: [],
    MDI_NOT_READ: [],
    SENSOR_USES_NONE: [],
    SENSOR_PROXY: ['method'],
    PAC_URL_MISSING: ['where'],
    PAC_WHERE_WININET: [],
    PAC_WHERE_AV: [],
    REQUEST_NO_PROXY: [],
    REQUEST_PROXY: [],
    PAC_UNAVAILABLE: ['url', 'detail'],
    BYPASSED: ['host', 'route'],
    HOP_UNUSABLE: ['route', 'detail'],
    PAC_FIND_FAILED: ['detail'],
    PAC_NO_PROXY: ['answer'],
    PAC_ANSWERED: ['route', 'answer'],
    PAC: ['url'],
    AV_PAC: ['url'],
    DIRECT: [],
  },
  notes: {
    TEST_OPTIONAL_URL_UNREACHABLE: ['url', 'code', 'condition'],
    PROXY_IS_IP_ADDRESS: ['where', 'ip'],
    AV_CACHES_LAST_PROXY: [],
    AV_HTTPS_PROXY_SOME_VERSIONS: ['proxy'],
    WININET_SERVICE_ACCOUNTS_PROXIED: [],
    WINHTTP_MACHINE_WIDE: [],
    AV_NO_STATIC_PROXY_FOR_UPDATES: [],
    AV_CACHES_LAST_PROXY_AFTER_CHANGE: [],
    AV_CACHES_LAST_PROXY_IN_USE: [],
  },
  terminal: {
    PROMPT_PASSWORD: ['user', 'field'],
    OUT_NOTES: [],
    PROGRESS: ['done', 'total'],
    LOG_WARNING: ['message'],
    OUT_NONE: [],
    OUT_DIRECT: [],
    OUT_NOT_SET: [],
    OUT_UNREADABLE: [],
    OUT_NOT_INSTALLED: [],
    OUT_METHOD_SENSOR: [],
    OUT_METHOD_WININET: [],
    OUT_METHOD_MDE_VALUES: [],
    OUT_GET_MDI_NONE: ['sensor'],
    OUT_GET_MDI_METHOD: ['sensor', 'proxy', 'where', 'method'],
    OUT_GET_MDI_ALSO: ['methods'],
    OUT_SENSOR: ['version', 'generation'],
    OUT_SENSOR_UNKNOWN: [],
    OUT_USER: ['user', 'password'],
    OUT_PASSWORD_STORED: [],
    OUT_NO_PASSWORD: [],
    OUT_BYPASS: ['list'],
    OUT_PAC: ['url'],
    OUT_AUTO_DETECT: [],
    OUT_NO_CONFLICTS: [],
    OUT_CONFLICTS_ONE: [],
    OUT_CONFLICTS: ['count'],
    OUT_COLUMN_STORE: [],
    OUT_COLUMN_ACCOUNT: [],
    OUT_COLUMN_PROXY: [],
    OUT_COLUMN_DETAILS: [],
    OUT_COLUMN_URL: [],
    OUT_COLUMN_FIELD: [],
    OUT_COLUMN_ACTUAL: [],
    OUT_COLUMN_DESIRED: [],
    OUT_COLUMN_ID: [],
    OUT_COLUMN_CREATED: [],
    OUT_COLUMN_REASON: [],
    OUT_COLUMN_TARGETS: [],
    OUT_COLUMN_PURPOSE: [],
    OUT_COLUMN_EXPECTED: [],
    OUT_COLUMN_HOST: [],
    OUT_COLUMN_ADDRESS: [],
    OUT_COLUMN_TAGS: [],
    OUT_PROBE_PASS: ['status', 'elapsedMs'],
    OUT_PROBE_PASS_NO_STATUS: ['elapsedMs'],
    OUT_PROBE_FAIL: ['stage', 'code'],
    OUT_TEST_TOTAL: ['passed', 'total', 'seconds'],
    OUT_WHAT_TO_DO: [],
    OUT_ADVICE: ['code', 'count', 'advice'],
    OUT_REPORT: ['path'],
    OUT_NOTHING_TO_CHANGE: [],
    OUT_PLAN_ONE: ['method'],
    OUT_PLAN: ['count', 'method'],
    OUT_CHANGED_ONE: ['method'],
    OUT_CHANGED: ['count', 'method'],
    OUT_CHANGE_METHOD: ['method'],
    OUT_BEFORE: [],
    OUT_AFTER: [],
    OUT_BACKUP: ['id', 'path'],
    OUT_RESTARTED: ['services'],
    OUT_IN_DESIRED_STATE: [],
    OUT_DIFFERENCES_ONE: [],
    OUT_DIFFERENCES: ['count'],
    OUT_NO_BACKUPS: [],
    OUT_CAPTURED: ['path'],
    OUT_CAPTURED_KEYS: ['count'],
    OUT_ERROR: ['code', 'message'],
    OUT_ERROR_FIELD: ['field'],
    HELP_TAGLINE: [],
    HELP_USAGE: [],
    HELP_USAGE_FLAGS: [],
    HELP_USAGE_JSON: [],
    HELP_USAGE_HELP: [],
    HELP_USAGE_SCHEMA: [],
    HELP_COMMANDS: [],
    HELP_OUTPUT: [],
    HELP_EXIT_CODES: [],
    HELP_EXAMPLE_LINE: [],
    HELP_REQUEST_SOURCES: [],
    HELP_FLAGS: [],
    HELP_NO_FLAGS: [],
    HELP_SECRETS: [],
    HELP_SECRET: ['userFlag'],
    HELP_SECRET_NO_USER: [],
    HELP_OPTIONS: [],
    HELP_OPTION_INPUT: [],
    HELP_OPTION_JSON: [],
    HELP_OPTION_FORMAT: [],
    HELP_OPTION_WHAT_IF: [],
    HELP_OPTION_HELP: [],
    HELP_EXAMPLES: [],
    HELP_REQUIRED: [],
    HELP_VALUES: ['values'],
    HELP_RANGE: ['minimum', 'maximum'],
    HELP_EXAMPLE: ['example'],
    HELP_TYPE_TEXT: [],
    HELP_TYPE_NUMBER: [],
    HELP_TYPE_CHOICE: [],
    HELP_TYPE_SWITCH: [],
    HELP_TYPE_LIST: ['item'],
    HELP_TYPE_MAP: ['value'],
    HELP_TYPE_NULLABLE: ['type'],
  },
} as const satisfies { [S in Templated]: { [K in keyof Locale[S]]: readonly string[] } };

export type ErrorCode = keyof Locale['errors'];
export type LogKey = keyof Locale['log'];
export type PhraseKey = keyof Locale['phrases'];
export type TerminalKey = keyof Locale['terminal'];
export type ConflictCode = keyof Locale['conflicts'];
export type NoteKey = keyof Locale['notes'];
export type DetailKey = keyof Locale['details'];
export type RouteNoteKey = keyof Locale['routes'];
export type ProbeCode = keyof Locale['advice'];
/** Kept for callers that name the error codes by the old type name. */
export type MessageCode = ErrorCode;

type Signatures = typeof PLACEHOLDERS;
type Values<Names extends readonly string[]> = { readonly [N in Names[number]]: string | number };
/** The values a sentence needs: none may be left out, so a sentence without placeholders needs no argument. */
type ValuesOf<S extends Templated, K extends keyof Signatures[S]> = Signatures[S][K] extends readonly string[]
  ? Signatures[S][K] extends readonly [] ? [values?: Values<[]>] : [values: Values<Signatures[S][K]>]
  : never;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Fills `{name}` placeholders in one pass (a value that itself holds braces is not filled again). */
export function render(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** The placeholders a template uses, in order of first use (for the locale's own tests). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The placeholder names each templated section declares, for the locale's tests. */
export const signatures: { readonly [S in Templated]: Readonly<Record<string, readonly string[]>> } = PLACEHOLDERS;

/** The sentence of an error code. */
export function errorMessage<C extends ErrorCode>(code: C, ...[values]: ValuesOf<'errors', C>): string {
  return render(locale.errors[code], values);
}

/** A conflict the MDI summary reports: its code and its sentence. */
export function conflict<C extends ConflictCode>(code: C, ...[values]: ValuesOf<'conflicts', C>): { code: C; message: string } {
  return { code, message: render(locale.conflicts[code], values) };
}

/** A part of a sentence (fills another sentence's placeholder). */
export function phrase<K extends PhraseKey>(key: K, ...[values]: ValuesOf<'phrases', K>): string {
  return render(locale.phrases[key], values);
}

/**
 * Why something was refused: a decoder's FormatError detail, a limit, a host call. It fills an error's
 * `{detail}` (or a FormatError's message), so it starts in lower case and has no full stop.
 */
export function detail<K extends DetailKey>(key: K, ...[values]: ValuesOf<'details', K>): string {
  return render(locale.details[key], values);
}

/** What a `test` route goes through, or why it goes direct (a probe's `note`, a route failure's detail). */
export function routeNote<K extends RouteNoteKey>(key: K, ...[values]: ValuesOf<'routes', K>): string {
  return render(locale.routes[key], values);
}

/** A warning or note a result carries (e.g. `test`'s `warnings`): a sentence, keyed like the errors. */
export function note<K extends NoteKey>(key: K, ...[values]: ValuesOf<'notes', K>): string {
  return render(locale.notes[key], values);
}

/** A text the command line shows a person at a terminal (summaries, help, prompts). */
export function terminalText<K extends TerminalKey>(key: K, ...[values]: ValuesOf<'terminal', K>): string {
  return render(locale.terminal[key], values);
}

/** The one sentence of advice for a probe outcome. */
export function adviceFor(code: ProbeCode): string {
  return locale.advice[code];
}


type LogLevel = Exclude<LogEvent['level'], 'progress'>;

/** A log line for stderr: its key travels as `code`, beside the rendered sentence. */
export function logLine<K extends LogKey>(level: LogLevel, key: K, ...[values]: ValuesOf<'log', K>): LogEvent & { code: K } {
  return { level, code: key, message: render(locale.log[key], values) };
}

export interface FailOptions {
  field?: string;
  exit?: ExitCode;
  details?: unknown;
}

/** A ToolError whose sentence comes from the locale: `fail('FIELD_MISSING', { field }, { field })`. */
export function fail<C extends ErrorCode>(
  code: C,
  ...[values, options]: Signatures['errors'][C] extends readonly [] ? [values?: Values<[]>, options?: FailOptions] : [values: Values<Signatures['errors'][C]>, options?: FailOptions]
): ToolError {
  return new ToolError(code, render(locale.errors[code], values), options ?? {});
}

export { EXIT };
