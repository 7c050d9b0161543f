import { spawnSync } from 'node:child_process';
import { WINDOWS_EXE, type ExeResult } from './exe';
import { ensureWinePrefix, wineEnv } from './wine';

export interface TracedRun extends ExeResult {
  /** `executable verb` of every process the live host started, in order (DEFENDERPROXY_TRACE_SPAWN=1). */
  spawned: string[];
}

/** Runs the Windows executable under wine with DEFENDERPROXY_TRACE_SPAWN=1 and collects the processes it started. */
export function runWindowsExeTraced(args: string[], request: unknown): TracedRun {
  ensureWinePrefix();
  const result = spawnSync('wine', [WINDOWS_EXE, ...args], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: { ...wineEnv, DEFENDERPROXY_TRACE_SPAWN: '1' },
    timeout: 120_000,
  });
  const spawned: string[] = [];
  for (const line of (result.stderr ?? '').split(/\r?\n/)) {
    if (!line.startsWith('{')) continue;
    const message = (JSON.parse(line) as { message?: string }).message ?? '';
    const match = /^spawned (.*)$/.exec(message);
    if (match) spawned.push(match[1]!.trim());
  }
  let json: any = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = null;
  }
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', json, spawned };
}
