import { detail } from '../../messages';
import type { Win32 } from './win32';

/** Running processes from a Toolhelp snapshot (kernel32), without starting tasklist. */

const TH32CS_SNAPPROCESS = 0x2;
const MAX_PATH = 260;

export class NativeProcesses {
  constructor(private readonly win32: Win32) {}

  /** The image names (e.g. `SenseIdentity.exe`) of every running process. */
  imageNames(): string[] {
    const { koffi } = this.win32;
    const entryType = this.win32.type('PROCESSENTRY32W', () =>
      koffi.struct('PROCESSENTRY32W', {
        dwSize: 'uint32',
        cntUsage: 'uint32',
        th32ProcessID: 'uint32',
        th32DefaultHeapID: 'uintptr_t',
        th32ModuleID: 'uint32',
        cntThreads: 'uint32',
        th32ParentProcessID: 'uint32',
        pcPriClassBase: 'int32',
        dwFlags: 'uint32',
        szExeFile: koffi.array('uint16', MAX_PATH),
      }),
    );
    const snapshot = this.fn('CreateToolhelp32Snapshot', 'void *', ['uint32', 'uint32'])(TH32CS_SNAPPROCESS, 0);
    // INVALID_HANDLE_VALUE is all ones.
    if (!snapshot || koffi.address(snapshot) === 0xffffffffffffffffn)
      throw new Error(detail('WINDOWS_CALL_FAILED', { call: 'CreateToolhelp32Snapshot', error: this.win32.lastError() }));
    try {
      const first = this.fn('Process32FirstW', 'int', ['void *', koffi.inout(koffi.pointer(entryType))]);
      const next = this.fn('Process32NextW', 'int', ['void *', koffi.inout(koffi.pointer(entryType))]);
      const names: string[] = [];
      const entry = { dwSize: koffi.sizeof(entryType) } as { dwSize: number; szExeFile?: number[] };
      for (let ok = first(snapshot, entry) as number; ok; ok = next(snapshot, entry) as number) {
        const chars = entry.szExeFile ?? [];
        const end = chars.indexOf(0);
        names.push(String.fromCharCode(...chars.slice(0, end === -1 ? chars.length : end)));
        entry.dwSize = koffi.sizeof(entryType);
      }
      return names;
    } finally {
      this.fn('CloseHandle', 'int', ['void *'])(snapshot);
    }
  }

  private fn(name: string, result: string, parameters: Parameters<Win32['fn']>[3]) {
    return this.win32.fn('kernel32.dll', name, result, parameters);
  }
}
