import type { Change, StoreName } from '../protocol';
import { canonicalKeyPath, type RegKey, type RegValue } from '../formats/registry-model';

/**
 * One write a change needs, with what was there before so that it can be rolled back. A plan is a list of
 * these; stores compute them from what they read (pure), commands apply them (I/O).
 */
export type Write = ValueWrite | FileWrite;

export interface ValueWrite {
  kind: 'value';
  store: StoreName;
  key: string;
  name: string;
  /** null: the value did not exist. */
  before: RegValue | null;
  /** null: delete the value. */
  after: RegValue | null;
  /** How `plan` shows it: readable strings, secrets as `<encrypted>`. */
  change: Change;
}

export interface FileWrite {
  kind: 'file';
  store: StoreName;
  path: string;
  before: Buffer;
  after: Buffer;
  /** The MDI sensor reads this file at start: stop its updater before, start it after, check it runs. */
  restartsSensor: boolean;
  change: Change;
  /** Permission bits to give the file with `after` / back with `before` (a restore); unset keeps the file's own. */
  modeAfter?: number | null;
  modeBefore?: number | null;
}

/** `HKEY_...\Key\Value` as plans and backups name a registry value. */
export function valueTarget(key: string, name: string): string {
  return `${canonicalKeyPath(key)}\\${name === '' ? '(Default)' : name}`;
}

/** A value write, or nothing when the value already holds exactly the wanted data. */
export function valueWrite(
  store: StoreName,
  key: string,
  before: RegValue | null,
  after: RegValue | null,
  describe: (value: RegValue | null) => string | null,
  name: string = (after ?? before)!.name,
): ValueWrite[] {
  if (sameValue(before, after)) return [];
  return [
    {
      kind: 'value',
      store,
      key: canonicalKeyPath(key),
      name,
      before,
      after,
      change: { store, target: valueTarget(key, name), before: describe(before), after: describe(after) },
    },
  ];
}

export function sameValue(a: RegValue | null, b: RegValue | null): boolean {
  if (a === null || b === null) return a === b;
  return a.type === b.type && a.data.equals(b.data);
}

/** Registry keys as a plan reads them: a lookup by path that answers null for a missing key. */
export interface KeySnapshot {
  key(path: string): RegKey | null;
}

export function keySnapshot(keys: (RegKey | null)[], paths: readonly string[]): KeySnapshot {
  const byPath = new Map(paths.map((p, i) => [canonicalKeyPath(p).toLowerCase(), keys[i] ?? null]));
  return { key: (path) => byPath.get(canonicalKeyPath(path).toLowerCase()) ?? null };
}
