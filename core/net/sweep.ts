import type { Probe } from '../protocol';
import { mapWithConcurrency } from './pool';
import { runProbe, type ProbeOptions } from './probe/probe';
import { hopsFor, type RoutePlan } from './routes/routes';
import type { ProbeTarget } from './probe/targets';

/**
 * Probes in flight at once unless the request says otherwise. A real full sweep (40 URLs × 3–5 routes: 120–200
 * probes) runs in one wave, so it takes about as long as its slowest probe; a longer list runs in waves of 200,
 * so that one run never opens more connections than that to a customer's proxy at once (curl -Z stops at 50 by
 * default, a browser at 32 per proxy) and its memory stays bounded (~0.1 MB per probe in flight; a sweep of 640
 * URLs peaks at ~50 MB of anonymous memory).
 */
export const DEFAULT_CONCURRENCY = 200;

export interface SweepOptions extends ProbeOptions {
  concurrency: number;
  /** Called with 0 when the sweep starts, then after each probe. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every target through every route, in parallel up to the concurrency cap: the sweep takes about as long as
 * its slowest probe, not the sum. Probes come back URL by URL, routes in the order asked.
 */
export function runSweep(targets: ProbeTarget[], plans: RoutePlan[], options: SweepOptions): Promise<Probe[]> {
  const jobs = targets.flatMap((target) => plans.map((plan) => ({ target, plan })));
  options.onProgress?.(0, jobs.length);
  return mapWithConcurrency(
    jobs,
    options.concurrency,
    async ({ target, plan }) => runProbe({ target, route: plan.route, hops: await hopsFor(plan, target) }, options),
    (done) => options.onProgress?.(done, jobs.length),
  );
}
