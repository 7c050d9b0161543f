import { DEFAULT_CONCURRENCY } from '../core/net/sweep';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { ROUTES, startSweepFixture, URL_COUNT } from './sweep-fixture';
import { runTestCommand } from './test-command';

const RUNS = 5;
export const PROXY_DELAY_MS = 200;
const PROBES = URL_COUNT * ROUTES.length;
const WAVES = Math.ceil(PROBES / DEFAULT_CONCURRENCY);

/**
 * Sweep: 40 URLs × 3 routes through proxies that each add 200 ms to every connection, total wall time of the
 * executable ÷ the wall time of one probe (one URL, one route) measured the same way. Sequential would be 120.
 * Also measured with every probe in flight at once (concurrency 120) and the executable's CPU time.
 */
export async function measureSweep(): Promise<Figure> {
  const fixture = await startSweepFixture(PROXY_DELAY_MS);
  try {
    const single: number[] = [];
    const sweep: number[] = [];
    const allInFlight: number[] = [];
    const sweepCpu: number[] = [];
    const singleCpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const one = await runTestCommand(fixture.singleProbeRequest(), 1, 'pass', true);
      single.push(one.wallMs);
      singleCpu.push(one.cpuMs!);
      const run = await runTestCommand(fixture.sweepRequest(), PROBES, 'pass', true);
      sweep.push(run.wallMs);
      sweepCpu.push(run.cpuMs!);
      allInFlight.push((await runTestCommand(fixture.sweepRequest({ concurrency: PROBES }), PROBES, 'pass', true)).wallMs);
    }
    const [singleS, sweepS, allS] = [summarize(single), summarize(sweep), summarize(allInFlight)];
    const [cpuS, singleCpuS] = [summarize(sweepCpu), summarize(singleCpu)];
    const ratio = sweepS.median / singleS.median;
    return {
      name: `Sweep (${URL_COUNT} URLs × ${ROUTES.length} routes, +${PROXY_DELAY_MS} ms per connection)`,
      value: ratio,
      unit: '×',
      digits: 2,
      goal: 1.5,
      runs: RUNS,
      detail: `sweep ${formatSummary(sweepS)} ÷ one probe ${formatSummary(singleS)} (sequential: ${PROBES}×); with concurrency ${PROBES}: ${formatSummary(allS)} = ${(allS.median / singleS.median).toFixed(2)}×; executable CPU: sweep ${formatSummary(cpuS)}, one probe ${formatSummary(singleCpuS)}`,
      note:
        ratio > 1.5
          ? `${WAVES > 1 ? `the ${PROBES} probes run in ${WAVES} waves under the default cap of ${DEFAULT_CONCURRENCY}, and ` : ''}each probe costs the single-threaded executable ~${((cpuS.median - singleCpuS.median) / (PROBES - 1)).toFixed(1)} ms of CPU beyond the first (TLS handshake, chain capture and pinning, HTTP), ${(cpuS.median / 1000).toFixed(2)} s in all that queue behind the ${PROXY_DELAY_MS} ms wait; the loopback HTTPS server and proxies run on the same CPUs.`
          : undefined,
    };
  } finally {
    await fixture.stop();
  }
}
