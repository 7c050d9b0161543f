import { canonicalKeyPath, type RegKey, type RegValue } from '../../formats/registry-model';
import { detail } from '../../messages';
import { WIN32, type Win32 } from './win32';

/**
 * The registry through advapi32, always in the 64-bit view (KEY_WOW64_64KEY), values as the exact type and
 * bytes Windows stores. "Not found" and "refused" are different answers: a key the process may not open is a
 * RegistryAccessError with Windows' code, never a missing key.
 */

const ROOT_HANDLES: Record<string, number> = {
  HKEY_CLASSES_ROOT: 0x80000000 | 0,
  HKEY_CURRENT_USER: 0x80000001 | 0,
  HKEY_LOCAL_MACHINE: 0x80000002 | 0,
  HKEY_USERS: 0x80000003 | 0,
  HKEY_CURRENT_CONFIG: 0x80000005 | 0,
};

const KEY_SET_VALUE = 0x0002;
const KEY_READ = 0x20019;
const KEY_WOW64_64KEY = 0x0100;
const REG_OPTION_NON_VOLATILE = 0;

/** A key that exists but could not be read or written: access refused, or another Windows error. */
export class RegistryAccessError extends Error {
  constructor(
    readonly keyPath: string,
    readonly operation: string,
    readonly win32Error: number,
  ) {
    super(`${operation} ${keyPath}: Windows error ${win32Error}`);
    this.name = 'RegistryAccessError';
  }
}

type Handle = number | bigint;

export class NativeRegistry {
  constructor(private readonly win32: Win32) {}

  /** The values of one key; null when it does not exist. */
  readKey(path: string): RegKey | null {
    const canonical = canonicalKeyPath(path);
    const handle = this.open(canonical, KEY_READ, 'RegOpenKeyExW');
    if (handle === null) return null;
    try {
      return { path: canonical, values: this.values(handle, canonical) };
    } finally {
      this.close(handle);
    }
  }

  /** The key and every key below it, parents first; [] when it does not exist. */
  readTree(path: string): RegKey[] {
    const canonical = canonicalKeyPath(path);
    const handle = this.open(canonical, KEY_READ, 'RegOpenKeyExW');
    if (handle === null) return [];
    let subkeys: string[];
    let key: RegKey;
    try {
      key = { path: canonical, values: this.values(handle, canonical) };
      subkeys = this.subkeyNames(handle, canonical);
    } finally {
      this.close(handle);
    }
    return [key, ...subkeys.flatMap((name) => this.readTree(`${canonical}\\${name}`))];
  }

  /** Creates the key when needed and writes the value with exactly its type and bytes. */
  setValue(keyPath: string, value: RegValue): void {
    const canonical = canonicalKeyPath(keyPath);
    const { root, subkey } = split(canonical);
    const handle = [0 as Handle];
    const status = this.fn('RegCreateKeyExW', 'long', [
      'intptr_t',
      'str16',
      'uint32',
      'void *',
      'uint32',
      'uint32',
      'void *',
      this.win32.koffi.out(this.win32.koffi.pointer('intptr_t')),
      'void *',
    ])(root, subkey, 0, null, REG_OPTION_NON_VOLATILE, KEY_SET_VALUE | KEY_WOW64_64KEY, null, handle, null) as number;
    if (status !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, 'RegCreateKeyExW', status);
    try {
      const written = this.fn('RegSetValueExW', 'long', ['intptr_t', 'str16', 'uint32', 'uint32', 'uint8_t *', 'uint32'])(
        handle[0],
        value.name,
        0,
        value.type,
        value.data.length === 0 ? null : value.data,
        value.data.length,
      ) as number;
      if (written !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, `RegSetValueExW "${value.name}"`, written);
    } finally {
      this.close(handle[0]!);
    }
  }

  /** A value or key that does not exist is already the state wanted. */
  deleteValue(keyPath: string, name: string): void {
    const canonical = canonicalKeyPath(keyPath);
    const handle = this.open(canonical, KEY_SET_VALUE, 'RegOpenKeyExW');
    if (handle === null) return;
    try {
      const status = this.fn('RegDeleteValueW', 'long', ['intptr_t', 'str16'])(handle, name) as number;
      if (status !== WIN32.SUCCESS && status !== WIN32.FILE_NOT_FOUND)
        throw new RegistryAccessError(canonical, `RegDeleteValueW "${name}"`, status);
    } finally {
      this.close(handle);
    }
  }

  /** null when the key (or a parent) does not exist; throws for any other refusal. */
  private open(canonical: string, access: number, operation: string): Handle | null {
    const { root, subkey } = split(canonical);
    const handle = [0 as Handle];
    const status = this.fn('RegOpenKeyExW', 'long', [
      'intptr_t',
      'str16',
      'uint32',
      'uint32',
      this.win32.koffi.out(this.win32.koffi.pointer('intptr_t')),
    ])(root, subkey, 0, access | KEY_WOW64_64KEY, handle) as number;
    if (status === WIN32.FILE_NOT_FOUND || status === WIN32.PATH_NOT_FOUND) return null;
    if (status !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, operation, status);
    return handle[0]!;
  }

  private close(handle: Handle): void {
    this.fn('RegCloseKey', 'long', ['intptr_t'])(handle);
  }

  /** Every value in the order Windows enumerates them (the order reg export writes). */
  private values(handle: Handle, canonical: string): RegValue[] {
    const { koffi } = this.win32;
    const enumValue = this.fn('RegEnumValueW', 'long', [
      'intptr_t',
      'uint32',
      'uint8_t *',
      koffi.inout(koffi.pointer('uint32')),
      'void *',
      koffi.out(koffi.pointer('uint32')),
      'uint8_t *',
      koffi.inout(koffi.pointer('uint32')),
    ]);
    const sizes = this.info(handle, canonical);
    let name = Buffer.alloc((sizes.maxValueNameChars + 1) * 2);
    let data = Buffer.alloc(Math.max(sizes.maxValueBytes, 1));
    const values: RegValue[] = [];
    for (let index = 0; ; ) {
      const nameChars = [name.length / 2];
      const type = [0];
      const dataBytes = [data.length];
      const status = enumValue(handle, index, name, nameChars, null, type, data, dataBytes) as number;
      if (status === WIN32.NO_MORE_ITEMS) return values;
      if (status === WIN32.MORE_DATA) {
        // Grown since RegQueryInfoKeyW: ask again with room for what is there now.
        name = Buffer.alloc(Math.max(name.length * 2, 2 * 16384 + 2));
        data = Buffer.alloc(Math.max(data.length * 2, dataBytes[0]!));
        continue;
      }
      if (status !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, 'RegEnumValueW', status);
      values.push({
        name: name.toString('utf16le', 0, nameChars[0]! * 2),
        type: type[0]!,
        data: Buffer.from(data.subarray(0, dataBytes[0]!)),
      });
      index++;
    }
  }

  private subkeyNames(handle: Handle, canonical: string): string[] {
    const { koffi } = this.win32;
    const enumKey = this.fn('RegEnumKeyExW', 'long', [
      'intptr_t',
      'uint32',
      'uint8_t *',
      koffi.inout(koffi.pointer('uint32')),
      'void *',
      'void *',
      'void *',
      'void *',
    ]);
    // Key names are at most 255 characters.
    const name = Buffer.alloc(2 * 256);
    const names: string[] = [];
    for (let index = 0; ; index++) {
      const chars = [256];
      const status = enumKey(handle, index, name, chars, null, null, null, null) as number;
      if (status === WIN32.NO_MORE_ITEMS) return names;
      if (status !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, 'RegEnumKeyExW', status);
      names.push(name.toString('utf16le', 0, chars[0]! * 2));
    }
  }

  private info(handle: Handle, canonical: string): { maxValueNameChars: number; maxValueBytes: number } {
    const { koffi } = this.win32;
    const out = koffi.out(koffi.pointer('uint32'));
    const nameChars = [0];
    const valueBytes = [0];
    const status = this.fn('RegQueryInfoKeyW', 'long', [
      'intptr_t',
      'void *',
      'void *',
      'void *',
      'void *',
      'void *',
      'void *',
      'void *',
      out,
      out,
      'void *',
      'void *',
    ])(handle, null, null, null, null, null, null, null, nameChars, valueBytes, null, null) as number;
    if (status !== WIN32.SUCCESS) throw new RegistryAccessError(canonical, 'RegQueryInfoKeyW', status);
    return { maxValueNameChars: nameChars[0]!, maxValueBytes: valueBytes[0]! };
  }

  private fn(name: string, result: string, parameters: Parameters<Win32['fn']>[3]) {
    return this.win32.fn('advapi32.dll', name, result, parameters);
  }
}

function split(canonical: string): { root: number; subkey: string } {
  const at = canonical.indexOf('\\');
  const rootName = at === -1 ? canonical : canonical.slice(0, at);
  const root = ROOT_HANDLES[rootName];
  if (root === undefined) throw new Error(detail('REGISTRY_ROOT_UNKNOWN', { root: rootName }));
  return { root, subkey: at === -1 ? '' : canonical.slice(at + 1) };
}
