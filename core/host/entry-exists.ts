import { lstatSync } from 'node:fs';

/** Whether anything is there, a dangling link included (existsSync follows links, so it says no to one). */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
