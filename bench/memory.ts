import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { PROXY_DELAY_MS } from './sweep';
import { ROUTES, startSweepFixture, URL_COUNT } from './sweep-fixture';
import { runTestCommand } from './test-command';

const RUNS = 3;
const PROBES = URL_COUNT * ROUTES.length;

/** Peak RSS of the Linux executable during the delayed sweep (GNU time's %M), with and without the cap. */
export async function measureMemory(): Promise<Figure> {
  const fixture = await startSweepFixture(PROXY_DELAY_MS);
  try {
    const peak: number[] = [];
    const peakAllInFlight: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      peak.push((await runTestCommand(fixture.sweepRequest(), PROBES, 'pass', true)).peakRssKb! / 1024);
      peakAllInFlight.push((await runTestCommand(fixture.sweepRequest({ concurrency: PROBES }), PROBES, 'pass', true)).peakRssKb! / 1024);
    }
    const [peakS, allS] = [summarize(peak), summarize(peakAllInFlight)];
    return {
      name: 'Peak memory of the sweep',
      value: peakS.median,
      unit: 'MB',
      digits: 0,
      goal: 100,
      runs: RUNS,
      detail: `peak RSS ${formatSummary(peakS, 'MB')}; with concurrency ${PROBES}: ${formatSummary(allS, 'MB')}`,
    };
  } finally {
    await fixture.stop();
  }
}
