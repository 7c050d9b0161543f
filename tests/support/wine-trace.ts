import { spawnSync } from 'node:child_process';
import { WINDOWS_EXE, type ExeResult } from './exe';
import { ensureWinePrefix, windowsRunEnv, type WindowsRunOptions } from './wine';

export interface TracedRun extends ExeResult {
  /** `executable verb` of every process the live host says it started (DEFENDERPROXY_TRACE_SPAWN=1), in order. */
  spawned: string[];
  /**
   * `image verb` of every process wine itself saw created (WINEDEBUG=+process, CreateProcessInternalW), the
   * consoles wine starts for console programs left out: counted outside the executable, so a host that starts
   * a process without saying so cannot hide it.
   */
  created: string[];
}

/** wine shortens a long command line (`L"reg.exe add … /d 4600…"...`): only the image and the first word count. */
const CREATED = /:trace:process:CreateProcessInternalW app L"([^"]*)" cmdline L"(.*)/;

/** Runs the Windows executable under wine and collects the processes it started, as it says and as wine saw. */
export function runWindowsExeTraced(args: string[], request: unknown, options: WindowsRunOptions = {}): TracedRun {
  ensureWinePrefix();
  const result = spawnSync('wine', [options.exe ?? WINDOWS_EXE, ...args], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: { ...windowsRunEnv(options), DEFENDERPROXY_TRACE_SPAWN: '1', WINEDEBUG: '-all,+process' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const spawned: string[] = [];
  const created: string[] = [];
  const kept: string[] = [];
  for (const line of (result.stderr ?? '').split(/\r?\n/)) {
    const creation = CREATED.exec(line);
    if (creation) {
      const image = creation[1]!.split('\\').pop()!.toLowerCase();
      const verb =
        creation[2]!
          .replace(/\\"/g, '"')
          .replace(/^"[^"]*"\s*|^\S+\s*/, '')
          .split(/\s+/)[0] ?? '';
      if (image !== 'conhost.exe') created.push(`${image} ${verb}`.trim());
      continue;
    }
    if (/^[0-9a-f]{4}:(trace|fixme|err|warn):/.test(line)) continue;
    kept.push(line);
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
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: kept.join('\n'), json, spawned, created };
}
