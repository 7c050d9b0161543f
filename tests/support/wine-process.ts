import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary } from '../../build/node-binaries';
import { ensureWinePrefix, wineDriveC, wineEnv, winePath } from './wine';

export interface StandInProcess {
  /** The image name Windows lists, e.g. `SenseIdentity.exe`. */
  imageName: string;
  stop(): Promise<void>;
}

/**
 * A real process under wine with the given image name: Node's own node.exe copied under that name, idling
 * until stopped. It stands in for the v3 sensor's SenseIdentity.exe, which only a process snapshot can see.
 */
export async function startStandInProcess(imageName: string, timeoutMs = 60_000): Promise<StandInProcess> {
  ensureWinePrefix();
  const folder = join(wineDriveC(), 'Program Files', 'DefenderProxyTools stand-ins');
  mkdirSync(folder, { recursive: true });
  const exe = join(folder, imageName);
  copyFileSync(nodeBinary('win-x64'), exe);
  const marks = mkdtempSync(join(tmpdir(), 'dp-stand-in-'));
  const ready = join(marks, 'ready');
  const script = `require('fs').writeFileSync(${JSON.stringify(winePath(ready))}, 'up'); setInterval(() => {}, 1 << 30);`;
  const child: ChildProcess = spawn('wine', [exe, '-e', script], { env: wineEnv, stdio: 'ignore' });
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(ready)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the stand-in ${imageName} did not start under wine`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    imageName,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      rmSync(marks, { recursive: true, force: true });
      rmSync(exe, { force: true });
    },
  };
}
