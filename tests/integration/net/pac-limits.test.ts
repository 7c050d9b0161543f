import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceSuite } from '../../support/service-suite';
import { startHttpFileServer, type RunningHttpFileServer } from '../../support/http-file-server';
import { runAsync } from '../../support/exe-async';
import { LINUX_EXE } from '../../support/exe';

// Hostile PAC files through the built executable: the network can hand the sensor's machine any PAC file, and
// each must end the test within the probe's time limit, in bounded memory, with its own code. The process is
// killed after KILL_MS: before the limits existed these runs hung or grew to gigabytes.
const TIMEOUT_MS = 2000;
const KILL_MS = 45_000;

const PACS: Record<string, string> = {
  '/loop.pac': 'function FindProxyForURL(url, host) { while (true) {} }',
  '/top-level-loop.pac': 'for (;;) {} function FindProxyForURL(url, host) { return "DIRECT"; }',
  '/catching-loop.pac': 'function FindProxyForURL(url, host) { for (;;) { try { while (true) {} } catch (e) {} } }',
  '/memory.pac': 'function FindProxyForURL(url, host) { var a = []; while (true) a.push(new Array(100000).fill(1.5)); }',
  '/string-memory.pac': 'function FindProxyForURL(url, host) { var a = []; for (;;) a.push("x".repeat(1000000) + a.length); }',
  '/dns.pac':
    'function FindProxyForURL(url, host) { for (var i = 0; i < 100000; i++) dnsResolve("n" + i + ".dp-pac-test.invalid"); return "DIRECT"; }',
  '/isinnet.pac':
    'function FindProxyForURL(url, host) { for (var i = 0; i < 100000; i++) isInNet("m" + i + ".dp-pac-test.invalid", "10.0.0.0", "255.0.0.0"); return "DIRECT"; }',
  '/alert.pac': 'function FindProxyForURL(url, host) { alert("hello from the PAC"); return "DIRECT"; }',
  '/fine.pac': 'function FindProxyForURL(url, host) { return isResolvable(host) ? "DIRECT" : "PROXY 127.0.0.1:9"; }',
};

/**
 * The names the look-up floods ask for, in the request's resolve map: each answers at once, so what stops the
 * flood is the look-up limit, not a slow resolver (under load a real look-up of a .invalid name can outlast the
 * time limit and end in PAC_TIMEOUT instead).
 */
const LOOKED_UP = Object.fromEntries(
  Array.from({ length: 200 }, (_, i) => [
    [`n${i}.dp-pac-test.invalid`, '10.9.0.1'],
    [`m${i}.dp-pac-test.invalid`, '10.9.0.2'],
  ]).flat(),
);

let files: RunningHttpFileServer;
const test = serviceSuite(
  'hostile PAC files',
  async () => {
    files = await startHttpFileServer(PACS);
  },
  async () => {
    await files?.stop();
  },
);

interface PacRun {
  status: number;
  json: any;
  stdout: string;
  /** Peak resident memory of the executable, in MB (GNU time's %M). */
  peakMb: number;
}

async function testWithPac(
  path: string,
  urls = ['https://a.contoso.test:1/', 'https://b.contoso.test:1/', 'https://c.contoso.test:1/'],
): Promise<PacRun> {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'dp-pac-')), 'time');
  const request = {
    product: 'mdi',
    urls,
    routes: ['pac'],
    proxy: { pacUrl: files.url(path) },
    resolve: { 'a.contoso.test': '127.0.0.1', ...LOOKED_UP },
    timeoutMs: TIMEOUT_MS,
  };
  const run = await runAsync('/usr/bin/time', ['-f', '%M', '-o', timeFile, LINUX_EXE, 'test'], request, process.env, KILL_MS);
  const peakKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  return { status: run.status, json: run.json, stdout: run.stdout, peakMb: Math.round(peakKb / 1024) };
}

function codes(run: PacRun): string[] {
  assert.ok(run.json, `no JSON on stdout (exit ${run.status}): ${run.stdout.slice(0, 300)}`);
  return run.json.result.probes.map((p: { code: string }) => p.code);
}

for (const [path, code] of [
  ['/loop.pac', 'PAC_TIMEOUT'],
  ['/top-level-loop.pac', 'PAC_TIMEOUT'],
  ['/catching-loop.pac', 'PAC_TIMEOUT'],
  ['/memory.pac', 'PAC_MEMORY_LIMIT'],
  ['/string-memory.pac', 'PAC_MEMORY_LIMIT'],
  ['/dns.pac', 'PAC_DNS_LIMIT'],
  ['/isinnet.pac', 'PAC_DNS_LIMIT'],
] as const) {
  test(`${path}: every probe fails with ${code}, the test ends within the probes' time limit, memory stays bounded`, async () => {
    const run = await testWithPac(path);
    assert.is(run.status, 1, `exit ${run.status}: ${run.stdout.slice(0, 300)}`);
    assert.equal(codes(run), [code, code, code]);
    const probe = run.json.result.probes[0];
    assert.is(probe.stage, 'route');
    assert.match(probe.advice, /PAC/);
    // Three URLs, one script: a script that broke a limit once is not run to the limit again for each URL.
    assert.ok(run.json.result.elapsedMs < 2 * TIMEOUT_MS + 3000, `the sweep took ${run.json.result.elapsedMs} ms`);
    assert.ok(run.peakMb < 400, `peak memory ${run.peakMb} MB`);
  });
}

test('alert() in a PAC file writes nothing to stdout: the response stays one JSON document', async () => {
  const run = await testWithPac('/alert.pac', ['https://a.contoso.test:1/']);
  assert.ok(run.json, `stdout is not JSON: ${run.stdout.slice(0, 200)}`);
  assert.equal(codes(run), ['CONNECT_REFUSED']);
});

test("a well-behaved PAC that resolves names still works, through the request's resolve map", async () => {
  const run = await testWithPac('/fine.pac', ['https://a.contoso.test:1/']);
  assert.equal(codes(run), ['CONNECT_REFUSED']);
  assert.match(run.json.result.probes[0].detail, /answered "DIRECT"/);
});

test.run();
