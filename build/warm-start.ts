// Makes an executable's V8 code cache after a training run: SEA's own code cache is made before anything runs,
// so it holds only eagerly compiled code and every function a `get` calls is still compiled at start-up. A cache
// taken after a real `get` on the example image holds them too. V8 takes a cache only from its own build of
// itself (version, flags and platform): the Linux executable's is made by the stock Linux node, the Windows
// executable's by the stock node.exe under wine (build/wine-node.ts).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, type Target } from './node-binaries';
import { wineTrainingNode, wineUnavailable } from './wine-node';

export const BUNDLE_ASSET = 'defenderproxy.js';
/**
 * Node options the executables start with (SEA `execArgv`). A young generation of at most 2 MB per semi-space:
 * V8 grows it to 16 MB under a sweep's allocation rate and keeps it, 7-10 MB of the peak RSS of a sweep of 640 URLs
 * (measured: 100 MB instead of 107-111 at 256 in flight). The price: V8 rejects a code cache made under other flags,
 * Node's embedded cache of its own modules included, so the modules a `test` loads (tls, http…) compile from
 * source: ~90 M instructions (~25 ms) once per `test`, ~10 M per `get` (start-up unchanged within noise, 1.2×).
 * The code cache below is trained with the same flag so that ours is accepted (by node, and by node.exe under wine).
 */
export const EXEC_ARGV = ['--max-semi-space-size=2'];
export const CODE_CACHE_ASSET = 'defenderproxy.codecache';
export const SEA_LOADER = join(__dirname, 'sea-loader.cjs');

/** How to start the stock Node that trains the cache, and how it names a file of this machine. */
export interface TrainingNode {
  command: string;
  /** Arguments before the trainer script (for wine: node.exe itself). */
  args: string[];
  env: NodeJS.ProcessEnv;
  path(localPath: string): string;
  /** How long the training may take: wine's first run in a new prefix makes the prefix. */
  timeoutMs: number;
}

/** The stock Linux node, run directly. */
export function linuxTrainingNode(node: string): TrainingNode {
  return { command: node, args: [], env: process.env, path: (p) => p, timeoutMs: 60_000 };
}

/** The stock Node of the target that trains its code cache, or why there is none here (no wine: no Windows cache). */
export function trainingNode(target: Target, env: NodeJS.ProcessEnv = process.env): TrainingNode | string {
  if (target === 'linux-x64') return linuxTrainingNode(nodeBinary(target));
  return wineUnavailable(env) ?? wineTrainingNode(nodeBinary(target));
}

/** The bundle as one function of (require, module, __filename, __dirname), as the loader runs it. */
export function wrapBundle(bundleFile: string, outfile: string): string {
  writeFileSync(
    outfile,
    `(function (require, module, __filename, __dirname) { var exports = module.exports;\n${readFileSync(bundleFile, 'utf8')}\n})`,
  );
  return outfile;
}

const TRAINER = `'use strict';
const { Script } = require('node:vm');
const { readFileSync, writeFileSync } = require('node:fs');
const [wrapped, out] = process.env.DEFENDERPROXY_TRAIN.split('\\n');
const script = new Script(readFileSync(wrapped, 'utf8'), { filename: 'defenderproxy.js' });
process.on('exit', () => writeFileSync(out, script.createCachedData()));
script.runInThisContext()(require, module, __filename, __dirname);
`;

/** Runs `get` on a copy of examples/dc01 with the training Node and the wrapped bundle, then saves V8's code cache. */
export function trainCodeCache(node: TrainingNode, wrappedBundle: string, workFolder: string, name = CODE_CACHE_ASSET): string {
  const output = join(workFolder, name);
  const trainer = join(workFolder, 'train.cjs');
  writeFileSync(trainer, TRAINER);
  const machine = join(mkdtempSync(join(tmpdir(), 'defenderproxy-train-')), 'dc01');
  try {
    cpSync(join(__dirname, '..', 'examples', 'dc01'), machine, { recursive: true });
    // A flag over a JSON request: the cache then holds both ways in, the flag table's derivation included.
    execFileSync(node.command, [...node.args, ...EXEC_ARGV, node.path(trainer), 'get', '--machine', node.path(machine)], {
      input: '{}',
      env: { ...node.env, DEFENDERPROXY_TRAIN: `${node.path(wrappedBundle)}\n${node.path(output)}` },
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: node.timeoutMs,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    throw new Error(
      `training the code cache with ${[node.command, ...node.args].join(' ')} failed: ${(error as Error).message}\n${stderr}`,
    );
  } finally {
    rmSync(join(machine, '..'), { recursive: true, force: true });
  }
  return output;
}
