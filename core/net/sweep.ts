import type { Probe } from '../protocol';
import { mapWithConcurrency } from './pool';
import { runProbe, type ProbeOptions } from './probe/probe';
import { hopsFor, type RoutePlan } from './routes/routes';
import type { ProbeTarget } from './probe/targets';

/** Above a geo catalog × every route (17 × 6): probes are sockets waiting, so all run in one wave. */
export const DEFAULT_CONCURRENCY = 128;

export interface SweepOptions extends ProbeOptions {
  concurrency: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every target through every route, in parallel up to the concurrency cap: the sweep takes about as long as
 * its slowest probe, not the sum. Probes come back URL by URL, routes in the order asked.
 */
export function runSweep(targets: ProbeTarget[], plans: RoutePlan[], options: SweepOptions): Promise<Probe[]> {
  const jobs = targets.flatMap((target) => plans.map((plan) => ({ target, plan })));
  return mapWithConcurrency(
    jobs,
    options.concurrency,
    async ({ target, plan }) => runProbe({ target, route: plan.route, hops: await hopsFor(plan, target) }, options),
    (done) => options.onProgress?.(done, jobs.length),
  );
}
