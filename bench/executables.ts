import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { NODE_VERSION, nodeBinary } from '../build/node-binaries';
import { DEFAULT_CONCURRENCY } from '../core/net/sweep';

export const ROOT = join(__dirname, '..');
/**
 * The Linux executable measured: dist's, or another build named by DEFENDERPROXY_BENCH_EXE (e.g. one made from
 * main, for a before-and-after table in the same conditions).
 */
export const LINUX_EXE = process.env.DEFENDERPROXY_BENCH_EXE ?? join(ROOT, 'dist', 'defenderproxy-linux-x64');
/** The default concurrency cap of the executable measured: this tree's, or DEFENDERPROXY_BENCH_CONCURRENCY's for another build. */
export const EXE_DEFAULT_CONCURRENCY = Number(process.env.DEFENDERPROXY_BENCH_CONCURRENCY ?? DEFAULT_CONCURRENCY);
export const WINDOWS_EXE = join(ROOT, 'dist', 'defenderproxy-win-x64.exe');

/** Builds both executables unless they are newer than their sources (build/build.ts --if-stale); quiet unless it fails. */
export function buildIfStale(): void {
  const build = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'build', 'build.ts'), '--if-stale'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`build/build.ts --if-stale failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
}

/** The stock Node the Linux executable is made from: start-up is measured against it. */
export function stockNode(): { path: string; version: string } {
  return { path: nodeBinary('linux-x64'), version: NODE_VERSION };
}
