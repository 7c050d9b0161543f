// Makes the Linux executable's V8 code cache after a training run: SEA's own code cache is made before
// anything runs, so it holds only eagerly compiled code and every function a `get` calls is still compiled at
// start-up. A cache taken after a real `get` on the example image holds them too.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUNDLE_ASSET = 'defenderproxy.js';
/**
 * Node options the executables start with (SEA `execArgv`). A young generation of at most 2 MB per semi-space:
 * V8 grows it to 16 MB under a sweep's allocation rate and keeps it, 7-10 MB of the peak RSS of a sweep of 640 URLs
 * (measured: 100 MB instead of 107-111 at 256 in flight). The price: V8 rejects a code cache made under other flags,
 * Node's embedded cache of its own modules included, so the modules a `test` loads (tls, http…) compile from
 * source: ~90 M instructions (~25 ms) once per `test`, ~10 M per `get` (start-up unchanged within noise, 1.2×).
 * The code cache below is trained with the same flag so that ours is accepted.
 */
export const EXEC_ARGV = ['--max-semi-space-size=2'];
export const CODE_CACHE_ASSET = 'defenderproxy.codecache';
export const SEA_LOADER = join(__dirname, 'sea-loader.cjs');

/** The bundle as one function of (require, module, __filename, __dirname), as the loader runs it. */
export function wrapBundle(bundleFile: string, outfile: string): string {
  writeFileSync(outfile, `(function (require, module, __filename, __dirname) { var exports = module.exports;\n${readFileSync(bundleFile, 'utf8')}\n})`);
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

/** Runs `get` on a copy of examples/dc01 with `node` and the wrapped bundle, then saves V8's code cache. */
export function trainCodeCache(node: string, wrappedBundle: string, workFolder: string): string {
  const output = join(workFolder, CODE_CACHE_ASSET);
  const trainer = join(workFolder, 'train.cjs');
  writeFileSync(trainer, TRAINER);
  const machine = join(mkdtempSync(join(tmpdir(), 'defenderproxy-train-')), 'dc01');
  try {
    cpSync(join(__dirname, '..', 'examples', 'dc01'), machine, { recursive: true });
    // A flag over a JSON request: the cache then holds both ways in, the flag table's derivation included.
    execFileSync(node, [...EXEC_ARGV, trainer, 'get', '--machine', machine], {
      input: '{}',
      env: { ...process.env, DEFENDERPROXY_TRAIN: `${wrappedBundle}\n${output}` },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
  } finally {
    rmSync(join(machine, '..'), { recursive: true, force: true });
  }
  return output;
}
