import type { Host } from './host';
import type { WindowsHostChoice } from '../protocol';
import { fail, logLine } from '../messages';
import type { LogEvent } from '../log';

/**
 * Defined false by build/build.ts for the Linux executable: the test below is then false at build time and
 * esbuild leaves both Windows hosts out of its bundle (written inline: esbuild folds it only there).
 */
declare const DEFENDERPROXY_WINDOWS_BUILD: boolean;

export interface HostChoice {
  machine?: string;
  windowsHost?: WindowsHostChoice;
}

/**
 * The image the request names, else the live machine on Windows; elsewhere a clear refusal. On Windows the
 * native host (Win32 in-process) is the default and the reg.exe host the fallback, with a warning saying why;
 * `windowsHost` in the request, or DEFENDERPROXY_WINDOWS_HOST, forces either one.
 */
export async function selectHost(choice: HostChoice, log: (event: LogEvent) => void = () => {}): Promise<Host> {
  if (choice.machine !== undefined) {
    const { openImageHost } = await import('./image');
    return openImageHost(choice.machine, { log });
  }
  if ((typeof DEFENDERPROXY_WINDOWS_BUILD === 'undefined' || DEFENDERPROXY_WINDOWS_BUILD) && process.platform === 'win32')
    return liveWindowsHost(choice, log);
  throw fail('MACHINE_REQUIRED', {}, { field: 'machine' });
}

async function liveWindowsHost(choice: HostChoice, log: (event: LogEvent) => void): Promise<Host> {
  const wanted = choice.windowsHost ?? windowsHostFromEnvironment();
  if (wanted === 'reg.exe') return regExeHost();
  const { loadAddon, AddonUnavailable } = await import('./native/addon');
  try {
    const { koffi, path, refused, checkMs, dlopenMs } = loadAddon();
    for (const reason of refused) log(logLine('warning', 'NATIVE_ADDON_REFUSED', { reason }));
    log(logLine('verbose', 'NATIVE_HOST_LOADED', { version: koffi.version, path }));
    // DEFENDERPROXY_TRACE_ADDON=1: what loading the addon cost, for the benchmark of its start-up cost.
    if (process.env.DEFENDERPROXY_TRACE_ADDON)
      log(logLine('verbose', 'NATIVE_ADDON_TIMING', { checkMs: checkMs.toFixed(1), dlopenMs: dlopenMs.toFixed(1) }));
    const { NativeHost } = await import('./native-host');
    return new NativeHost(koffi);
  } catch (error) {
    if (!(error instanceof AddonUnavailable)) throw error;
    if (wanted === 'native')
      throw fail('NATIVE_HOST_UNAVAILABLE', { reason: error.message }, { field: choice.windowsHost ? 'windowsHost' : undefined });
    log(logLine('warning', 'NATIVE_HOST_FALLBACK', { reason: error.message }));
    return regExeHost();
  }
}

function windowsHostFromEnvironment(): WindowsHostChoice | undefined {
  const value = process.env.DEFENDERPROXY_WINDOWS_HOST;
  if (value === undefined || value === '') return undefined;
  if (value === 'native' || value === 'reg.exe') return value;
  throw fail('WINDOWS_HOST_INVALID', { value });
}

async function regExeHost(): Promise<Host> {
  const { WindowsHost } = await import('./windows');
  return new WindowsHost();
}
