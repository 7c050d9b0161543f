import { EXE_DEFAULT_CONCURRENCY } from './executables';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { ROUTES, startSweepFixture, URL_COUNT } from './sweep-fixture';
import { runTestCommand } from './test-command';

const RUNS = 3;
/** Shorter than the default 10 s to keep the bench short; start-up then weighs more in the ratio, not less. */
const TIMEOUT_MS = 3000;
const PROBES = URL_COUNT * ROUTES.length;

/**
 * Black hole: the same sweep through proxies that accept and never answer; total wall time ÷ the per-probe
 * timeout. Every probe must end as TIMEOUT. Also measured with every probe in flight at once.
 */
export async function measureBlackHole(): Promise<Figure> {
  const fixture = await startSweepFixture('never');
  try {
    const sweep: number[] = [];
    const allInFlight: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      sweep.push((await runTestCommand(fixture.sweepRequest({ timeoutMs: TIMEOUT_MS }), PROBES, 'timeout')).wallMs);
      allInFlight.push(
        (await runTestCommand(fixture.sweepRequest({ timeoutMs: TIMEOUT_MS, concurrency: PROBES }), PROBES, 'timeout')).wallMs,
      );
    }
    const [sweepS, allS] = [summarize(sweep), summarize(allInFlight)];
    const ratio = sweepS.median / TIMEOUT_MS;
    return {
      name: `Black hole (${URL_COUNT} URLs × ${ROUTES.length} routes, proxies never answer)`,
      value: ratio,
      unit: '×',
      digits: 2,
      goal: 1.1,
      runs: RUNS,
      detail: `sweep ${formatSummary(sweepS)} ÷ timeoutMs ${TIMEOUT_MS}; with concurrency ${PROBES}: ${formatSummary(allS)} = ${(allS.median / TIMEOUT_MS).toFixed(2)}×`,
      note:
        ratio > 1.1
          ? `the default concurrency cap (${EXE_DEFAULT_CONCURRENCY}) is below the ${PROBES} probes, so they time out in ${Math.ceil(PROBES / EXE_DEFAULT_CONCURRENCY)} waves of one timeout each; with all ${PROBES} in flight the sweep takes one timeout plus start-up.`
          : undefined,
    };
  } finally {
    await fixture.stop();
  }
}
