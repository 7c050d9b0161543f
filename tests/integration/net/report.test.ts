import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { closedPort } from '../../support/ports';
import { runNet } from '../../support/net-command';
import { dumpDom, screenshot } from '../../support/chromium';
import { decodePng } from '../../support/png';

// The HTML report of a real run, opened in headless chromium: its matrix, its colours, its cells.
let pki: TestPki;
const dir = mkdtempSync(join(tmpdir(), 'dpt-report-'));
const reportPath = join(dir, 'report.html');
let server: RunningHttpsServer;
let deadProxy: number;

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  deadProxy = await closedPort();
}

async function tearDown(): Promise<void> {
  await server?.close();
  if (!process.env.KEEP_REPORT) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`  report kept in ${dir}\n`);
}

const test = serviceSuite('report', setUp, tearDown);

const url = () => `https://contoso-corpsensorapi.atp.azure.com:${server.port}/tri/sensor/api/ping`;

test('`test` with reportPath writes one self-contained HTML file and says where', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: url(),
    routes: ['direct', 'explicit', 'pac'],
    proxy: { url: `http://127.0.0.1:${deadProxy}`, pacUrl: `http://127.0.0.1:${deadProxy}/proxy.pac` },
    resolve: { 'contoso-corpsensorapi.atp.azure.com': '127.0.0.1' },
    trustedRoots: [pki.rootPem],
    reportPath,
  });
  assert.is(run.exit, 0, 'direct reaches the URL: one route that works is enough (002)');
  assert.is(run.result!.reportPath, reportPath);
  assert.equal(
    run.result!.probes.map((p) => p.code),
    ['OK', 'PROXY_REFUSED', 'PAC_FAILED'],
  );
  const html = readFileSync(reportPath, 'utf8');
  assert.not.ok(/<script|<link|<img|@import|url\(/i.test(html), 'no scripts, no external assets');
  assert.ok(html.includes('<style>'));
});

test('chromium renders the matrix: a row per URL, a column per route, each cell with stage, code and advice', () => {
  const dom = dumpDom(reportPath);
  const cells = [
    ...dom.matchAll(
      /<td class="(pass|fail)" data-url="([^"]*)" data-route="([^"]*)" data-verdict="[^"]*" data-code="([^"]*)">([\s\S]*?)<\/td>/g,
    ),
  ];
  assert.equal(
    cells.map((c) => [c[1], c[3], c[4]]),
    [
      ['pass', 'direct', 'OK'],
      ['fail', 'explicit', 'PROXY_REFUSED'],
      ['fail', 'pac', 'PAC_FAILED'],
    ],
  );
  assert.ok(cells.every((c) => c[2] === url()));
  assert.match(cells[1]![5]!, /stage connect/);
  assert.match(cells[1]![5]!, /The proxy did not accept the TCP connection/);
  assert.match(cells[2]![5]!, /stage route/);
  assert.equal(
    [...dom.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]),
    ['direct', 'explicit', 'pac'],
  );
  assert.not.ok(/<script/i.test(dom));
});

test('the screenshot shows both a green pass cell and a red fail cell', () => {
  const png = join(dir, 'report.png');
  screenshot(reportPath, png);
  assert.ok(existsSync(png) && statSync(png).size > 5000, 'a non-trivial PNG');
  const image = decodePng(readFileSync(png));
  assert.equal([image.width, image.height], [1200, 800]);
  let green = 0;
  let red = 0;
  for (let y = 0; y < image.height; y += 2) {
    for (let x = 0; x < image.width; x += 2) {
      const [r, g, b] = image.pixel(x, y);
      if (g > r + 50 && g > b + 40) green++;
      if (r > g + 50 && r > b + 50) red++;
    }
  }
  // The legend's swatches are a few hundred pixels; a matrix cell is thousands (sampled every 2nd pixel).
  assert.ok(green > 2000, `green pixels: ${green}`);
  assert.ok(red > 4000, `red pixels: ${red}`);
});

test('a report that cannot be written is an error naming reportPath, and the probes still come back', async () => {
  const run = await runNet('test', {
    product: 'mdi',
    url: url(),
    routes: ['direct'],
    resolve: { 'contoso-corpsensorapi.atp.azure.com': '127.0.0.1' },
    trustedRoots: [pki.rootPem],
    reportPath: join(dir, 'no', 'such', 'dir', 'r.html'),
  });
  assert.is(run.error!.code, 'REPORT_UNWRITABLE');
  assert.is(run.error!.field, 'reportPath');
  assert.is(run.result!.probes[0]!.code, 'OK');
});

test.run();
