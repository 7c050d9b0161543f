// The koffi addon the Windows executable carries: win32_x64/koffi.node from the npm package
// @koromix/koffi-win32-x64, at the version and integrity package-lock.json pins (koffi's optional dependency;
// npm skips installing it on Linux, so it is fetched with `npm pack` into a git-ignored cache and its tarball
// checked against the lock's sha512 before anything is taken out of it).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const PACKAGE = '@koromix/koffi-win32-x64';
const INNER = 'package/win32_x64/koffi.node';
export const KOFFI_CACHE = join(ROOT, '.cache', 'koffi');

export interface KoffiAddon {
  /** koffi's version, which the loaded addon must report. */
  version: string;
  file: string;
  sha256: string;
  bytes: number;
}

/** Version and sha512 integrity of the package as package-lock.json pins them. */
export function lockedAddonPackage(lockText: string = readFileSync(join(ROOT, 'package-lock.json'), 'utf8')): {
  version: string;
  integrity: string;
} {
  const entry = (JSON.parse(lockText) as { packages?: Record<string, { version?: string; integrity?: string }> }).packages?.[
    `node_modules/${PACKAGE}`
  ];
  if (!entry?.version || !entry.integrity?.startsWith('sha512-'))
    throw new Error(`package-lock.json pins no ${PACKAGE} with a sha512 integrity`);
  return { version: entry.version, integrity: entry.integrity };
}

/** Fetches (once) and checks the package, and returns the extracted koffi.node. */
export function koffiAddon(): KoffiAddon {
  const { version, integrity } = lockedAddonPackage();
  const tarball = join(KOFFI_CACHE, `koromix-koffi-win32-x64-${version}.tgz`);
  const folder = join(KOFFI_CACHE, version);
  const file = join(folder, INNER);
  mkdirSync(folder, { recursive: true });
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--pack-destination', KOFFI_CACHE, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== integrity)
    throw new Error(`${tarball} is not what package-lock.json pins (${actual} ≠ ${integrity}): delete it and build again`);
  if (!existsSync(file)) execFileSync('tar', ['xzf', tarball, '-C', folder, INNER]);
  const content = readFileSync(file);
  return { version, file, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length };
}
