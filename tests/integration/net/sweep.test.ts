import * as assert from 'uvu/assert';
import type { Probe } from '../../../core/protocol';
import { mdeStreamlined } from '../../../core/net/catalog/catalog-data';
import { hostOf } from '../../../core/net/catalog/catalog';
import { targetFromSpec } from '../../../core/net/probe/targets';
import { pinSetFromPems } from '../../../core/net/probe/pinning';
import { loadPac } from '../../../core/net/routes/pac';
import { disposePlans, planRoutes } from '../../../core/net/routes/routes';
import { runSweep } from '../../../core/net/sweep';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSquid, type RunningSquid } from '../../support/squid';
import { startHttpFileServer, type RunningHttpFileServer } from '../../support/http-file-server';

// The MDE streamlined catalog (US) × direct, explicit (squid with auth) and PAC (→ squid), against a server that
// takes 400 ms per answer: run in parallel, the sweep costs about one slow probe, not the sum.
const DELAY_MS = 400;
let pki: TestPki;
let server: RunningHttpsServer;
let squid: RunningSquid;
let files: RunningHttpFileServer;
// The URLs every streamlined device needs (the optional ones, e.g. settings-win for old Windows, are not ours to stand in for).
const specs = mdeStreamlined('us').filter((s) => s.required !== false && s.probe !== false);
const hosts = [...new Set(specs.map((s) => hostOf(s.url)))];

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki, { delayMs: DELAY_MS });
  squid = await startSquid({ auth: 'basic', users: { alice: 's3cret' }, hosts });
  files = await startHttpFileServer({ '/proxy.pac': `function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${squid.port}"; }` });
}

async function tearDown(): Promise<void> {
  // Any of them may be missing when setUp failed half-way.
  await Promise.all([server?.close(), squid?.stop(), files?.stop()]);
}

const test = serviceSuite('sweep', setUp, tearDown);

/** The catalog's URLs on the test server's port (the catalog's own port, 443, is not ours to bind). */
function targets() {
  return specs.map((s) => targetFromSpec({ ...s, url: s.url.replace('.com/', `.com:${server.port}/`) }));
}

async function sweep(
  concurrency: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ probes: Probe[]; totalMs: number }> {
  const proxy = { url: squid.url, pacUrl: files.url('/proxy.pac'), userName: 'alice', password: 's3cret' };
  const plans = await planRoutes(['direct', 'explicit', 'pac'], { product: 'mde', proxy, entries: [], mdiSummary: null }, (url) =>
    loadPac(url, undefined, 5000),
  );
  const started = performance.now();
  try {
    const resolve = Object.fromEntries(hosts.map((h) => [h, '127.0.0.1']));
    const probes = await runSweep(targets(), plans, {
      resolve,
      timeoutMs: 10000,
      trustedRoots: pinSetFromPems([pki.rootPem]),
      concurrency,
      onProgress,
    });
    return { probes, totalMs: performance.now() - started };
  } finally {
    disposePlans(plans);
  }
}

test(`${specs.length} URLs × 3 routes all pass, in about the time of the slowest probe`, async () => {
  const progress: [number, number][] = [];
  const { probes, totalMs } = await sweep(64, (done, total) => progress.push([done, total]));
  assert.is(probes.length, specs.length * 3);
  const failures = probes.filter((p) => p.verdict !== 'pass').map((p) => `${p.route} ${p.url} ${p.code} ${p.detail}`);
  assert.equal(failures, []);
  assert.equal(
    probes.slice(0, 3).map((p) => p.route),
    ['direct', 'explicit', 'pac'],
  );
  assert.equal(new Set(probes.filter((p) => p.route !== 'direct').map((p) => p.proxy)), new Set([squid.url]));
  const slowest = Math.max(...probes.map((p) => p.elapsedMs));
  const sum = probes.reduce((s, p) => s + p.elapsedMs, 0);
  assert.ok(slowest >= DELAY_MS, `slowest ${slowest} ms`);
  assert.ok(totalMs < 3 * slowest, `sweep ${Math.round(totalMs)} ms vs slowest probe ${slowest} ms`);
  assert.ok(totalMs < sum / 4, `sweep ${Math.round(totalMs)} ms vs ${sum} ms of probes end to end`);
  // 0 when the sweep starts (a progress bar shows before the first probe ends), then one per probe.
  assert.equal(
    progress.map(([done]) => done),
    Array.from({ length: probes.length + 1 }, (_, i) => i),
  );
  assert.ok(progress.every(([, total]) => total === probes.length));
  process.stdout.write(`  sweep: ${probes.length} probes in ${Math.round(totalMs)} ms (slowest ${slowest} ms, sum ${sum} ms)\n`);
});

test('the concurrency cap holds: with 8 in flight the same sweep takes several rounds', async () => {
  const { probes, totalMs } = await sweep(8);
  const rounds = Math.ceil(probes.length / 8);
  assert.ok(totalMs >= rounds * DELAY_MS * 0.9, `${Math.round(totalMs)} ms for ${rounds} rounds of ${DELAY_MS} ms`);
});

test.run();
