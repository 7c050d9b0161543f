import { windowsDirname, windowsJoin } from '../../formats/windows-path';

/**
 * Where the koffi addon may be loaded from (pure: paths in, paths out). A DLL runs with the tool's rights
 * (an administrator's, or SYSTEM's under Intune), so it must come from a folder an ordinary user cannot write:
 * - beside the executable, but only when the executable itself lies under Program Files or the Windows folder
 *   (where ordinary users may create nothing: the module's bin folder is installed there);
 * - else a cache folder under Program Files, written once by an elevated run. Not %ProgramData%: ordinary
 *   users may create folders and files there, and telling a planted folder from the tool's own needs its ACL,
 *   which only native code (the addon itself) could read.
 * Wherever it lies, a file is loaded only when it is byte for byte the addon the executable carries (addon.ts).
 */

export const ADDON_FILE = 'koffi.node';

export interface AddonLocations {
  /** `<exe folder>\koffi.node`, or null when the executable's folder is not one only administrators write. */
  besideExecutable: string | null;
  /** The cache file under Program Files, or null when the environment names no Program Files folder. */
  cache: string | null;
}

/** Program Files (64-bit, 32-bit) and the Windows folder: by default only administrators create anything below them. */
export function protectedRoots(env: Record<string, string | undefined>): string[] {
  const roots = [env.ProgramW6432, env.ProgramFiles, env['ProgramFiles(x86)'], env.SystemRoot ?? env.windir]
    .filter((r): r is string => typeof r === 'string' && /^[A-Za-z]:\\./.test(r))
    .map((r) => r.replace(/\\+$/, ''));
  return [...new Set(roots.map((r) => r.toLowerCase()))].map((lower) => roots.find((r) => r.toLowerCase() === lower)!);
}

/** Case-insensitive, on whole path components; `..` anywhere is refused. */
export function isUnderFolder(path: string, folder: string): boolean {
  if (path.split('\\').includes('..')) return false;
  const p = path.toLowerCase();
  const f = folder.toLowerCase().replace(/\\+$/, '');
  return p.startsWith(f + '\\');
}

/**
 * @param executable the executable's real path (links resolved), as Windows names it
 * @param addonVersion koffi's version and the first hex digits of the addon's SHA-256 name the cache file,
 *   so two builds never load each other's addon
 */
export function addonLocations(
  executable: string,
  env: Record<string, string | undefined>,
  addonVersion: string,
  sha256: string,
): AddonLocations {
  const roots = protectedRoots(env);
  const folder = windowsDirname(executable);
  const trusted = roots.some((root) => isUnderFolder(folder + '\\', root));
  const programFiles = (env.ProgramW6432 ?? env.ProgramFiles)?.replace(/\\+$/, '');
  return {
    besideExecutable: trusted ? windowsJoin(folder, ADDON_FILE) : null,
    cache:
      programFiles && /^[A-Za-z]:\\./.test(programFiles)
        ? windowsJoin(programFiles, 'DefenderProxyTools', 'addon', `koffi-${addonVersion}-${sha256.slice(0, 16).toLowerCase()}.node`)
        : null,
  };
}
