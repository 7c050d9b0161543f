import type * as Koffi from 'koffi';

export type KoffiModule = typeof Koffi;
/** What koffi takes as a type: a name such as 'uint32', or a type object. */
export type TypeSpec = Parameters<KoffiModule['out']>[0];
/** A declared native function: what it takes and returns is what its declaration says, checked by koffi at the call. */
export type NativeFunction = (...args: unknown[]) => unknown;

/**
 * The Win32 API through koffi: the loaded addon and the DLLs it opened, each once. Functions are declared
 * where they are used (registry.ts, services.ts, ...), on first use: a get declares only what it calls.
 */
export class Win32 {
  private readonly libraries = new Map<string, Koffi.LibraryHandle>();
  private readonly functions = new Map<string, NativeFunction>();
  private readonly types = new Map<string, Koffi.TypeObject>();

  constructor(readonly koffi: KoffiModule) {}

  /** One stdcall function of a system DLL, declared once (x64 has one calling convention; koffi wants it named). */
  fn(dll: string, name: string, result: TypeSpec, parameters: TypeSpec[]): NativeFunction {
    const id = `${dll}!${name}`;
    let found = this.functions.get(id);
    if (!found) {
      let library = this.libraries.get(dll);
      if (!library) {
        library = this.koffi.load(dll);
        this.libraries.set(dll, library);
      }
      found = library.func('__stdcall', name, result, parameters);
      this.functions.set(id, found);
    }
    return found;
  }

  /** A named type declared once (koffi refuses a second declaration under the same name). */
  type(name: string, declare: () => Koffi.TypeObject): Koffi.TypeObject {
    const existing = this.types.get(name);
    if (existing) return existing;
    const made = declare();
    this.types.set(name, made);
    return made;
  }

  /**
   * The calling thread's last error, right after the call that set it: koffi keeps the value across its own
   * calls (it parks it in the TEB between calls), so GetLastError through koffi sees the failed call's code.
   */
  lastError(): number {
    return this.fn('kernel32.dll', 'GetLastError', 'uint32', [])() as number;
  }

  /** Copies `length` bytes at a native pointer into a Buffer that stays valid after the memory is freed. */
  bytesAt(pointer: unknown, length: number): Buffer {
    return length === 0 ? Buffer.alloc(0) : Buffer.from(new Uint8Array(this.koffi.view(pointer, length)));
  }
}

/** Win32 error codes this tool tells apart. */
export const WIN32 = {
  SUCCESS: 0,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  MORE_DATA: 234,
  NO_MORE_ITEMS: 259,
  SERVICE_ALREADY_RUNNING: 1056,
  SERVICE_DOES_NOT_EXIST: 1060,
  SERVICE_NOT_ACTIVE: 1062,
  INSUFFICIENT_BUFFER: 122,
} as const;

/** `ERROR_ACCESS_DENIED (5)`: how errors name a Win32 code. */
export function win32ErrorName(code: number): string {
  const names: Record<number, string> = {
    2: 'ERROR_FILE_NOT_FOUND',
    3: 'ERROR_PATH_NOT_FOUND',
    5: 'ERROR_ACCESS_DENIED',
    6: 'ERROR_INVALID_HANDLE',
    234: 'ERROR_MORE_DATA',
    1056: 'ERROR_SERVICE_ALREADY_RUNNING',
    1060: 'ERROR_SERVICE_DOES_NOT_EXIST',
    1062: 'ERROR_SERVICE_NOT_ACTIVE',
    1072: 'ERROR_SERVICE_MARKED_FOR_DELETE',
    1053: 'ERROR_SERVICE_REQUEST_TIMEOUT',
    1058: 'ERROR_SERVICE_DISABLED',
  };
  const hex = code > 0xffff || code < 0 ? ` 0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}` : '';
  return `${names[code] ?? 'Windows error'} (${code >>> 0}${hex ? `,${hex}` : ''})`;
}
