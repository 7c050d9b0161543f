import { runWindowsCommand } from './windows-commands';

/**
 * The state folder's security on the live machine, with the tools every Windows has (the reg.exe host: no
 * Win32 calls in-process): icacls to set the owner and the DACL, Windows PowerShell's Get-Acl to read the
 * whole descriptor back as SDDL (icacls /save leaves the owner out).
 */

const SYSTEM = '*S-1-5-18';
const ADMINISTRATORS = '*S-1-5-32-544';

/** Owner Administrators; inheritance cut; full control for SYSTEM and Administrators only (STATE_DIRECTORY_SDDL). */
export function applyStateDirectoryAcl(path: string): void {
  runWindowsCommand('icacls.exe', [path, '/setowner', ADMINISTRATORS, '/Q']);
  runWindowsCommand('icacls.exe', [path, '/inheritance:r', '/grant:r', `${SYSTEM}:(OI)(CI)F`, `${ADMINISTRATORS}:(OI)(CI)F`, '/Q']);
}

/**
 * The folder's security descriptor as SDDL; `stub` when powershell.exe answered nothing at all with exit 0, which
 * no Windows PowerShell does for Get-Acl (wine's stub does); null when it cannot be read otherwise.
 */
export function readSddl(path: string): string | 'stub' | null {
  // The path travels in the environment, not in the command text: no quoting of a folder name can break out.
  const result = runWindowsCommand(
    'powershell.exe',
    ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '(Get-Acl -LiteralPath $env:DEFENDERPROXY_ACL_PATH).Sddl'],
    { env: { ...process.env, DEFENDERPROXY_ACL_PATH: path } },
  );
  const sddl = result.stdout.trim();
  if (result.status === 0 && sddl === '' && result.stderr.trim() === '') return 'stub';
  return result.status === 0 && /^O:/.test(sddl) ? sddl : null;
}
