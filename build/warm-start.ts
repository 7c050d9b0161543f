// Makes the Linux executable's V8 code cache after a training run: SEA's own code cache is made before
// anything runs, so it holds only eagerly compiled code and every function a `get` calls is still compiled at
// start-up. A cache taken after a real `get` on the example image holds them too.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUNDLE_ASSET = 'defenderproxy.js';
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
    execFileSync(node, [trainer, 'get', '--machine', machine], {
      input: '{}',
      env: { ...process.env, DEFENDERPROXY_TRAIN: `${wrappedBundle}\n${output}` },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
  } finally {
    rmSync(join(machine, '..'), { recursive: true, force: true });
  }
  return output;
}
