import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.cache', '.tools', '.git', 'tmp']);

/** Files of the repository whose names match, outside build output and dependencies; paths relative to the root. */
export function repoFiles(match: RegExp, folder = ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!SKIPPED_FOLDERS.has(name)) walk(full);
      } else if (match.test(name)) {
        found.push(relative(ROOT, full));
      }
    }
  };
  walk(folder);
  return found;
}

export const POWERSHELL_FILE = /\.(ps1|psm1|psd1)$/i;
