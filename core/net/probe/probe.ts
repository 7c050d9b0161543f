import type { Probe, Route } from '../../protocol';
import { PASSING_CODES, adviceFor, type ProbeCode } from './advice';
import { Deadline } from './deadline';
import { pinSetForFamily, type PinSet } from './pinning';
import { ProbeAttempt, type AttemptRecord, type Hop } from './probe-attempt';
import type { ResolveMap } from './resolve';
import type { ProbeTarget } from './targets';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  resolve: ResolveMap;
  timeoutMs: number;
  /** The request's trustedRoots; they replace every endpoint's pinned roots. */
  trustedRoots: PinSet | null;
}

/** The ways a route offers to a URL, in order (a PAC file may list several); or why the route has none. */
export type RouteHops = { hops: Hop[]; note?: string } | { failure: { code: ProbeCode; detail: string } };

export interface ProbeJob {
  target: ProbeTarget;
  route: Route;
  hops: RouteHops;
}

function proxyOf(hop: Hop | undefined): string | null {
  return hop?.kind === 'proxy' ? hop.proxy.url : null;
}

function toProbe(job: ProbeJob, hop: Hop | undefined, record: AttemptRecord, elapsedMs: number): Probe {
  const passed = PASSING_CODES.has(record.code);
  return {
    url: job.target.url,
    route: job.route,
    proxy: proxyOf(hop),
    verdict: passed ? 'pass' : 'fail',
    stage: passed ? 'done' : record.stage,
    code: record.code,
    httpStatus: record.httpStatus,
    intercepted: record.intercepted,
    chain: record.chain,
    elapsedMs: Math.round(elapsedMs),
    timings: record.timings,
    advice: adviceFor(record.code),
    detail: 'hops' in job.hops && job.hops.note ? `${record.detail} — route: ${job.hops.note}` : record.detail,
    address: record.address,
  };
}

function emptyRecord(code: ProbeCode, detail: string): AttemptRecord {
  return { timings: {}, chain: [], intercepted: false, httpStatus: null, address: null, code, stage: 'route', detail };
}

/**
 * One URL through one route, within one time limit. When the route offers several proxies (PAC), an
 * unreachable proxy falls through to the next, as WinHTTP does; the probe reports the last one tried.
 */
export async function runProbe(job: ProbeJob, options: ProbeOptions): Promise<Probe> {
  const started = performance.now();
  if ('failure' in job.hops) return toProbe(job, undefined, emptyRecord(job.hops.failure.code, job.hops.failure.detail), 0);
  const pins = job.target.pins === null ? null : (options.trustedRoots ?? pinSetForFamily(job.target.pins));
  const deadline = new Deadline(options.timeoutMs);
  const skipped: string[] = [];
  try {
    const hops = job.hops.hops;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      const record = await new ProbeAttempt(job.target, hop, deadline, options.resolve, pins).run();
      const fallThrough = record.code === 'PROXY_REFUSED' && i < hops.length - 1 && !deadline.expired;
      if (fallThrough) {
        skipped.push(`${proxyOf(hop)} refused (${record.detail})`);
        continue;
      }
      if (skipped.length > 0) record.detail = `${record.detail}; before that: ${skipped.join('; ')}`;
      return toProbe(job, hop, record, performance.now() - started);
    }
    return toProbe(job, undefined, emptyRecord('ROUTE_UNAVAILABLE', 'the route offers no way to this URL'), performance.now() - started);
  } finally {
    deadline.dispose();
  }
}
