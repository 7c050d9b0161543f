// Runs the core the way DSC and the fleet scripts do: the built Linux executable when it is there and knows the
// command, else the sources through tsx (same code, slower start).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
const EXE = join(ROOT, 'dist', 'defenderproxy-linux-x64');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CoreRun {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON (null when it is not). */
  json: any;
  /** stderr's JSON lines. */
  logs: any[];
}

let viaExe: boolean | null = null;

/**
 * Whether the built executable answers `dsc` (an older build predates it): then it is preferred.
 * DEFENDERPROXY_TEST_FROM_SOURCE=1 runs the sources instead.
 */
export function usesBuiltExecutable(): boolean {
  viaExe ??=
    process.env.DEFENDERPROXY_TEST_FROM_SOURCE !== '1' &&
    existsSync(EXE) &&
    /\bdsc\b/.test(spawnSync(EXE, ['--help'], { encoding: 'utf8' }).stdout ?? '');
  return viaExe;
}

/** `executable args…` with `input` on stdin; the executable named `defenderproxy` is ours. */
export function runCore(executable: string, args: string[], input: string): CoreRun {
  if (executable !== 'defenderproxy') throw new Error(`unexpected executable ${executable}`);
  const [file, prefix] = usesBuiltExecutable() ? [EXE, []] : [TSX, [join(ROOT, 'core', 'bin.ts')]];
  // Node warns on stderr when both colour variables are set (uvu sets FORCE_COLOR): stderr must hold JSON lines only.
  const { FORCE_COLOR: _force, ...env } = process.env;
  const result = spawnSync(file, [...prefix, ...args], { input, encoding: 'utf8', cwd: ROOT, env: { ...env, NO_COLOR: '1' } });
  let json: any = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = null;
  }
  const logs = (result.stderr ?? '')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return { unparsed: l };
      }
    });
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', json, logs };
}
