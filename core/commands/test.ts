import { writeFileSync } from 'node:fs';
import type { Probe, StoreEntry, StoreName, TestRequest, TestResult } from '../protocol';
import { EXIT } from '../errors';
import { fail } from '../messages';
import { defineCommand, type CommandContext } from './command';
import { readStores } from '../stores/read';
import { summarizeMdi } from '../stores/mdi-summary';
import { loadPac } from '../net/routes/pac';
import { DEFAULT_TIMEOUT_MS } from '../net/probe/probe';
import { defaultRoutes, disposePlans, planRoutes, storesForRoutes } from '../net/routes/routes';
import { DEFAULT_CONCURRENCY, runSweep } from '../net/sweep';
import { checkTestRequest, trustedRootsOf } from '../net/sweep-request';
import { needsSensorWorkspace, testTargets } from '../net/sweep-targets';
import { renderReport } from '../net/report';
import { throttleProgress } from './progress-throttle';
import { needsSensorPassword, sensorPasswordFrom } from './route-credentials';

/** The machine's store entries, read only when a route or the workspace needs them (else no machine is needed). */
async function readNeededStores(request: TestRequest, stores: StoreName[], context: CommandContext): Promise<StoreEntry[]> {
  const needed = new Set(stores);
  if (needsSensorWorkspace(request)) needed.add('mdi-sensor');
  if (needed.size === 0) return [];
  return readStores(await context.host(), [...needed]);
}

function writeReport(path: string, result: TestResult): void {
  try {
    writeFileSync(path, renderReport(result, new Date()), 'utf8');
  } catch (error) {
    throw fail('REPORT_UNWRITABLE', { path, detail: (error as Error).message }, { field: 'reportPath', details: { result: { ...result, reportPath: null } } });
  }
}

export const testCommand = defineCommand({
  name: 'test',
  summary: 'probe the Defender URLs through each route (DNS, TCP, CONNECT, TLS chain, HTTP) and say what breaks',
  async run(request: TestRequest, context) {
    const started = performance.now();
    const routes = request.routes ?? defaultRoutes(request.proxy);
    checkTestRequest(request, routes);
    const trustedRoots = trustedRootsOf(request);
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    const entries = await readNeededStores(request, storesForRoutes(routes, request.product, request.proxy), context);
    const targets = testTargets(request, entries);
    const mdiSummary = request.product === 'mdi' && routes.includes('sensor') ? summarizeMdi(entries) : null;
    const sensorPassword = needsSensorPassword(request.product, routes, request.proxy, entries) ? await sensorPasswordFrom(await context.host()) : undefined;
    const plans = await planRoutes(routes, { product: request.product, proxy: request.proxy, entries, mdiSummary, sensorPassword }, (url) =>
      loadPac(url, request.resolve, timeoutMs),
    );
    const progress = throttleProgress((done, total) => context.log({ level: 'progress', done, total }));
    let probes: Probe[];
    try {
      probes = await runSweep(targets, plans, {
        resolve: request.resolve,
        timeoutMs,
        trustedRoots,
        concurrency: request.concurrency ?? DEFAULT_CONCURRENCY,
        onProgress: progress.update,
      });
    } finally {
      progress.flush();
      disposePlans(plans);
    }

    const passed = probes.every((p) => p.verdict === 'pass');
    const result: TestResult = { passed, probes, reportPath: request.reportPath ?? null, elapsedMs: Math.round(performance.now() - started) };
    if (request.reportPath) writeReport(request.reportPath, result);
    return { result, exit: passed ? EXIT.OK : EXIT.NEGATIVE };
  },
});
