// `npm run build`: bundle the core with esbuild, then make dist/defenderproxy-linux-x64 and
// dist/defenderproxy-win-x64.exe with Node's Single Executable Applications, entirely offline.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { QUICKJS_WASM_ASSET } from '../core/net/routes/quickjs-wasm';
import { nodeBinary, type Target } from './node-binaries';
import { writePrecompiledValidators } from './validators';
import { BUNDLE_ASSET, CODE_CACHE_ASSET, EXEC_ARGV, SEA_LOADER, trainCodeCache, trainingNode, wrapBundle } from './warm-start';
import { koffiAddon, type KoffiAddon } from './koffi-addon';
import { ADDON_ASSET } from '../core/host/native/addon';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
// One work folder per build process: concurrent builds (parallel test runs) must not share the bundle or blob.
const WORK = join(ROOT, '.cache', 'sea', String(process.pid));
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export const OUTPUTS: Record<Target, string> = {
  'linux-x64': join(DIST, 'defenderproxy-linux-x64'),
  'win-x64': join(DIST, 'defenderproxy-win-x64.exe'),
};

/**
 * One bundle per executable. The Windows one holds the two Windows hosts and the addon's version and SHA-256,
 * which it checks the addon file against before every load; the Linux one leaves the Windows hosts out
 * (DEFENDERPROXY_WINDOWS_BUILD false makes them unreachable, so esbuild drops them): it pays nothing for them.
 */
export async function bundle(addon: KoffiAddon, target: Target): Promise<string> {
  const outfile = join(WORK, `defenderproxy-${target}.cjs`);
  const validators = join(WORK, 'validators.cjs');
  if (!existsSync(validators)) writePrecompiledValidators(validators);
  await build({
    define: {
      DEFENDERPROXY_PRECOMPILED: 'true',
      DEFENDERPROXY_WINDOWS_BUILD: String(target === 'win-x64'),
      DEFENDERPROXY_KOFFI_SHA256: JSON.stringify(addon.sha256),
      DEFENDERPROXY_KOFFI_VERSION: JSON.stringify(addon.version),
    },
    alias: { 'defenderproxy-precompiled-validators': validators },
    entryPoints: [join(ROOT, 'core', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The blob must be made by a Node of the same version as the binary it goes into. Its main script is a small
 * loader that runs the bundle with a code cache trained on a real `get` (build/warm-start.ts): made by the stock
 * Linux node for the Linux executable, by the stock node.exe under wine for the Windows one (V8 rejects a cache
 * made on the other system). Where wine does not run, the Windows executable carries no cache (the loader then
 * compiles the bundle at start, as before) and the build says so.
 */
function makeBlob(script: string, target: Target, addon: KoffiAddon): { blob: string; note: string } {
  const blob = join(WORK, `sea-${target}.blob`);
  const config = join(WORK, `sea-config-${target}.json`);
  // quickjs-wasi finds its .wasm beside its module, which a bundle has not: the executable carries it as an asset.
  const assets: Record<string, string> = { [QUICKJS_WASM_ASSET]: join(dirname(require.resolve('quickjs-wasi')), '..', 'quickjs.wasm') };
  // Only the Windows executable carries the addon (1 MB): the Linux one must not pay for it.
  if (target === 'win-x64') assets[ADDON_ASSET] = addon.file;
  const wrapped = wrapBundle(script, join(WORK, `${target}-${BUNDLE_ASSET}`));
  assets[BUNDLE_ASSET] = wrapped;
  const trainer = trainingNode(target);
  let note: string;
  if (typeof trainer === 'string') {
    note = `without a V8 code cache: ${trainer}, so it compiles its bundle at every start`;
  } else {
    const started = Date.now();
    assets[CODE_CACHE_ASSET] = trainCodeCache(trainer, wrapped, WORK, `${target}.codecache`);
    note = `code cache trained by ${target === 'win-x64' ? 'node.exe under wine' : 'node'} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  }
  writeFileSync(
    config,
    JSON.stringify({
      main: SEA_LOADER,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      execArgv: EXEC_ARGV,
      assets,
    }),
  );
  execFileSync(nodeBinary('linux-x64'), ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { blob, note };
}

async function inject(binary: string, blob: string): Promise<void> {
  const { inject: postject } = require('postject') as {
    inject: (file: string, name: string, data: Buffer, options: object) => Promise<void>;
  };
  await postject(binary, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
}

/** Built beside the output and renamed over it, so a concurrent run never sees a half-made executable. */
async function makeExecutable(target: Target, blob: string): Promise<void> {
  const output = OUTPUTS[target];
  const partial = `${output}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  if (target === 'win-x64') {
    // The signature would be invalid after injection; osslsigncode refuses to overwrite, hence the rmSync.
    execFileSync('osslsigncode', ['remove-signature', '-in', nodeBinary(target), '-out', partial], { stdio: 'ignore' });
  } else {
    copyFileSync(nodeBinary(target), partial);
  }
  await inject(partial, blob);
  chmodSync(partial, 0o755);
  renameSync(partial, output);
}

/** Newest modification time among the sources that go into the executables. */
function newestSource(): number {
  const walk = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((n) => walk(join(path, n)))) : statSync(path).mtimeMs;
  return Math.max(
    ...['core', 'schema', 'package.json', 'package-lock.json', 'build']
      .map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(walk),
  );
}

function upToDate(targets: Target[]): boolean {
  const newest = newestSource();
  return targets.every((t) => existsSync(OUTPUTS[t]) && statSync(OUTPUTS[t]).mtimeMs > newest);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const targets = args.filter((a) => a === 'linux-x64' || a === 'win-x64') as Target[];
  const wanted: Target[] = targets.length ? targets : ['linux-x64', 'win-x64'];
  if (args.includes('--if-stale') && upToDate(wanted)) {
    process.stdout.write('executables are up to date\n');
    return;
  }
  mkdirSync(DIST, { recursive: true });
  mkdirSync(WORK, { recursive: true });
  try {
    const addon = koffiAddon();
    for (const target of wanted) {
      const started = Date.now();
      const { blob, note } = makeBlob(await bundle(addon, target), target, addon);
      await makeExecutable(target, blob);
      process.stdout.write(`built ${OUTPUTS[target]} in ${((Date.now() - started) / 1000).toFixed(1)} s (${note})\n`);
    }
  } finally {
    rmSync(WORK, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`build failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
