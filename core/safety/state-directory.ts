import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../errors';
import { detail, fail, logLine } from '../messages';
import type { Host } from '../host/host';
import type { Log } from '../log';

/**
 * The tool's own folder on a machine (backups, the change lock): `<image>/.defenderproxy`, or
 * `%ProgramData%\DefenderProxyTools` on the live machine.
 */

/** Creates the folder when missing; true when this call created it (so it can be removed if left empty). */
export function ensureStateDirectory(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return false;
    throw Object.assign(new Error(detail('STATE_NOT_A_FOLDER', { path })), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw stateDirectoryError(path, error);
  }
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw stateDirectoryError(path, error);
  }
  return true;
}

/**
 * On the live machine the folder gets (when new) and must have an ACL for SYSTEM and Administrators only: a
 * restore trusts its backups. A looser one refuses the change (the host throws); one that cannot be read is
 * said in a warning, never passed over silently.
 */
export async function secureStateDirectory(host: Host, created: boolean, log: Log): Promise<void> {
  if (!host.secureStateDirectory) return;
  const check = await host.secureStateDirectory(created);
  if (!check.checked)
    log(logLine(check.quiet ? 'verbose' : 'warning', 'STATE_DIRECTORY_UNCHECKED', { path: host.stateDirectory, reason: check.reason }));
}

/** Removes the folder (and an empty backups folder in it) when nothing else is in it; quiet on any failure. */
export function removeIfEmpty(path: string): void {
  try {
    const entries = readdirSync(path);
    for (const entry of entries) {
      if (entry === 'backups' && readdirSync(join(path, entry)).length === 0) rmdirSync(join(path, entry));
    }
    if (readdirSync(path).length === 0) rmdirSync(path);
  } catch {
    // something appeared meanwhile (another change), or it is gone: either way nothing to do
  }
}

/** A failure on the tool's own folder, before anything on the machine changed: a coded refusal, exit 2. */
export function stateDirectoryError(path: string, error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const detail = `${code ? `${code}: ` : ''}${(error as Error).message ?? String(error)}`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return fail('STATE_DISK_FULL', { path, detail }, { field: 'machine' });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return fail('STATE_DIRECTORY_DENIED', { path, detail }, { field: 'machine' });
  return fail('STATE_DIRECTORY_UNUSABLE', { path, detail }, { field: 'machine' });
}
