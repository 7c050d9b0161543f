import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary } from '../../build/node-binaries';
import { koffiAddon } from '../../build/koffi-addon';
import { ensureWinePrefix, wineEnv, winePath, type WindowsHostName } from './wine';
import type { HarnessAnswer, HarnessCall, HarnessRequest } from './host-harness-entry';

let bundled: string | null = null;

/** The harness bundled once per test process, with the addon's version and hash as the build defines them. */
async function harness(): Promise<string> {
  if (bundled) return bundled;
  const addon = koffiAddon();
  const outfile = join(mkdtempSync(join(tmpdir(), 'dp-harness-')), 'host-harness.cjs');
  await build({
    entryPoints: [join(__dirname, 'host-harness-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
    define: { DEFENDERPROXY_KOFFI_SHA256: JSON.stringify(addon.sha256), DEFENDERPROXY_KOFFI_VERSION: JSON.stringify(addon.version) },
  });
  bundled = outfile;
  return outfile;
}

/**
 * Calls live Host methods in-process under wine (Node 22's node.exe, the tool's own code, koffi's addon), for
 * what no command shows yet (certificate stores, decryption, elevation) and for exact errors.
 */
export async function callHost(host: WindowsHostName, calls: HarnessCall[]): Promise<HarnessAnswer[]> {
  ensureWinePrefix();
  const request: HarnessRequest = { host, addon: winePath(koffiAddon().file), calls };
  const result = spawnSync('wine', [nodeBinary('win-x64'), winePath(await harness())], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: wineEnv,
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`host harness under wine failed (exit ${result.status}): ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as HarnessAnswer[];
}

/** The value of an answer, or a thrown error naming the code the host gave instead. */
export function valueOf<T = unknown>(answer: HarnessAnswer | undefined): T {
  if (!answer) throw new Error('no answer');
  if ('error' in answer) throw new Error(`the host answered ${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

export function errorOf(answer: HarnessAnswer | undefined): { code: string; message: string; details?: any } {
  if (!answer) throw new Error('no answer');
  if (!('error' in answer)) throw new Error(`the host answered ${JSON.stringify(answer.value).slice(0, 200)}, not an error`);
  return answer.error;
}
