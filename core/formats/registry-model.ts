import { detail } from '../messages';
/**
 * The registry as the codecs and hosts see it: raw value bytes exactly as Windows stores them, plus the type
 * number. Text forms (.reg files, `reg query` output) are views of this model.
 */

export const REG = {
  NONE: 0,
  SZ: 1,
  EXPAND_SZ: 2,
  BINARY: 3,
  DWORD: 4,
  DWORD_BIG_ENDIAN: 5,
  LINK: 6,
  MULTI_SZ: 7,
  RESOURCE_LIST: 8,
  FULL_RESOURCE_DESCRIPTOR: 9,
  RESOURCE_REQUIREMENTS_LIST: 10,
  QWORD: 11,
} as const;

export const REG_TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
};

export interface RegValue {
  /** '' is the key's default value (`@` in .reg files, `(Default)` in reg query). */
  name: string;
  type: number;
  data: Buffer;
}

export interface RegKey {
  /** Full path with the long root name, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows Defender`. */
  path: string;
  values: RegValue[];
}

const ROOTS: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKEY_LOCAL_MACHINE: 'HKEY_LOCAL_MACHINE',
  HKU: 'HKEY_USERS',
  HKEY_USERS: 'HKEY_USERS',
  HKCU: 'HKEY_CURRENT_USER',
  HKEY_CURRENT_USER: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKEY_CLASSES_ROOT: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
  HKEY_CURRENT_CONFIG: 'HKEY_CURRENT_CONFIG',
};

/** `HKLM\Software\x\` → `HKEY_LOCAL_MACHINE\Software\x`; throws on an unknown root. */
export function canonicalKeyPath(path: string): string {
  const parts = path.split('\\').filter((p) => p.length > 0);
  const root = ROOTS[(parts[0] ?? '').toUpperCase()];
  if (!root) throw new Error(detail('REGISTRY_ROOT_UNKNOWN_IN', { path }));
  return [root, ...parts.slice(1)].join('\\');
}

/** Short form used on reg.exe command lines: `HKLM\...`. */
export function shortKeyPath(path: string): string {
  const canonical = canonicalKeyPath(path);
  const [root, ...rest] = canonical.split('\\');
  const short = Object.entries(ROOTS).find(([k, v]) => v === root && k.length <= 4)![0];
  return [short, ...rest].join('\\');
}

/** Registry paths and value names compare case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when `child` is `parent` or lies below it. */
export function isUnderKey(child: string, parent: string): boolean {
  const c = canonicalKeyPath(child).toLowerCase();
  const p = canonicalKeyPath(parent).toLowerCase();
  return c === p || c.startsWith(p + '\\');
}

// ─── value constructors and readers ─────────────────────────────────────────────────────────────────

export function szValue(name: string, text: string, type: number = REG.SZ): RegValue {
  return { name, type, data: Buffer.from(text + '\0', 'utf16le') };
}

export function dwordValue(name: string, n: number): RegValue {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n >>> 0);
  return { name, type: REG.DWORD, data };
}

export function binaryValue(name: string, data: Buffer): RegValue {
  return { name, type: REG.BINARY, data: Buffer.from(data) };
}

export function multiSzValue(name: string, items: string[]): RegValue {
  return { name, type: REG.MULTI_SZ, data: Buffer.from(items.map((s) => s + '\0').join('') + '\0', 'utf16le') };
}

/** REG_SZ / REG_EXPAND_SZ data as text, without the terminating NUL(s). */
export function readSz(value: RegValue): string {
  const text = value.data.toString('utf16le', 0, value.data.length - (value.data.length % 2));
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

/** null unless the value really is a DWORD: a REG_SZ "1" is not the number 1 to the readers of policies. */
export function readDword(value: RegValue): number | null {
  if ((value.type !== REG.DWORD && value.type !== REG.DWORD_BIG_ENDIAN) || value.data.length < 4) return null;
  return value.type === REG.DWORD_BIG_ENDIAN ? value.data.readUInt32BE(0) : value.data.readUInt32LE(0);
}

export function readMultiSz(value: RegValue): string[] {
  const text = value.data.toString('utf16le', 0, value.data.length - (value.data.length % 2));
  const items = text.split('\0');
  while (items.length > 0 && items[items.length - 1] === '') items.pop();
  return items;
}

/** A value as a short human string, for plans and `before → after` reports. */
export function describeValue(value: RegValue | null): string | null {
  if (!value) return null;
  switch (value.type) {
    case REG.SZ:
    case REG.EXPAND_SZ:
      return readSz(value);
    case REG.DWORD:
    case REG.DWORD_BIG_ENDIAN:
      return String(readDword(value));
    case REG.MULTI_SZ:
      return readMultiSz(value).join(';');
    default:
      return `${REG_TYPE_NAMES[value.type] ?? `type ${value.type}`} ${value.data.toString('hex')}`;
  }
}

export function findValue(key: RegKey | null, name: string): RegValue | null {
  return key?.values.find((v) => sameName(v.name, name)) ?? null;
}
