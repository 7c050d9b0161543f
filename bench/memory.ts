import { EXE_DEFAULT_CONCURRENCY } from './executables';
import { startPeerFixture } from './peer-fixture';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { PROXY_DELAY_MS } from './sweep';
import { runTestCommand } from './test-command';

const RUNS = 3;
const URLS = 640;

/** Peak RSS of the Linux executable sweeping 640 URLs through the delaying proxy, at the default cap and all in flight. */
export async function measureMemory(): Promise<Figure> {
  const fixture = await startPeerFixture(PROXY_DELAY_MS);
  try {
    const peak: number[] = [];
    const peakAllInFlight: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      peak.push((await runTestCommand(fixture.request(URLS), URLS, 'pass', true)).peakRssKb! / 1024);
      peakAllInFlight.push((await runTestCommand(fixture.request(URLS, { concurrency: URLS }), URLS, 'pass', true)).peakRssKb! / 1024);
    }
    const [peakS, allS] = [summarize(peak), summarize(peakAllInFlight)];
    return {
      name: `Peak memory of a sweep of ${URLS} URLs`,
      value: peakS.median,
      unit: 'MB',
      digits: 0,
      goal: 100,
      runs: RUNS,
      detail: `peak RSS ${formatSummary(peakS, 'MB')} at the default concurrency cap of ${EXE_DEFAULT_CONCURRENCY}; with concurrency ${URLS}: ${formatSummary(allS, 'MB')}`,
    };
  } finally {
    await fixture.stop();
  }
}
