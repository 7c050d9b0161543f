import type { Win32 } from './win32';

/**
 * A folder's security descriptor through advapi32: read as SDDL (owner, group and DACL), and set from SDDL
 * (owner and a protected DACL). What the reg.exe host does with icacls and Get-Acl, in-process and with
 * Windows' own error codes.
 */

const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const GROUP_SECURITY_INFORMATION = 0x2;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
const SDDL_REVISION_1 = 1;

/** A security call that failed: its name and Windows' code. */
export class SecurityError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
  ) {
    super(`${call}: Windows error ${status}`);
    this.name = 'SecurityError';
  }
}

export class NativeSecurity {
  constructor(private readonly win32: Win32) {}

  /** The folder's owner, group and DACL as SDDL. */
  readSddl(path: string): string {
    const { koffi } = this.win32;
    const info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    const descriptor = [null as unknown];
    const status = this.win32.fn('advapi32.dll', 'GetNamedSecurityInfoW', 'uint32', [
      'str16',
      'int',
      'uint32',
      'void *',
      'void *',
      'void *',
      'void *',
      koffi.out(koffi.pointer('void *')),
    ])(path, SE_FILE_OBJECT, info, null, null, null, null, descriptor) as number;
    if (status !== 0) throw new SecurityError('GetNamedSecurityInfoW', status);
    try {
      const text = [null as unknown];
      const length = [0];
      const ok = this.win32.fn('advapi32.dll', 'ConvertSecurityDescriptorToStringSecurityDescriptorW', 'int', [
        'void *',
        'uint32',
        'uint32',
        koffi.out(koffi.pointer('void *')),
        koffi.out(koffi.pointer('uint32')),
      ])(descriptor[0], SDDL_REVISION_1, info, text, length) as number;
      if (!ok) throw new SecurityError('ConvertSecurityDescriptorToStringSecurityDescriptorW', this.win32.lastError());
      try {
        return this.win32.bytesAt(text[0], Math.max(0, length[0]! - 1) * 2).toString('utf16le');
      } finally {
        this.localFree(text[0]);
      }
    } finally {
      this.localFree(descriptor[0]);
    }
  }

  /** Gives the folder the owner and the DACL of `sddl`, the DACL protected (nothing inherited from its parent). */
  writeSddl(path: string, sddl: string): void {
    const { koffi } = this.win32;
    const descriptor = [null as unknown];
    const ok = this.win32.fn('advapi32.dll', 'ConvertStringSecurityDescriptorToSecurityDescriptorW', 'int', [
      'str16',
      'uint32',
      koffi.out(koffi.pointer('void *')),
      'void *',
    ])(sddl, SDDL_REVISION_1, descriptor, null) as number;
    if (!ok) throw new SecurityError('ConvertStringSecurityDescriptorToSecurityDescriptorW', this.win32.lastError());
    try {
      const info = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION;
      const set = this.win32.fn('advapi32.dll', 'SetFileSecurityW', 'int', ['str16', 'uint32', 'void *'])(
        path,
        info >>> 0,
        descriptor[0],
      ) as number;
      if (!set) throw new SecurityError('SetFileSecurityW', this.win32.lastError());
    } finally {
      this.localFree(descriptor[0]);
    }
  }

  /**
   * Whether this is wine rather than Windows (ntdll exports wine_get_version): wine keeps a file's security
   * descriptor only where the file system stores extended attributes, so a folder may not keep what was set.
   */
  isWine(): boolean {
    const ntdll = this.win32.fn('kernel32.dll', 'GetModuleHandleW', 'void *', ['str16'])('ntdll.dll');
    return Boolean(ntdll && this.win32.fn('kernel32.dll', 'GetProcAddress', 'void *', ['void *', 'str'])(ntdll, 'wine_get_version'));
  }

  private localFree(pointer: unknown): void {
    if (pointer) this.win32.fn('kernel32.dll', 'LocalFree', 'void *', ['void *'])(pointer);
  }
}
