import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fetchText } from './fetch-text';
import { overriddenAddress, type ResolveMap } from '../probe/resolve';
import { cappedQuickjsModule } from './quickjs-wasm';
import { PAC_DNS_LOOKUPS_PER_URL, PAC_MEMORY_BYTES, PacGuard, type PacLimits } from './pac-guard';
import { ipv4InNet } from './pac-net';

export { PacLimitError } from './pac-guard';

/** A loaded PAC file: FindProxyForURL for any URL, until disposed. */
export interface PacScript {
  findProxy(url: string): Promise<string>;
  dispose(): void;
}

const MAX_HOST_LENGTH = 253;
/** As long as a probe's default time limit (net/probe.ts). */
const DEFAULT_PAC_TIME_MS = 10_000;

function firstExternalIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/**
 * Look-ups for one script: the request's resolve map first, each name once (a loop over one name costs one
 * look-up), every call counted against the script's budget. After dispose nothing settles: a late answer must
 * not reach a disposed engine.
 */
function scriptResolver(resolveMap: ResolveMap, guard: PacGuard, disposed: () => boolean): (host: unknown) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  return (host) => {
    if (typeof host !== 'string' || host.length === 0 || host.length > MAX_HOST_LENGTH) return Promise.resolve(null);
    if (isIP(host)) return Promise.resolve(host);
    guard.countLookup();
    const key = host.toLowerCase();
    let answer = cache.get(key);
    if (!answer) {
      const overridden = overriddenAddress(host, resolveMap);
      answer = overridden
        ? Promise.resolve(overridden)
        : new Promise((resolve) => lookup(host, { family: 4 }, (error, address) => !disposed() && resolve(error ? null : address)));
      cache.set(key, answer);
    }
    return answer;
  };
}

/**
 * The PAC helpers that touch the network (or the console), replaced so that they honour the request's resolve
 * map, count against the look-up budget and never reach out: pac-resolver's own isInNet resolves names past
 * both, its myIpAddress opens a UDP socket towards a public address, and its alert writes to stdout, which
 * carries only the response.
 */
function sandbox(resolveMap: ResolveMap, guard: PacGuard, disposed: () => boolean) {
  const resolve = scriptResolver(resolveMap, guard, disposed);
  return {
    dnsResolve: async (host: string) => resolve(host),
    isResolvable: async (host: string) => (await resolve(host)) !== null,
    isInNet: async (host: string, pattern: string, mask: string) => {
      const address = await resolve(host);
      return address !== null && ipv4InNet(address, pattern, mask);
    },
    myIpAddress: async () => firstExternalIpv4(),
    alert: () => undefined,
  };
}

/**
 * Evaluates PAC text with pac-resolver in a QuickJS sandbox (the script never runs in our own VM), within the
 * limits of PacGuard: time per evaluation, memory (the engine's memory cannot grow past its cap), DNS look-ups.
 */
export async function compilePac(text: string, resolveMap: ResolveMap, limits: Partial<PacLimits> = {}): Promise<PacScript> {
  const guard = new PacGuard({
    timeMs: DEFAULT_PAC_TIME_MS,
    memoryBytes: PAC_MEMORY_BYTES,
    dnsLookupsPerUrl: PAC_DNS_LOOKUPS_PER_URL,
    ...limits,
  });
  const [{ createPacResolver }, { QuickJS }, module] = await Promise.all([
    import('pac-resolver'),
    import('quickjs-wasi'),
    cappedQuickjsModule(guard.limits.memoryBytes),
  ]);
  const vm = await QuickJS.create({ wasm: module as never, interruptHandler: () => guard.shouldInterrupt() });
  guard.watch(vm);
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    vm.dispose();
  };
  try {
    const find = guard.compile(() => createPacResolver(vm, text, { sandbox: sandbox(resolveMap, guard, () => disposed) }));
    return { findProxy: (url) => guard.evaluate(`FindProxyForURL("${url}")`, () => find(url)), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

export async function loadPac(pacUrl: string, resolveMap: ResolveMap, timeoutMs: number): Promise<PacScript> {
  return compilePac(await fetchText(pacUrl, resolveMap, timeoutMs), resolveMap, { timeMs: timeoutMs });
}
