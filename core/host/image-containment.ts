import { lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fail } from '../messages';
import { entryExists } from './entry-exists';

/**
 * An image is a folder someone handed us: a version folder or `.defenderproxy` that is a symbolic link out of
 * it would make a write (a set, a backup, the lock) land outside the image. Links that stay inside are fine.
 */

/** Enough for any real image; a folder with more entries is not an image. */
const MAX_ENTRIES = 200_000;

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Where a link leads: its real path, or for a dangling link the path it names. */
function linkTarget(link: string): string {
  try {
    return realpathSync(link);
  } catch {
    return resolve(dirname(link), readlinkSync(link));
  }
}

/** Throws MACHINE_LINK_OUTSIDE for the first link below `root` (a real path) that leads outside it. */
export function refuseOutwardLinks(root: string): void {
  const pending = [root];
  let seen = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const name of readdirSync(folder)) {
      if (++seen > MAX_ENTRIES) throw fail('MACHINE_NOT_IMAGE', { path: root }, { field: 'machine' });
      const path = `${folder}${sep}${name}`;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) {
        const target = linkTarget(path);
        if (!isInside(root, target)) throw fail('MACHINE_LINK_OUTSIDE', { link: relative(root, path), target }, { field: 'machine' });
      } else if (stat.isDirectory()) pending.push(path);
    }
  }
}

/**
 * Before a write: the nearest existing folder on the way to `path` (and `path` itself, if it is a link) must
 * really lie inside `root`. Checked again at write time, since the image may have changed since it was opened.
 */
export function assertWritableInside(root: string, path: string): void {
  let existing = path;
  while (!entryExists(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const target = lstatSync(existing).isSymbolicLink() ? linkTarget(existing) : realpathSync(existing);
  if (!isInside(root, target)) throw fail('MACHINE_LINK_OUTSIDE', { link: relative(root, path), target }, { field: 'machine' });
}
