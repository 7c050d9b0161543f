import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findValue, readSz, REG, type RegKey, type RegValue } from '../formats/registry-model';
import { overwriteFileInPlace, writeFileAtomic } from './atomic-file';
import type { ServiceInfo, ServiceState } from './host';

/** What both live Windows hosts (native and reg.exe) do the same way: files, the state folder, service keys. */

export const SERVICES_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services';

export function liveStateDirectory(): string {
  return join(process.env.ProgramData ?? 'C:\\ProgramData', 'DefenderProxyTools');
}

export function readLiveFile(path: string): Buffer | null {
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path) : null;
}

/** An existing file keeps its permissions (see overwriteFileInPlace); a new one is written atomically. */
export function writeLiveFile(path: string, data: Buffer): void {
  if (existsSync(path)) overwriteFileInPlace(path, data);
  else writeFileAtomic(path, data);
}

/** The path with links, junctions and short names resolved, as the file system opens it; null when absent. */
export function realLivePath(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

export function listLiveDirectory(path: string): string[] | null {
  return existsSync(path) && statSync(path).isDirectory() ? readdirSync(path) : null;
}

/**
 * A service's dwCurrentState (SERVICE_STATUS) by name: the number the Service Control Manager answers in-process
 * and the one `sc query` prints after STATE. Continue- and pause-pending are "unknown" to the tool.
 */
export function serviceStateOf(currentState: number): ServiceState {
  const states: Record<number, ServiceState> = { 1: 'stopped', 2: 'start-pending', 3: 'stop-pending', 4: 'running', 7: 'paused' };
  return states[currentState] ?? 'unknown';
}

/** The service's key under Services: ImagePath and ObjectName say where it runs from and as whom. */
export function serviceKeyPath(name: string): string {
  return `${SERVICES_KEY}\\${name}`;
}

export function serviceBinaryPath(key: RegKey | null): string | null {
  const imagePath = findValue(key, 'ImagePath');
  return imagePath ? binaryPathOf(imagePath) : null;
}

/** A service as getService reports it: its key says where and as whom, the Service Control Manager its state. */
export function serviceInfo(name: string, key: RegKey, state: ServiceState): ServiceInfo {
  const account = findValue(key, 'ObjectName');
  return { name, state, account: account ? readSz(account) : null, binaryPath: serviceBinaryPath(key) };
}

/**
 * A service's ImagePath as the Service Control Manager runs it: REG_EXPAND_SZ (the usual type) has its
 * %VARIABLES% expanded. %ProgramFiles% is the 64-bit folder even when a 32-bit parent (Intune's PowerShell)
 * passed its own environment down: ProgramW6432 says where that is.
 */
export function binaryPathOf(value: RegValue): string {
  const text = readSz(value);
  if (value.type !== REG.EXPAND_SZ) return text;
  const sixtyFourBit: Record<string, string> = { programfiles: 'ProgramW6432', commonprogramfiles: 'CommonProgramW6432' };
  return text.replace(/%([^%\s"]+)%/g, (whole, name: string) => {
    const wow = sixtyFourBit[name.toLowerCase()];
    return (wow ? process.env[wow] : undefined) ?? process.env[name] ?? whole;
  });
}
