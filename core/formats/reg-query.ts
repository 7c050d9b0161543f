/**
 * The text `reg query` prints (FORMATS.md §4), turned back into the registry model:
 *
 *     (blank)
 *     HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\DataCollection
 *         TelemetryProxyServer    REG_SZ    proxy.contoso.com:8080
 *         DisableEnterpriseAuthProxy    REG_DWORD    0x1
 *     (blank)
 *
 * Without /s, reg query lists the key's subkeys after its values as bare paths with no blank line between
 * them; with /s every key is its own block ended by a blank line. The `(Default)` name and the
 * `(value not set)` text are localized: pass the local spellings when they differ (reg export is the
 * locale-proof way to read a whole key).
 */
import { FormatError } from '../errors';
import { REG, RegKey, RegValue, canonicalKeyPath, multiSzValue, szValue } from './registry-model';

const MALFORMED = 'REG_QUERY_MALFORMED';
const FORMAT = 'reg query output';
const INDENT = '    ';

export interface RegQueryOptions {
  /** How this Windows spells the default value's name; English `(Default)`. */
  defaultValueName?: string;
  /** What it prints for a default value that is not set; English `(value not set)`. */
  valueNotSet?: string;
}

export interface RegQueryOutput {
  /** Keys whose values were listed (every key with /s), in output order. */
  keys: RegKey[];
  /** Subkeys named without their values (reg query without /s), full paths. */
  subkeys: string[];
}

const TYPES_BY_NAME: Record<string, number> = {
  REG_NONE: REG.NONE,
  REG_SZ: REG.SZ,
  REG_EXPAND_SZ: REG.EXPAND_SZ,
  REG_BINARY: REG.BINARY,
  REG_DWORD: REG.DWORD,
  REG_DWORD_BIG_ENDIAN: REG.DWORD_BIG_ENDIAN,
  REG_LINK: REG.LINK,
  REG_MULTI_SZ: REG.MULTI_SZ,
  REG_RESOURCE_LIST: REG.RESOURCE_LIST,
  REG_FULL_RESOURCE_DESCRIPTOR: REG.FULL_RESOURCE_DESCRIPTOR,
  REG_RESOURCE_REQUIREMENTS_LIST: REG.RESOURCE_REQUIREMENTS_LIST,
  REG_QWORD: REG.QWORD,
};

interface Line {
  text: string;
  offset: number;
  number: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r?\n/g;
  let start = 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    lines.push({ text: text.slice(start, m.index), offset: start, number: lines.length + 1 });
    start = m.index + m[0].length;
  }
  // The newline that ends the last line does not start another (blank) line: blank lines carry meaning here.
  if (start < text.length || lines.length === 0) lines.push({ text: text.slice(start), offset: start, number: lines.length + 1 });
  return lines;
}

function malformed(line: Line, column: number, detail: string): FormatError {
  return new FormatError(MALFORMED, FORMAT, line.offset + column, `line ${line.number}: ${detail}`);
}

/** The keys whose values reg query printed (see parseRegQueryOutput for subkey listings). */
export function parseRegQuery(stdout: string, options: RegQueryOptions = {}): RegKey[] {
  return parseRegQueryOutput(stdout, options).keys;
}

/** Keys with their values, and subkeys listed by name only. Throws FormatError REG_QUERY_MALFORMED. */
export function parseRegQueryOutput(stdout: string, options: RegQueryOptions = {}): RegQueryOutput {
  const defaultName = options.defaultValueName ?? '(Default)';
  const valueNotSet = options.valueNotSet ?? '(value not set)';
  const lines = splitLines(stdout);
  const lastText = lastNonBlankIndex(lines);
  const keys: RegKey[] = [];
  const subkeys: string[] = [];
  let current: RegKey | null = null;

  const closeKey = (endedByBlank: boolean) => {
    const key: RegKey | null = current;
    current = null;
    if (!key) return;
    // A bare path not followed by values or a blank line is a subkey listing (reg query without /s).
    if (key.values.length === 0 && !endedByBlank) subkeys.push(key.path);
    else keys.push(key);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.text.trim() === '') {
      closeKey(true);
      continue;
    }
    if (line.text.startsWith(INDENT)) {
      if (!current) throw malformed(line, 0, 'a value line comes before any key line');
      const value = parseValueLine(line, defaultName, valueNotSet);
      if (value) current.values.push(value);
      continue;
    }
    if (/^(?:HKEY_[A-Z_]*|HKLM|HKCU|HKU|HKCR|HKCC)(?:\\|$)/i.test(line.text)) {
      closeKey(false);
      current = { path: keyPath(line), values: [] };
      continue;
    }
    // `reg query /f` ends with a (localized) summary such as "End of search: 2 match(es) found."
    if (i === lastText) continue;
    throw malformed(line, 0, `unexpected text "${excerpt(line.text)}"; expected a key path or an indented value line`);
  }
  closeKey(false);
  return { keys, subkeys };
}

function lastNonBlankIndex(lines: Line[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].text.trim() !== '') return i;
  return -1;
}

function keyPath(line: Line): string {
  try {
    return canonicalKeyPath(line.text);
  } catch {
    throw malformed(line, 0, `unknown registry root in "${excerpt(line.text)}"`);
  }
}

function excerpt(s: string): string {
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/** `    name    TYPE    data`; names may contain spaces, data may be empty (with or without the separator). */
function parseValueLine(line: Line, defaultName: string, valueNotSet: string): RegValue | null {
  const separator = /    (REG_[A-Z_]+)(?=    |\s*$)/g;
  const body = line.text.slice(INDENT.length);
  for (let m = separator.exec(body); m !== null; m = separator.exec(body)) {
    const type = TYPES_BY_NAME[m[1]];
    if (type === undefined) continue;
    const rawName = body.slice(0, m.index);
    const afterType = m.index + m[0].length;
    const dataStart = body.startsWith(INDENT, afterType) ? afterType + INDENT.length : body.length;
    const data = body.slice(dataStart);
    const isDefault = rawName === defaultName;
    if (isDefault && type === REG.SZ && data === valueNotSet) return null;
    const name = isDefault ? '' : rawName;
    const dataColumn = INDENT.length + dataStart;
    return { name, ...parseData(line, dataColumn, type, data) };
  }
  throw malformed(line, 0, `expected "    name    REG_TYPE    data", found "${excerpt(line.text)}"`);
}

function parseData(line: Line, column: number, type: number, text: string): { type: number; data: Buffer } {
  switch (type) {
    case REG.SZ:
    case REG.EXPAND_SZ:
      return { type, data: szValue('', text, type).data };
    case REG.MULTI_SZ:
      return { type, data: multiSzValue('', text === '' ? [] : text.split('\\0')).data };
    case REG.DWORD:
    case REG.DWORD_BIG_ENDIAN: {
      const n = parseHexNumber(line, column, text, 8);
      const data = Buffer.alloc(4);
      if (type === REG.DWORD) data.writeUInt32LE(Number(n));
      else data.writeUInt32BE(Number(n));
      return { type, data };
    }
    case REG.QWORD: {
      const data = Buffer.alloc(8);
      data.writeBigUInt64LE(parseHexNumber(line, column, text, 16));
      return { type, data };
    }
    default:
      if (!/^(?:[0-9A-Fa-f]{2})*$/.test(text)) {
        throw malformed(line, column, `bad hex data "${excerpt(text)}"; expected pairs of hex digits like 46000000`);
      }
      return { type, data: Buffer.from(text, 'hex') };
  }
}

function parseHexNumber(line: Line, column: number, text: string, maxDigits: number): bigint {
  const m = /^0x([0-9A-Fa-f]+)$/.exec(text);
  if (!m || m[1].length > maxDigits) {
    throw malformed(line, column, `bad number "${excerpt(text)}"; expected 0x and up to ${maxDigits} hex digits`);
  }
  return BigInt('0x' + m[1]);
}

/**
 * reg query's answer by exit code: 1 means the key or value does not exist (the stderr text is localized,
 * so it is not read) → null; 0 → the keys printed. Any other code is an error.
 */
export function parseRegQueryResult(
  result: { exitCode: number; stdout: string },
  options: RegQueryOptions = {},
): RegKey[] | null {
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) {
    throw new FormatError('REG_QUERY_FAILED', 'reg query', 0, `reg query exited with code ${result.exitCode}`);
  }
  return parseRegQuery(result.stdout, options);
}
