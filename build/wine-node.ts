// The stock node.exe under wine, to train the Windows executable's code cache at build time (V8 rejects a
// cache made by the Linux node). Its own lasting wine prefix under .cache (git-ignored): a new prefix costs
// seconds, made once per machine; the training reads only the example image on Z:, never the prefix's
// registry. The prefix's wine server ends by itself a few seconds after the training run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TrainingNode } from './warm-start';

export const BUILD_WINEPREFIX = join(__dirname, '..', '.cache', 'wine-build');

/** null when wine runs here, else why not (the build then makes the Windows executable without a cache). */
export function wineUnavailable(env: NodeJS.ProcessEnv = process.env): string | null {
  const probe = spawnSync('wine', ['--version'], { encoding: 'utf8', env });
  if (probe.error) return `wine is not installed (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  return probe.status === 0 ? null : `wine --version exited ${probe.status}`;
}

/** `Z:\...`: how a program under wine names a file of this machine. */
export function winePath(localPath: string): string {
  return `Z:${localPath.replace(/\//g, '\\')}`;
}

export function wineTrainingNode(nodeExe: string): TrainingNode {
  return {
    command: 'wine',
    args: [nodeExe],
    env: {
      ...process.env,
      WINEPREFIX: BUILD_WINEPREFIX,
      WINEDEBUG: '-all',
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
      // Node 22 refuses wine's default Windows 7 otherwise; the prefix is never set to Windows 10 (winecfg costs tens of seconds).
      NODE_SKIP_PLATFORM_CHECK: '1',
    },
    path: winePath,
    timeoutMs: 300_000,
  };
}
