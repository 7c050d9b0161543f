import { spawn } from 'node:child_process';
import { LINUX_EXE, WINDOWS_EXE, type ExeResult } from './exe';
import { ensureWinePrefix, windowsRunEnv, type WindowsRunOptions } from './wine';

/**
 * Runs an executable without blocking this process's event loop: needed when the services the executable
 * talks to (a loopback HTTPS server) run in this very process. Killed after `timeoutMs`.
 */
export function runAsync(
  command: string,
  args: string[],
  request: unknown,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  cwd?: string,
): Promise<ExeResult> {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      let json: any = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ status: status ?? -1, stdout, stderr, json });
    });
  });
}

export function runWindowsExeAsync(
  args: string[],
  request: unknown,
  timeoutMs = 120_000,
  options: WindowsRunOptions = {},
): Promise<ExeResult> {
  ensureWinePrefix();
  return runAsync('wine', [options.exe ?? WINDOWS_EXE, ...args], request, windowsRunEnv(options), timeoutMs);
}

export function runExeAsync(args: string[], request: unknown, timeoutMs = 60_000): Promise<ExeResult> {
  return runAsync(LINUX_EXE, args, request, process.env, timeoutMs);
}
