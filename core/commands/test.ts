import { writeFileSync } from 'node:fs';
import type { Probe, StoreEntry, StoreName, TestRequest, TestResult } from '../protocol';
import { EXIT } from '../errors';
import { fail, terminalText } from '../messages';
import { defineCommand, type CommandContext } from './command';
import { readStores } from '../stores/read';
import { summarizeMdi } from '../stores/mdi-summary';
import { loadPac } from '../net/routes/pac';
import { DEFAULT_TIMEOUT_MS } from '../net/probe/probe';
import { defaultRoutes, disposePlans, planRoutes, storesForRoutes } from '../net/routes/routes';
import { DEFAULT_CONCURRENCY, runSweep } from '../net/sweep';
import { checkTestRequest, trustedRootsOf } from '../net/sweep-request';
import { needsMachineLocation, needsSensorWorkspace, testTargets } from '../net/sweep-targets';
import { hasMachine, readMachineOnboarding } from './machine-onboarding';
import { renderReport } from '../net/report';
import { everyRequiredReachable, optionalUrlWarnings, urlVerdicts } from '../net/url-verdicts';
import { machineRootsFrom, type MachineRoots } from '../net/probe/machine-trust';
import { proxyIpWarnings } from '../net/routes/proxy-ip-advice';
import { defenderAvTestNotes } from '../net/routes/defender-av-notes';
import { throttleProgress } from './progress-throttle';
import { needsSensorPassword, sensorPasswordFrom } from './route-credentials';

/** The machine's store entries, read only when a route or the workspace needs them (else no machine is needed). */
async function readNeededStores(request: TestRequest, stores: StoreName[], context: CommandContext): Promise<StoreEntry[]> {
  const needed = new Set(stores);
  if (needsSensorWorkspace(request)) needed.add('mdi-sensor');
  if (needed.size === 0) return [];
  return readStores(await context.host(), [...needed]);
}

/**
 * The machine's trusted roots when the test runs for a machine (an image, or the live Windows machine): 000/001
 * send an admin with a certificate error to the trusted root certificates. Null off Windows without an image,
 * and when the store is unknown (an image that did not capture it).
 */
async function readMachineRoots(request: TestRequest, context: CommandContext): Promise<MachineRoots | null> {
  if (!request.machine && process.platform !== 'win32') return null;
  const host = await context.host();
  return machineRootsFrom(await host.listCertificates('LocalMachine\\Root'), `LocalMachine\\Root of ${host.description}`);
}

function writeReport(path: string, result: TestResult): void {
  try {
    writeFileSync(path, renderReport(result, new Date()), 'utf8');
  } catch (error) {
    throw fail(
      'REPORT_UNWRITABLE',
      { path, detail: (error as Error).message },
      { field: 'reportPath', details: { result: { ...result, reportPath: null } } },
    );
  }
}

export const testCommand = defineCommand({
  name: 'test',
  summary: terminalText('HELP_COMMAND_TEST'),
  async run(request: TestRequest, context) {
    const started = performance.now();
    const routes = request.routes ?? defaultRoutes(request.proxy);
    checkTestRequest(request, routes, hasMachine(request));
    const trustedRoots = trustedRootsOf(request);
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    const entries = await readNeededStores(request, storesForRoutes(routes, request.product, request.proxy), context);
    const onboarding = needsMachineLocation(request) ? await readMachineOnboarding(request, context) : null;
    const targets = testTargets(request, entries, onboarding);
    const mdiSummary = request.product === 'mdi' && routes.includes('sensor') ? summarizeMdi(entries) : null;
    const machineRoots = await readMachineRoots(request, context);
    const sensorPassword = needsSensorPassword(request.product, routes, request.proxy, entries)
      ? await sensorPasswordFrom(await context.host())
      : undefined;
    const plans = await planRoutes(routes, { product: request.product, proxy: request.proxy, entries, mdiSummary, sensorPassword }, (url) =>
      loadPac(url, request.resolve, timeoutMs),
    );
    const adviceWarnings = [...proxyIpWarnings(request.product, plans, mdiSummary?.method ?? null), ...defenderAvTestNotes(plans)];
    const progress = throttleProgress((done, total) => context.log({ level: 'progress', done, total }));
    let probes: Probe[];
    try {
      probes = await runSweep(targets, plans, {
        resolve: request.resolve,
        timeoutMs,
        trustedRoots,
        machineRoots,
        concurrency: request.concurrency ?? DEFAULT_CONCURRENCY,
        onProgress: progress.update,
      });
    } finally {
      progress.flush();
      disposePlans(plans);
    }

    const verdicts = urlVerdicts(probes);
    const passed = everyRequiredReachable(verdicts);
    const warnings = [...adviceWarnings, ...optionalUrlWarnings(verdicts, probes)];
    const result: TestResult = {
      passed,
      probes,
      ...(routes.length > 1 ? { urls: verdicts } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
      reportPath: request.reportPath ?? null,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (request.reportPath) writeReport(request.reportPath, result);
    return { result, exit: passed ? EXIT.OK : EXIT.NEGATIVE };
  },
});
