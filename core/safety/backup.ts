import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Host } from '../host/host';
import type { BackupInfo } from '../protocol';
import type { Write } from '../stores/writes';
import { decodeRegFileBytes, encodeRegFileBytes } from '../formats/reg-file';
import { windowsBasename } from '../formats/windows-path';
import { fail, logLine } from '../messages';
import { EXIT } from '../errors';
import type { Log } from '../log';

/**
 * Backups before every write: `<stateDirectory>/backups/<id>/` holds registry.reg (what `reg export` writes
 * for every touched key: it can also be imported by hand), a byte copy of every touched file, and
 * manifest.json. Sensor passwords are in the files only as the ciphertext the sensor keeps.
 */
export interface BackupManifest extends BackupInfo {
  /** Registry keys exported (with their subkeys), also those that did not exist. */
  keys: string[];
  /** `mode`: the file's permission bits where the host keeps them (an image), so that a restore gives them back. */
  files: { path: string; copy: string; sha256: string; mode?: number | null }[];
}

export interface BackupRef {
  id: string;
  path: string;
}

export interface LoadedBackup {
  manifest: BackupManifest;
  /** The text of registry.reg. */
  registryText: string;
  fileBytes: Map<string, Buffer>;
  path: string;
}

const REGISTRY_COPY = 'registry.reg';
const MANIFEST = 'manifest.json';
const ID_PATTERN = /^\d{8}T\d{6}\d{3}Z-[0-9a-f]{6}$/;

export function backupsDirectory(stateDirectory: string): string {
  return join(stateDirectory, 'backups');
}

/** The keys and files a list of writes touches. */
export function touchedTargets(writes: Write[]): { keys: string[]; files: { path: string; bytes: Buffer }[] } {
  const keys = new Map<string, string>();
  const files = new Map<string, { path: string; bytes: Buffer }>();
  for (const write of writes) {
    if (write.kind === 'value') keys.set(write.key.toLowerCase(), write.key);
    else if (!files.has(write.path.toLowerCase())) files.set(write.path.toLowerCase(), { path: write.path, bytes: write.before });
  }
  return { keys: [...keys.values()], files: [...files.values()] };
}

export async function createBackup(host: Host, writes: Write[], reason: string): Promise<BackupRef> {
  const created = new Date();
  const id = `${created.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const folder = join(backupsDirectory(host.stateDirectory), id);
  const partial = `${folder}.partial`;
  try {
    const { keys, files } = touchedTargets(writes);
    mkdirSync(join(partial, 'files'), { recursive: true });
    writeFileSync(join(partial, REGISTRY_COPY), encodeRegFileBytes(await host.exportKeys(keys), 'utf16le'), { mode: 0o600 });
    const copies = [];
    for (const [i, file] of files.entries()) {
      const copy = join('files', `${i}-${windowsBasename(file.path)}`);
      writeFileSync(join(partial, copy), file.bytes, { mode: 0o600 });
      const mode = (await host.fileMode?.(file.path)) ?? null;
      copies.push({ path: file.path, copy, sha256: createHash('sha256').update(file.bytes).digest('hex'), ...(mode === null ? {} : { mode }) });
    }
    const manifest: BackupManifest = { id, created: created.toISOString(), reason, targets: [...keys, ...files.map((f) => f.path)], keys, files: copies };
    writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    renameSync(partial, folder);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw fail('BACKUP_FAILED', { detail: error instanceof Error ? error.message : String(error) }, { exit: EXIT.ROLLED_BACK });
  }
  return { id, path: folder };
}

/**
 * Every backup whose manifest can be read, oldest first. A backup with a broken manifest is skipped with a
 * warning naming it: one bad folder must not hide all the others.
 */
export function listBackups(stateDirectory: string, warn: Log = () => undefined): BackupInfo[] {
  const root = backupsDirectory(stateDirectory);
  if (!existsSync(root)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(root)) {
    if (!ID_PATTERN.test(name) || !existsSync(join(root, name, MANIFEST))) continue;
    try {
      backups.push(summaryOf(name, JSON.parse(readFileSync(join(root, name, MANIFEST), 'utf8'))));
    } catch (error) {
      warn(logLine('warning', 'BACKUP_SKIPPED', { id: name, detail: (error as Error).message }));
    }
  }
  return backups.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

/** The listed fields of a manifest, each checked: a manifest is a file anyone with access could have edited. */
function summaryOf(folder: string, manifest: unknown): BackupInfo {
  const m = manifest as Partial<BackupManifest> | null;
  if (m === null || typeof m !== 'object') throw new Error('the manifest is not a JSON object');
  if (m.id !== folder) throw new Error(`its id ${JSON.stringify(m.id)} is not the folder's name`);
  if (typeof m.created !== 'string' || Number.isNaN(Date.parse(m.created))) throw new Error('its creation time is missing or not a date');
  if (!Array.isArray(m.targets) || !m.targets.every((t) => typeof t === 'string')) throw new Error('its targets are not a list of names');
  if (typeof m.reason !== 'string') throw new Error('its reason is missing');
  return { id: m.id, created: m.created, targets: m.targets, reason: m.reason };
}

export function loadBackup(stateDirectory: string, id: string): LoadedBackup {
  const folder = join(backupsDirectory(stateDirectory), id);
  if (!ID_PATTERN.test(id) || !existsSync(join(folder, MANIFEST))) throw fail('BACKUP_NOT_FOUND', { id }, { field: 'backup' });
  try {
    const manifest = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')) as BackupManifest;
    const registryText = decodeRegFileBytes(readFileSync(join(folder, REGISTRY_COPY))).text;
    const fileBytes = new Map<string, Buffer>();
    for (const file of manifest.files) {
      const bytes = readFileSync(join(folder, file.copy));
      if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new Error(`the copy of ${file.path} does not match its checksum`);
      fileBytes.set(file.path, bytes);
    }
    return { manifest, registryText, fileBytes, path: folder };
  } catch (error) {
    throw fail('BACKUP_MALFORMED', { id, detail: (error as Error).message }, { field: 'backup' });
  }
}
