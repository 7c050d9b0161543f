import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { addonLocations } from './addon-location';
import { windowsDirname } from '../../formats/windows-path';
import type { KoffiModule } from './win32';
import { phrase } from '../../messages';

/** Set by build/build.ts from the addon the Windows executable carries; absent in a build without one. */
declare const DEFENDERPROXY_KOFFI_SHA256: string;
declare const DEFENDERPROXY_KOFFI_VERSION: string;

export const ADDON_ASSET = 'koffi.node';

/** Why the native host cannot be used here: the reason goes into the fallback warning. */
export class AddonUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AddonUnavailable';
  }
}

export interface LoadedAddon {
  koffi: KoffiModule;
  path: string;
  /** Whether this run wrote the file (the first elevated run on a machine does). */
  written: boolean;
  /** Files found where the addon may lie but with other bytes: never loaded, worth a warning (planted, or damaged). */
  refused: string[];
  /** Milliseconds spent finding, reading and hashing (and writing) the file, and in process.dlopen. */
  checkMs: number;
  dlopenMs: number;
}

/**
 * Loads koffi's Windows addon from the first place that holds it with the SHA-256 built into the executable
 * (see addon-location.ts for why only those places), writing it to the cache folder first when neither does.
 * Every failure is an AddonUnavailable: the caller falls back to the reg.exe host.
 */
export function loadAddon(): LoadedAddon {
  if (typeof DEFENDERPROXY_KOFFI_SHA256 === 'undefined' || typeof DEFENDERPROXY_KOFFI_VERSION === 'undefined') {
    throw new AddonUnavailable(phrase('ADDON_NOT_BUILT_IN'));
  }
  const started = performance.now();
  const expected = DEFENDERPROXY_KOFFI_SHA256;
  const locations = addonLocations(realExecutable(), process.env, DEFENDERPROXY_KOFFI_VERSION, expected);
  const refused: string[] = [];
  for (const candidate of [locations.besideExecutable, locations.cache]) {
    if (candidate === null) continue;
    const bytes = readIfThere(candidate);
    if (bytes === null) continue;
    if (sha256(bytes) === expected) return { ...timedOpen(candidate, started), path: candidate, written: false, refused };
    refused.push(phrase('ADDON_OTHER_HASH', { path: candidate }));
  }
  if (locations.cache === null) throw new AddonUnavailable([phrase('ADDON_NO_PROGRAM_FILES'), ...refused].join('; '));
  writeCache(locations.cache, expected);
  const written = readIfThere(locations.cache);
  if (written === null || sha256(written) !== expected) throw new AddonUnavailable(phrase('ADDON_NOT_AS_WRITTEN', { path: locations.cache }));
  return { ...timedOpen(locations.cache, started), path: locations.cache, written: true, refused };
}

function timedOpen(path: string, started: number): { koffi: KoffiModule; checkMs: number; dlopenMs: number } {
  const checked = performance.now();
  const koffi = open(path);
  return { koffi, checkMs: checked - started, dlopenMs: performance.now() - checked };
}

function realExecutable(): string {
  try {
    return realpathSync.native(process.execPath);
  } catch {
    return process.execPath;
  }
}

function readIfThere(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Written beside its final name and renamed over it: a reader never sees half an addon. */
function writeCache(path: string, expected: string): void {
  const sea = require('node:sea') as { isSea(): boolean; getAsset(key: string): ArrayBuffer };
  if (!sea.isSea()) throw new AddonUnavailable(phrase('ADDON_ONLY_IN_EXECUTABLE'));
  const bytes = Buffer.from(sea.getAsset(ADDON_ASSET));
  if (sha256(bytes) !== expected) throw new AddonUnavailable(phrase('ADDON_ASSET_DAMAGED'));
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(windowsDirname(path), { recursive: true });
    writeFileSync(partial, bytes, { flag: 'wx' });
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'EPERM' || code === 'EACCES' ? phrase('ADDON_RUN_ELEVATED_ONCE') : (error as Error).message;
    throw new AddonUnavailable(phrase('ADDON_UNWRITABLE', { path, detail }));
  }
}

function open(path: string): KoffiModule {
  const module = { exports: {} as KoffiModule & { version?: string } };
  try {
    process.dlopen(module, path);
  } catch (error) {
    // AppLocker or WDAC DLL rules, a 32-bit Windows, a damaged file: Windows' own sentence says which.
    throw new AddonUnavailable(phrase('ADDON_REFUSED_BY_WINDOWS', { path, detail: (error as Error).message }));
  }
  if (module.exports.version !== DEFENDERPROXY_KOFFI_VERSION) {
    throw new AddonUnavailable(phrase('ADDON_WRONG_VERSION', { path, found: String(module.exports.version), expected: DEFENDERPROXY_KOFFI_VERSION }));
  }
  return module.exports;
}
