import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WINDOWS_EXE, type ExeResult } from './exe';

/** One wine prefix per test process, set to Windows 10 (Node 22 refuses older Windows). */
const PREFIX = process.env.DEFENDERPROXY_WINEPREFIX ?? join(tmpdir(), `defenderproxy-wine-${process.pid}`);

export const wineEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WINEPREFIX: PREFIX,
  WINEDEBUG: '-all',
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  NODE_SKIP_PLATFORM_CHECK: '1',
};

let ready = false;

export function wineAvailable(): boolean {
  return spawnSync('wine', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function ensureWinePrefix(): string {
  if (ready) return PREFIX;
  if (!wineAvailable()) throw new Error('wine is not installed: .ci/run installs it (apt-get install wine)');
  if (!existsSync(join(PREFIX, 'system.reg'))) {
    mkdirSync(PREFIX, { recursive: true });
    // A prefix is ~700 MB (Debian's wine copies its DLLs into system32): one made for this process goes with it.
    if (!process.env.DEFENDERPROXY_WINEPREFIX) process.once('exit', removePrefix);
    spawnSync('wine', ['winecfg', '-v', 'win10'], { env: wineEnv, stdio: 'ignore', timeout: 180_000 });
    // winecfg's server lingers a few seconds; `wineserver -p` beside it would not make it persistent, and once it
    // goes, so do the keys wine keeps only in memory (HKU\S-1-5-18 and S-1-5-19, LocalSystem's and LocalService's).
    spawnSync('wineserver', ['-w'], { env: wineEnv, stdio: 'ignore', timeout: 60_000 });
  }
  // Keep the wine server alive between calls: each call then costs ~0.3 s instead of seconds.
  spawnSync('wineserver', ['-p'], { env: wineEnv, stdio: 'ignore' });
  ready = true;
  return PREFIX;
}

function removePrefix(): void {
  stopWine();
  rmSync(PREFIX, { recursive: true, force: true });
}

export function stopWine(): void {
  spawnSync('wineserver', ['-k'], { env: wineEnv, stdio: 'ignore' });
  ready = false;
}

/** `Z:\...` path of a Linux path, as the Windows executable under wine sees it. */
export function winePath(linuxPath: string): string {
  return 'Z:' + linuxPath.replace(/\//g, '\\');
}

/** The C: drive of the prefix, as a Linux path. */
export function wineDriveC(): string {
  return join(ensureWinePrefix(), 'drive_c');
}

/** The two live Windows hosts: the Win32 API in-process, and reg.exe / sc.exe / tasklist (the fallback). */
export type WindowsHostName = 'native' | 'reg.exe';
export const WINDOWS_HOSTS: readonly WindowsHostName[] = ['native', 'reg.exe'];

export interface WindowsRunOptions {
  /** Forces a host through DEFENDERPROXY_WINDOWS_HOST; without it the executable chooses (native, else reg.exe). */
  host?: WindowsHostName;
  /** The executable to run instead of dist/'s (a copy elsewhere on wine's drives). */
  exe?: string;
  env?: NodeJS.ProcessEnv;
}

/** wine's environment for one run: the forced host, and any extra variables. */
export function windowsRunEnv(options: WindowsRunOptions = {}): NodeJS.ProcessEnv {
  return { ...wineEnv, ...(options.host ? { DEFENDERPROXY_WINDOWS_HOST: options.host } : {}), ...options.env };
}

/** Runs the Windows executable under wine with the request piped on stdin; the response is read from stdout. */
export function runWindowsExe(args: string[], request?: unknown, options: WindowsRunOptions = {}): ExeResult {
  ensureWinePrefix();
  const input = request === undefined ? '' : JSON.stringify(request);
  const result = spawnSync('wine', [options.exe ?? WINDOWS_EXE, ...args], {
    input,
    encoding: 'utf8',
    env: windowsRunEnv(options),
    timeout: 120_000,
  });
  let json: any = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = null;
  }
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', json };
}

/** wine's reg.exe against the prefix's registry. */
export function wineReg(args: string[]): { status: number; stdout: string; stderr: string; signal: string | null } {
  ensureWinePrefix();
  const result = spawnSync('wine', ['reg', ...args], { encoding: 'utf8', env: wineEnv, timeout: 60_000 });
  return {
    status: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error?.message ?? ''),
    signal: result.signal ?? null,
  };
}

/**
 * wine's reg.exe, failing with everything it said when it does not exit 0. Every call here must succeed, so a
 * failure is tried twice more after a pause: under a loaded machine wine's reg.exe now and then exits 1 or is
 * killed by the time-out for no reason of the test's (seen in full suite runs at load 14-16, never alone).
 */
export function wineRegMust(args: string[]): string {
  let result = wineReg(args);
  for (let attempt = 1; attempt < 3 && result.status !== 0; attempt++) {
    spawnSync('sleep', ['1']);
    result = wineReg(args);
  }
  if (result.status !== 0) {
    throw new Error(`wine reg ${args.join(' ')} → exit ${result.status} ${result.signal ?? ''}\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}
