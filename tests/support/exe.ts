import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const LINUX_EXE = join(ROOT, 'dist', 'defenderproxy-linux-x64');
export const WINDOWS_EXE = join(ROOT, 'dist', 'defenderproxy-win-x64.exe');

export interface ExeResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or null when it is not JSON. */
  json: any;
}

/** Runs the built Linux executable (`npm run build`) with a request on stdin. */
export function runExe(
  args: string[],
  request?: unknown,
  options: { raw?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ExeResult {
  if (!existsSync(LINUX_EXE)) throw new Error(`${LINUX_EXE} is missing: run npm run build first`);
  const input = options.raw ?? (request === undefined ? '' : JSON.stringify(request));
  const result = spawnSync(LINUX_EXE, args, { input, encoding: 'utf8', env: { ...process.env, ...options.env }, cwd: options.cwd ?? ROOT });
  let json: any = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = null;
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json };
}
