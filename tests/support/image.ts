import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './exe';

/** A fresh copy of an example image (examples/<name>) in a temp folder: tests never change examples/. */
export function copyExampleImage(name = 'dc01'): string {
  const target = join(mkdtempSync(join(tmpdir(), `dp-${name}-`)), name);
  cpSync(join(ROOT, 'examples', name), target, { recursive: true });
  return target;
}

/** Relative path → sha256 of every file below a folder, to prove a folder unchanged. */
export function hashTree(folder: string, skip: (relativePath: string) => boolean = () => false): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(folder, full);
      if (skip(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else hashes[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return hashes;
}
