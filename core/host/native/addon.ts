import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  /** Milliseconds spent finding, reading and comparing (and writing) the file, and in process.dlopen. */
  checkMs: number;
  dlopenMs: number;
}

/**
 * Loads koffi's Windows addon from the first place that holds exactly the addon the executable carries (see
 * addon-location.ts for why only those places), writing it to the cache folder first when neither does.
 * Every failure is an AddonUnavailable: the caller falls back to the reg.exe host.
 */
export function loadAddon(): LoadedAddon {
  if (typeof DEFENDERPROXY_KOFFI_SHA256 === 'undefined' || typeof DEFENDERPROXY_KOFFI_VERSION === 'undefined') {
    throw new AddonUnavailable(phrase('ADDON_NOT_BUILT_IN'));
  }
  const started = process.hrtime.bigint();
  const expected = DEFENDERPROXY_KOFFI_SHA256;
  const carried = carriedAddon();
  const locations = addonLocations(realExecutable(), process.env, DEFENDERPROXY_KOFFI_VERSION, expected);
  const refused: string[] = [];
  for (const candidate of [locations.besideExecutable, locations.cache]) {
    if (candidate === null) continue;
    const bytes = readIfThere(candidate);
    if (bytes === null) continue;
    if (isTheAddon(bytes, carried, expected)) return { ...timedOpen(candidate, started), path: candidate, written: false, refused };
    refused.push(phrase('ADDON_OTHER_BYTES', { path: candidate }));
  }
  if (locations.cache === null) throw new AddonUnavailable([phrase('ADDON_NO_PROGRAM_FILES'), ...refused].join('; '));
  writeCache(locations.cache, carried, expected);
  const written = readIfThere(locations.cache);
  if (written === null || !isTheAddon(written, carried, expected))
    throw new AddonUnavailable(phrase('ADDON_NOT_AS_WRITTEN', { path: locations.cache }));
  return { ...timedOpen(locations.cache, started), path: locations.cache, written: true, refused };
}

/**
 * The addon the executable carries (a SEA asset, read in place), or null outside an executable. Only a file with
 * exactly these bytes is loaded: as strict as comparing SHA-256 digests, without loading node:crypto at every
 * start (~7 ms of CPU under wine). The digest built into the executable checks the carried bytes themselves,
 * once, before they are written out (writeCache).
 */
function carriedAddon(): Buffer | null {
  const sea = require('node:sea') as { isSea(): boolean; getRawAsset(key: string): ArrayBuffer };
  if (!sea.isSea()) return null;
  try {
    return Buffer.from(sea.getRawAsset(ADDON_ASSET));
  } catch {
    return null;
  }
}

/** Byte for byte the carried addon; outside an executable (nothing carried), its SHA-256 must be the built-in one. */
function isTheAddon(bytes: Buffer, carried: Buffer | null, expected: string): boolean {
  return carried ? bytes.equals(carried) : sha256(bytes) === expected;
}

function timedOpen(path: string, started: bigint): { koffi: KoffiModule; checkMs: number; dlopenMs: number } {
  // process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks (9 modules).
  const checked = process.hrtime.bigint();
  const koffi = open(path);
  return { koffi, checkMs: Number(checked - started) / 1e6, dlopenMs: Number(process.hrtime.bigint() - checked) / 1e6 };
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

/** Only where a digest is needed: node:crypto costs every run that loads it. */
function sha256(bytes: Buffer): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** Written beside its final name and renamed over it: a reader never sees half an addon. */
function writeCache(path: string, carried: Buffer | null, expected: string): void {
  if (carried === null) throw new AddonUnavailable(phrase('ADDON_ONLY_IN_EXECUTABLE'));
  if (sha256(carried) !== expected) throw new AddonUnavailable(phrase('ADDON_ASSET_DAMAGED'));
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(windowsDirname(path), { recursive: true });
    writeFileSync(partial, carried, { flag: 'wx' });
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
    throw new AddonUnavailable(
      phrase('ADDON_WRONG_VERSION', { path, found: String(module.exports.version), expected: DEFENDERPROXY_KOFFI_VERSION }),
    );
  }
  return module.exports;
}
