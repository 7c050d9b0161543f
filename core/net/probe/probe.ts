import { detail } from '../../messages';
import type { Probe, ProbeFallback, Route } from '../../protocol';
import { PASSING_CODES, adviceFor, type ProbeCode } from './advice';
import { Deadline } from './deadline';
import { pinSetForFamily, type PinSet } from './pinning';
import { ProbeAttempt, type AttemptRecord, type Hop } from './probe-attempt';
import type { ResolveMap } from './resolve';
import type { ProbeTarget } from './targets';
import type { MachineRoots } from './machine-trust';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  resolve: ResolveMap;
  timeoutMs: number;
  /** The request's trustedRoots; they replace every endpoint's pinned roots. */
  trustedRoots: PinSet | null;
  /** The machine's LocalMachine\Root, when the test runs for a machine: a chain must end in it too (000/001). */
  machineRoots?: MachineRoots | null;
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

function toProbe(job: ProbeJob, hop: Hop | undefined, record: AttemptRecord, elapsedMs: number, fallbacks: ProbeFallback[] = []): Probe {
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
    detail:
      'hops' in job.hops && job.hops.note ? detail('PROBE_ROUTE_NOTE', { detail: record.detail, note: job.hops.note }) : record.detail,
    address: record.address,
    required: job.target.required,
    ...(job.target.condition ? { condition: job.target.condition } : {}),
    ...(fallbacks.length > 0 ? { fallbacks } : {}),
  };
}

function emptyRecord(code: ProbeCode, detail: string): AttemptRecord {
  return { timings: {}, chain: [], intercepted: false, httpStatus: null, address: null, code, stage: 'route', detail };
}

/**
 * Whether an attempt through a proxy ended before the proxy was reached: its name did not resolve (DNS_FAILED or
 * TIMEOUT at resolve) or it did not take the connection (PROXY_REFUSED, also on a time-out, at connect). Every
 * one of these is "can't access the defined proxy" (002), after which MDE goes direct and WinHTTP tries a PAC
 * file's next proxy.
 */
export function proxyNotReached(hop: Hop, record: AttemptRecord): boolean {
  return hop.kind === 'proxy' && (record.stage === 'resolve' || record.stage === 'connect') && !PASSING_CODES.has(record.code);
}

/** Reaching a proxy that may be fallen back from gets at most this share of the time left, so the next hop has time too. */
const REACH_SHARE = 0.5;

/**
 * One URL through one route, within one time limit. When the route offers a next way (MDE's direct fallback
 * behind TelemetryProxyServer, a PAC file's next proxy), a proxy that cannot be reached is passed over, and the
 * probe says which and why in `fallbacks`; the probe reports the hop it ended on.
 */
export async function runProbe(job: ProbeJob, options: ProbeOptions): Promise<Probe> {
  const started = performance.now();
  if ('failure' in job.hops) return toProbe(job, undefined, emptyRecord(job.hops.failure.code, job.hops.failure.detail), 0);
  const pins = job.target.pins === null ? null : (options.trustedRoots ?? pinSetForFamily(job.target.pins));
  const deadline = new Deadline(options.timeoutMs);
  const fallbacks: ProbeFallback[] = [];
  try {
    const hops = job.hops.hops;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      const next = hops[i + 1];
      const reach = next && hop.kind === 'proxy' ? deadline.within(deadline.remainingMs * REACH_SHARE) : null;
      let record: AttemptRecord;
      try {
        record = await new ProbeAttempt(job.target, hop, deadline, options.resolve, pins, reach, options.machineRoots ?? null).run();
      } finally {
        reach?.dispose();
      }
      if (next && proxyNotReached(hop, record) && !deadline.expired) {
        fallbacks.push({ proxy: proxyOf(hop)!, code: record.code, detail: record.detail, to: proxyOf(next) ?? 'direct' });
        continue;
      }
      if (fallbacks.length > 0) {
        const tried = fallbacks
          .map((f) => detail('PROBE_FALLBACK', { proxy: f.proxy, code: f.code, detail: f.detail, to: f.to }))
          .join('; ');
        record.detail = detail('PROBE_FELL_BACK', { detail: record.detail, fallbacks: tried });
      }
      return toProbe(job, hop, record, performance.now() - started, fallbacks);
    }
    return toProbe(job, undefined, emptyRecord('ROUTE_UNAVAILABLE', detail('ROUTE_NO_WAY')), performance.now() - started, fallbacks);
  } finally {
    deadline.dispose();
  }
}
