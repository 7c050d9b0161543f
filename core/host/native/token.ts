import { detail } from '../../messages';
import type { Win32 } from './win32';

/** Whether this process holds an elevated token (GetTokenInformation TokenElevation). */

const TOKEN_QUERY = 0x0008;
const TOKEN_ELEVATION = 20;

export function isTokenElevated(win32: Win32): boolean {
  const { koffi } = win32;
  const process = win32.fn('kernel32.dll', 'GetCurrentProcess', 'void *', [])();
  const token = [null as unknown];
  const opened = win32.fn('advapi32.dll', 'OpenProcessToken', 'int', ['void *', 'uint32', koffi.out(koffi.pointer('void *'))])(
    process,
    TOKEN_QUERY,
    token,
  ) as number;
  if (!opened) throw new Error(detail('WINDOWS_CALL_FAILED', { call: 'OpenProcessToken', error: win32.lastError() }));
  try {
    const elevation = Buffer.alloc(4);
    const needed = [0];
    const ok = win32.fn('advapi32.dll', 'GetTokenInformation', 'int', [
      'void *',
      'int',
      'uint8_t *',
      'uint32',
      koffi.out(koffi.pointer('uint32')),
    ])(token[0], TOKEN_ELEVATION, elevation, elevation.length, needed) as number;
    if (!ok) throw new Error(detail('WINDOWS_CALL_FAILED', { call: 'GetTokenInformation TokenElevation', error: win32.lastError() }));
    return elevation.readUInt32LE(0) !== 0;
  } finally {
    win32.fn('kernel32.dll', 'CloseHandle', 'int', ['void *'])(token[0]);
  }
}
