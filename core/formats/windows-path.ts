/** Pure helpers for Windows paths as the Service Control Manager and the registry spell them. */

/** `"C:\Program Files\X\a.exe" -arg` or `C:\X\a.exe -arg` → `C:\Program Files\X\a.exe`. */
export function executableOfBinaryPath(binaryPath: string): string {
  const trimmed = binaryPath.trim();
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    return end === -1 ? trimmed.slice(1) : trimmed.slice(1, end);
  }
  const exe = trimmed.search(/\.exe(\s|$)/i);
  return exe === -1 ? trimmed.split(/\s+/)[0]! : trimmed.slice(0, exe + 4);
}

export function windowsDirname(path: string): string {
  const at = path.lastIndexOf('\\');
  return at <= 0 ? path : path.slice(0, at);
}

export function windowsBasename(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

export function windowsJoin(...parts: string[]): string {
  return parts
    .map((p, i) => (i === 0 ? p.replace(/\\+$/, '') : p.replace(/^\\+|\\+$/g, '')))
    .filter((p) => p.length > 0)
    .join('\\');
}

/** `C:\Program Files\x` → ['C', 'Program Files', 'x']; null when it is not an absolute drive path. */
export function splitDrivePath(path: string): { drive: string; parts: string[] } | null {
  const match = /^([A-Za-z]):\\?(.*)$/.exec(path.replace(/\//g, '\\'));
  if (!match) return null;
  const parts = match[2]!.split('\\').filter((p) => p.length > 0 && p !== '.');
  if (parts.includes('..')) return null;
  return { drive: match[1]!.toUpperCase(), parts };
}
