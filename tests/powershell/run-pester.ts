// `npm test`'s Pester step: runs tests/powershell/pester under the project's pwsh with its Pester 5 and prints the
// counts the way uvu does (Total / Passed / Skipped), so tests/run.ts adds them to its final line. Without pwsh or
// Pester the whole suite counts as one skipped test, with the reason on the line above.
//   npx tsx tests/powershell/run-pester.ts [file name filter]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPester, findPwsh } from '../support/powershell';

interface PesterCounts {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  failures: string[];
}

function report(counts: { passed: number; failed: number; skipped: number }): void {
  process.stdout.write(`\n  Total:     ${counts.passed + counts.failed}\n  Passed:    ${counts.passed}\n  Skipped:   ${counts.skipped}\n`);
}

function main(): number {
  const pwsh = findPwsh();
  const pester = findPester();
  if (!pwsh || !pester) {
    const missing = !pwsh ? 'pwsh' : 'Pester 5';
    process.stdout.write(
      `SKIPPED: the Pester suite: no ${missing} in .tools/ (build/setup.sh installs it where the .NET SDK is present)\n`,
    );
    report({ passed: 0, failed: 0, skipped: 1 });
    return 0;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'dp-pester-'));
  const resultFile = join(scratch, 'counts.json');
  try {
    const run = spawnSync(
      pwsh,
      [
        '-NoProfile',
        '-NonInteractive',
        '-File',
        join(__dirname, 'pester', 'Invoke-PesterSuite.ps1'),
        '-PesterModule',
        pester,
        '-ResultFile',
        resultFile,
        '-Filter',
        process.argv[2] ?? '',
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let counts: PesterCounts;
    try {
      counts = JSON.parse(readFileSync(resultFile, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      process.stdout.write(`The Pester run ended (exit ${run.status}, signal ${run.signal}) without counts: counted as one failure.\n`);
      report({ passed: 0, failed: 1, skipped: 0 });
      return 1;
    }
    for (const failure of counts.failures) process.stdout.write(`FAIL (Pester) ${failure}\n`);
    process.stdout.write(`Pester: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${counts.seconds} s\n`);
    report(counts);
    return counts.failed === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exit(main());
