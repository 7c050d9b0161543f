import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { addonLocations } from './addon-location';
import { windowsDirname } from '../../formats/windows-path';
import type { KoffiModule } from './win32';

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
}

/**
 * Loads koffi's Windows addon from the first place that holds it with the SHA-256 built into the executable
 * (see addon-location.ts for why only those places), writing it to the cache folder first when neither does.
 * Every failure is an AddonUnavailable: the caller falls back to the reg.exe host.
 */
export function loadAddon(): LoadedAddon {
  if (typeof DEFENDERPROXY_KOFFI_SHA256 === 'undefined' || typeof DEFENDERPROXY_KOFFI_VERSION === 'undefined') {
    throw new AddonUnavailable('this executable was built without the koffi addon');
  }
  const expected = DEFENDERPROXY_KOFFI_SHA256;
  const locations = addonLocations(realExecutable(), process.env, DEFENDERPROXY_KOFFI_VERSION, expected);
  const refused: string[] = [];
  for (const candidate of [locations.besideExecutable, locations.cache]) {
    if (candidate === null) continue;
    const bytes = readIfThere(candidate);
    if (bytes === null) continue;
    if (sha256(bytes) === expected) return { koffi: open(candidate), path: candidate, written: false };
    refused.push(`${candidate} has another SHA-256 than the one built into the executable`);
  }
  if (locations.cache === null) throw new AddonUnavailable(['neither ProgramW6432 nor ProgramFiles names a Program Files folder', ...refused].join('; '));
  writeCache(locations.cache, expected);
  const written = readIfThere(locations.cache);
  if (written === null || sha256(written) !== expected) throw new AddonUnavailable(`${locations.cache} does not hold what was just written`);
  return { koffi: open(locations.cache), path: locations.cache, written: true };
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
  if (!sea.isSea()) throw new AddonUnavailable('only the built executable carries the koffi addon');
  const bytes = Buffer.from(sea.getAsset(ADDON_ASSET));
  if (sha256(bytes) !== expected) throw new AddonUnavailable('the executable\'s koffi addon does not match its own SHA-256: the executable is damaged');
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(windowsDirname(path), { recursive: true });
    writeFileSync(partial, bytes, { flag: 'wx' });
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EPERM' || code === 'EACCES' ? 'run the tool elevated once to write it' : (error as Error).message;
    throw new AddonUnavailable(`the koffi addon cannot be written to ${path} (${why})`);
  }
}

function open(path: string): KoffiModule {
  const module = { exports: {} as KoffiModule & { version?: string } };
  try {
    process.dlopen(module, path);
  } catch (error) {
    // AppLocker or WDAC DLL rules, a 32-bit Windows, a damaged file: Windows' own sentence says which.
    throw new AddonUnavailable(`Windows refused to load ${path}: ${(error as Error).message}`);
  }
  if (module.exports.version !== DEFENDERPROXY_KOFFI_VERSION) {
    throw new AddonUnavailable(`${path} is koffi ${String(module.exports.version)}, not ${DEFENDERPROXY_KOFFI_VERSION}`);
  }
  return module.exports;
}
