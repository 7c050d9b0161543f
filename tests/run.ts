// `npm test`: typechecks and lints (each counts as one test), builds the executables when their sources
// changed, runs every suite with uvu, then the Pester suite under pwsh, and ends with the plain line
// `N passed, N failed, N skipped` (uvu prints only its own totals per run; Pester's are counted in).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const SUITES = ['unit', 'integration', 'powershell', 'windows', 'pester'];

/** The command of each suite: uvu over tests/<suite>, except Pester, whose runner prints uvu's totals itself. */
function suiteCommand(suite: string): { args: string[]; folder: string } {
  if (suite === 'pester') return { args: ['tsx', 'tests/powershell/run-pester.ts'], folder: join('tests', 'powershell', 'pester') };
  return { args: ['uvu', '-r', 'tsx', `tests/${suite}`, '\\.test\\.ts$'], folder: join('tests', suite) };
}

function run(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = (result.stdout ?? '') + (result.stderr ?? '');
  process.stdout.write(output);
  return { status: result.status ?? 1, output };
}

function totals(output: string): { passed: number; failed: number; skipped: number } | null {
  const total = /Total:\s+(\d+)/.exec(output);
  const passed = /Passed:\s+(\d+)/.exec(output);
  const skipped = /Skipped:\s+(\d+)/.exec(output);
  if (!total || !passed) return null;
  const t = Number(total[1]);
  const p = Number(passed[1]);
  const s = skipped ? Number(skipped[1]) : 0;
  // uvu counts skipped tests outside Total.
  return { passed: p, failed: t - p, skipped: s };
}

const only = process.argv.slice(2);
const suites = only.length ? SUITES.filter((s) => only.includes(s)) : SUITES;

let passed = 0;
let failed = 0;
let skipped = 0;

/** The typecheck (with noUncheckedIndexedAccess for core/) and the linter (with the layer rule) come first. */
const CHECKS: [string, string, string[]][] = [
  ['typecheck', 'npx', ['tsc', '-p', '.']],
  ['typecheck core/ (noUncheckedIndexedAccess)', 'npx', ['tsc', '-p', 'tsconfig.core.json']],
  ['lint (biome, with the layer rule)', 'npx', ['biome', 'lint', '--error-on-warnings']],
  ['format (biome at 140 columns, check only: `npm run format` rewrites)', 'npx', ['biome', 'format', 'core', 'tests', 'bench', 'build']],
];
if (only.length === 0) {
  for (const [name, command, args] of CHECKS) {
    process.stdout.write(`\n=== ${name} ===\n`);
    const check = run(command, args);
    if (check.status === 0) passed += 1;
    else failed += 1;
  }
}

if (!process.env.DEFENDERPROXY_SKIP_BUILD) {
  const build = run('npx', ['tsx', 'build/build.ts', '--if-stale']);
  if (build.status !== 0) {
    process.stdout.write(`\n${passed} passed, ${failed + 1} failed\n`);
    process.exit(1);
  }
}

for (const suite of suites) {
  const { args, folder } = suiteCommand(suite);
  if (!existsSync(join(ROOT, folder))) continue;
  process.stdout.write(`\n=== ${suite} ===\n`);
  const result = run('npx', args);
  const counts = totals(result.output);
  if (!counts) {
    // The suite crashed before uvu could report: count it as one failure rather than hide it.
    failed += 1;
    continue;
  }
  passed += counts.passed;
  skipped += counts.skipped;
  failed += counts.failed + (result.status !== 0 && counts.failed === 0 ? 1 : 0);
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
