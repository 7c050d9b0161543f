import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ensureWinePrefix, wineDriveC, wineEnv, winePath, wineReg, wineRegMust } from './wine';

/**
 * The keys where Windows keeps each Defender proxy (FACTS.md §1–2), spelled as an admin types them for reg.exe.
 * Written out here rather than imported from core/, so a wrong key in the product cannot hide in the tests.
 */
const CONNECTIONS = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
export const WINE_KEYS = {
  wininetCurrentUser: `HKCU\\${CONNECTIONS}`,
  wininetLocalSystem: `HKU\\S-1-5-18\\${CONNECTIONS}`,
  wininetLocalService: `HKU\\S-1-5-19\\${CONNECTIONS}`,
  winhttp: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
  dataCollection: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection',
  advancedThreatProtection: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection',
  defenderPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  sensorService: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor',
} as const;

export const ALL_WINE_KEYS: string[] = Object.values(WINE_KEYS);

export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_BINARY' | 'REG_MULTI_SZ';

/** One value as `reg add` takes it: `data` is what follows `/d` (hex digits for REG_BINARY). */
export interface RegAdd {
  key: string;
  name: string;
  type: RegType;
  data: string;
}

export function regAdd(value: RegAdd): void {
  wineRegMust(['add', value.key, '/v', value.name, '/t', value.type, '/d', value.data, '/f', '/reg:64']);
}

/** Deletes a key and its subkeys; a key that does not exist is fine. */
export function regDeleteKey(key: string): void {
  const result = wineReg(['delete', key, '/f', '/reg:64']);
  if (result.status !== 0 && result.status !== 1) throw new Error(`reg delete ${key} failed with exit ${result.status}: ${result.stdout}`);
}

/** The sensor install folder inside wine's C: drive, as a Linux path. */
export function wineSensorRoot(): string {
  return join(wineDriveC(), 'Program Files', 'Azure Advanced Threat Protection Sensor');
}

/** Removes every store key and the sensor's files: the machine as it is before anything is configured. */
export function resetWineMachine(): void {
  ensureWinePrefix();
  // Deletes side by side (each wine start costs ~0.2 s), then queries side by side: what still exists is printed.
  const script = [
    'for key in "$@"; do wine reg delete "$key" /f /reg:64 >/dev/null 2>&1 & done; wait',
    'for key in "$@"; do (wine reg query "$key" /reg:64 >/dev/null 2>&1 && echo "$key") & done; wait',
  ].join('\n');
  // A loaded machine now and then fails one of the parallel wine starts: what is left is deleted again, twice at most.
  let keys = ALL_WINE_KEYS;
  let status: number | null = 0;
  for (let attempt = 0; attempt < 3 && keys.length > 0; attempt++) {
    const result = spawnSync('sh', ['-c', script, 'sh', ...keys], { env: wineEnv, encoding: 'utf8', timeout: 60_000 });
    status = result.status;
    keys = result.status === 0 ? (result.stdout ?? '').split('\n').filter((line) => line.trim() !== '') : keys;
  }
  if (keys.length > 0) throw new Error(`reg delete left ${keys.join(', ')} (last exit ${status})`);
  rmSync(wineSensorRoot(), { recursive: true, force: true });
}

/** `reg export KEY` as text (UTF-16LE decoded, BOM dropped); null when the key does not exist (exit 1). */
export function regExport(key: string): string | null {
  const folder = mkdtempSync(join(tmpdir(), 'dp-wine-export-'));
  try {
    const file = join(folder, 'export.reg');
    return exportedText(key, file, wineReg(['export', key, winePath(file), '/y', '/reg:64']));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function exportedText(key: string, file: string, result: { status: number; stdout: string }): string | null {
  if (result.status === 1) return null;
  if (result.status !== 0) throw new Error(`reg export ${key} failed with exit ${result.status}: ${result.stdout}`);
  const bytes = readFileSync(file);
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) throw new Error(`reg export ${key} wrote no UTF-16LE BOM`);
  return bytes.subarray(2).toString('utf16le');
}

/** The exports of several keys (null when missing), run side by side: a snapshot to compare before and after. */
export async function regExportAll(keys: string[] = ALL_WINE_KEYS): Promise<Record<string, string | null>> {
  ensureWinePrefix();
  const folder = mkdtempSync(join(tmpdir(), 'dp-wine-export-'));
  try {
    const texts = await Promise.all(
      keys.map((key, i) => {
        const file = join(folder, `${i}.reg`);
        return new Promise<string | null>((resolve, reject) => {
          const child = spawn('wine', ['reg', 'export', key, winePath(file), '/y', '/reg:64'], {
            env: wineEnv,
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          let stdout = '';
          child.stdout.on('data', (chunk) => (stdout += chunk));
          child.on('error', reject);
          child.on('close', (status) => {
            try {
              resolve(exportedText(key, file, { status: status ?? -1, stdout }));
            } catch (error) {
              reject(error);
            }
          });
        });
      }),
    );
    return Object.fromEntries(keys.map((k, i) => [k, texts[i]!]));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What `reg query KEY /v NAME` prints for one value (FORMATS.md §4), or null when it does not exist. */
export function regQueryValue(key: string, name: string): { type: string; data: string } | null {
  const result = wineReg(['query', key, '/v', name, '/reg:64']);
  if (result.status !== 0) return null;
  for (const line of result.stdout.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+) {4}(.*)$/.exec(line) ?? /^ {4}(.+?) {4}(REG_[A-Z_]+)\s*$/.exec(line);
    if (match && match[1]!.toLowerCase() === name.toLowerCase()) return { type: match[2]!, data: (match[3] ?? '').trimEnd() };
  }
  throw new Error(`reg query ${key} /v ${name} printed no line for the value:\n${result.stdout}`);
}
