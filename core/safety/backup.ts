import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Host } from '../host/host';
import type { BackupInfo } from '../protocol';
import type { Write } from '../stores/writes';
import { decodeRegFileBytes, encodeRegFileBytes, parseRegFile } from '../formats/reg-file';
import { isUnderKey } from '../formats/registry-model';
import { windowsBasename } from '../formats/windows-path';
import { fail, logLine, phrase } from '../messages';
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
  /** The values the change wrote: a restore puts back these and no other (absent in older backups: then every value its store writes). */
  values?: { key: string; name: string }[];
  /** SHA-256 of registry.reg, so that a restore refuses an edited copy (absent in older backups). */
  registrySha256?: string;
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

/** The keys, values and files a list of writes touches. */
export function touchedTargets(writes: Write[]): {
  keys: string[];
  values: { key: string; name: string }[];
  files: { path: string; bytes: Buffer }[];
} {
  const keys = new Map<string, string>();
  const values = new Map<string, { key: string; name: string }>();
  const files = new Map<string, { path: string; bytes: Buffer }>();
  for (const write of writes) {
    if (write.kind === 'value') {
      keys.set(write.key.toLowerCase(), write.key);
      values.set(`${write.key}\\${write.name}`.toLowerCase(), { key: write.key, name: write.name });
    } else if (!files.has(write.path.toLowerCase())) files.set(write.path.toLowerCase(), { path: write.path, bytes: write.before });
  }
  return { keys: [...keys.values()], values: [...values.values()], files: [...files.values()] };
}

export async function createBackup(host: Host, writes: Write[], reason: string): Promise<BackupRef> {
  const created = new Date();
  const id = `${created.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const folder = join(backupsDirectory(host.stateDirectory), id);
  const partial = `${folder}.partial`;
  try {
    const { keys, values, files } = touchedTargets(writes);
    mkdirSync(join(partial, 'files'), { recursive: true });
    const registry = encodeRegFileBytes(await host.exportKeys(keys), 'utf16le');
    writeFileSync(join(partial, REGISTRY_COPY), registry, { mode: 0o600 });
    const copies = [];
    for (const [i, file] of files.entries()) {
      const copy = join('files', `${i}-${windowsBasename(file.path)}`);
      writeFileSync(join(partial, copy), file.bytes, { mode: 0o600 });
      const mode = (await host.fileMode?.(file.path)) ?? null;
      copies.push({ path: file.path, copy, sha256: sha256(file.bytes), ...(mode === null ? {} : { mode }) });
    }
    const targets = [...keys, ...files.map((f) => f.path)];
    const manifest: BackupManifest = {
      id,
      created: created.toISOString(),
      reason,
      targets,
      keys,
      values,
      registrySha256: sha256(registry),
      files: copies,
    };
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
  // Newest first: "the last backup" is the first one, as Get-DefenderProxyBackup | Select-Object -First 1 expects.
  return backups.sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A manifest that is not as this tool writes it. */
class ManifestProblem extends Error {}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The listed fields of a manifest, each checked: a manifest is a file anyone with access could have edited. */
function summaryOf(folder: string, manifest: unknown): BackupInfo {
  const m = manifest as Partial<BackupManifest> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ManifestProblem(phrase('BACKUP_NOT_OBJECT'));
  if (m.id !== folder) throw new ManifestProblem(phrase('BACKUP_ID_MISMATCH', { id: JSON.stringify(m.id ?? null).slice(0, 80) }));
  if (!isString(m.created) || Number.isNaN(Date.parse(m.created))) throw new ManifestProblem(phrase('BACKUP_CREATED_INVALID'));
  if (!Array.isArray(m.targets) || !m.targets.every(isString))
    throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'targets' }));
  if (!isString(m.reason)) throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'reason' }));
  return { id: m.id, created: m.created, targets: m.targets, reason: m.reason };
}

/** Every field a restore relies on, checked; file copies only inside the backup's own files/ folder. */
function checkedManifest(folder: string, manifest: unknown): BackupManifest {
  summaryOf(folder, manifest);
  const m = manifest as BackupManifest;
  if (!Array.isArray(m.keys) || !m.keys.every(isString)) throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'keys' }));
  if (m.values !== undefined && (!Array.isArray(m.values) || !m.values.every((v) => v && isString(v.key) && isString(v.name)))) {
    throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'values' }));
  }
  if (m.registrySha256 !== undefined && !isString(m.registrySha256))
    throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'registrySha256' }));
  // A mode is permission bits only: a backup may not make the sensor's file setuid, setgid or sticky.
  const modeValid = (mode: unknown) =>
    mode === undefined || mode === null || (Number.isInteger(mode) && (mode as number) >= 0 && (mode as number) <= 0o777);
  const filesValid =
    Array.isArray(m.files) && m.files.every((f) => f && isString(f.path) && isString(f.copy) && isString(f.sha256) && modeValid(f.mode));
  if (!filesValid) throw new ManifestProblem(phrase('BACKUP_FIELD_INVALID', { field: 'files' }));
  for (const file of m.files) {
    if (!/^files[\\/][^\\/]+$/.test(file.copy) || file.copy.includes('..'))
      throw new ManifestProblem(phrase('BACKUP_COPY_OUTSIDE', { copy: file.copy.slice(0, 120) }));
  }
  return m;
}

/**
 * A backup as a restore may use it: its manifest checked field by field, registry.reg and every file copy
 * matching the hashes the manifest names, and registry.reg holding no key the manifest does not list. (Which
 * values and files a restore may write is judged against the stores: see restore-plan.)
 */
export function loadBackup(stateDirectory: string, id: string): LoadedBackup {
  const folder = join(backupsDirectory(stateDirectory), id);
  if (!ID_PATTERN.test(id) || !existsSync(join(folder, MANIFEST))) throw fail('BACKUP_NOT_FOUND', { id }, { field: 'backup' });
  try {
    const manifest = checkedManifest(id, JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')));
    const registry = readFileSync(join(folder, REGISTRY_COPY));
    if (manifest.registrySha256 !== undefined && sha256(registry) !== manifest.registrySha256)
      throw new ManifestProblem(phrase('BACKUP_REGISTRY_MISMATCH'));
    const registryText = decodeRegFileBytes(registry).text;
    const unlisted = parseRegFile(registryText, REGISTRY_COPY).keys.find(
      (k) => !manifest.keys.some((listed) => isUnderKey(k.path, listed)),
    );
    if (unlisted) throw new ManifestProblem(phrase('BACKUP_REGISTRY_UNLISTED', { key: unlisted.path }));
    const fileBytes = new Map<string, Buffer>();
    for (const file of manifest.files) {
      const bytes = readFileSync(join(folder, file.copy));
      if (sha256(bytes) !== file.sha256) throw new ManifestProblem(phrase('BACKUP_COPY_MISMATCH', { path: file.path }));
      fileBytes.set(file.path, bytes);
    }
    return { manifest, registryText, fileBytes, path: folder };
  } catch (error) {
    throw fail('BACKUP_MALFORMED', { id, detail: (error as Error).message }, { field: 'backup' });
  }
}
