import * as assert from 'uvu/assert';
import { constants, privateDecrypt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTree } from '../../support/image';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startBlackhole, type Blackhole } from '../../support/blackhole';
import { closedPort } from '../../support/ports';
import { serviceSuite } from '../../support/service-suite';
import type { TmuxTerminal } from '../../support/tmux';
import { dc01, sensorConfig, testCertificate } from '../stores/helpers';
import { terminalWithTool } from './session';

// The password prompt, the test table and Ctrl+C, typed into a real terminal (tmux) as a person would.
let terminal: TmuxTerminal;
let pki: TestPki;
let server: RunningHttpsServer;
let blackhole: Blackhole;
const folder = mkdtempSync(join(tmpdir(), 'dp-terminal-'));
const HOST = 'contoso-corpsensorapi.atp.azure.com';

const test = serviceSuite(
  'terminal: prompts and Ctrl+C',
  async () => {
    terminal = terminalWithTool({ columns: 150 });
    pki = createTestPki();
    server = await startHttpsServer(pki);
    blackhole = await startBlackhole();
  },
  async () => {
    terminal?.stop();
    await server?.close();
    await blackhole?.stop();
  },
);

/** The part of a test request a flag cannot carry well (a PEM), in a file; the flags go on top of it. */
function requestFile(): string {
  const file = join(folder, `request-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      product: 'mdi',
      url: `https://${HOST}:${server.port}/tri/sensor/api/ping`,
      resolve: { [HOST]: '127.0.0.1' },
      trustedRoots: [pki.rootPem],
    }),
  );
  return file;
}

test('test prints a URL × route table: the pass with its status, the failure with its stage and code', async () => {
  const refused = await closedPort();
  const { exit, output } = await terminal.runToEnd(
    `NO_COLOR=1 defenderproxy test --input ${requestFile()} --routes direct,explicit --proxy-url http://127.0.0.1:${refused}`,
  );
  assert.is(exit, 0, 'direct reaches the URL: one route that works is enough (002)');
  assert.match(output, /^URL\s+direct\s+explicit$/m);
  assert.match(output, new RegExp(`^${HOST}:${server.port}/tri/sensor/api/ping\\s+ok 200 \\d+ ms\\s+connect: PROXY_REFUSED$`, 'm'));
  assert.match(output, 'Probes passed: 1 of 2');
  assert.match(output, /PROXY_REFUSED \(1 of the probes\): The proxy did not accept the TCP connection/);
});

test('stderr not a terminal: progress stays JSON lines as before, while the table goes to the terminal', async () => {
  const log = join(folder, 'progress.jsonl');
  const { exit, output } = await terminal.runToEnd(`NO_COLOR=1 defenderproxy test --input ${requestFile()} --routes direct 2>${log}`);
  assert.is(exit, 0);
  assert.match(output, /ok 200 \d+ ms$/m);
  // A sweep opens with done 0 (issue 18: the bar shows before the first probe ends), then counts up.
  assert.equal(
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
    [
      { level: 'progress', done: 0, total: 1 },
      { level: 'progress', done: 1, total: 1 },
    ],
  );
});

test('the password prompt: no echo, the typed password reaches the sensor configuration encrypted', async () => {
  const machine = dc01();
  const secret = 'Typed-Pässwort-42';
  terminal.enter('clear');
  terminal.enter(
    `defenderproxy set --machine ${machine} --method sensor --proxy-url http://proxy9.contoso.com:3128 --proxy-user-name 'CONTOSO\\svc-mdi'; echo "EXIT=$?"`,
  );
  await terminal.waitFor(/Password for CONTOSO\\svc-mdi \(proxy\.password; Enter to leave it out\): $/m);
  terminal.type(secret);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.not.match(terminal.screen({ history: true }), 'Typed-P', 'nothing of the password is echoed');
  terminal.press('Enter');
  const screen = await terminal.waitFor(/^EXIT=\d+/m);
  assert.match(screen, /^EXIT=0$/m);
  assert.match(screen, 'Changed 1 value (method sensor).');
  assert.match(screen, /^ {6}before {2}Url=http:\/\/proxy\.contoso\.com:8080; UserName=CONTOSO\\proxyuser; Password=<encrypted>$/m);
  assert.match(screen, /^ {6}after {3}Url=http:\/\/proxy9\.contoso\.com:3128; UserName=CONTOSO\\svc-mdi; Password=<encrypted>$/m);
  assert.not.match(terminal.screen({ history: true }), secret);
  const stored = sensorConfig(machine).SensorProxyConfiguration.EncryptedUserPasswordData.EncryptedBytes;
  const clear = privateDecrypt(
    { key: testCertificate().privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(stored, 'base64'),
  );
  assert.is(clear.toString('utf16le'), secret);
});

test('Ctrl+C at the password prompt: exit 130, nothing written, the terminal echoes again', async () => {
  const machine = dc01();
  const before = hashTree(machine);
  terminal.enter('clear');
  terminal.enter(
    `defenderproxy set --machine ${machine} --method sensor --proxy-url http://p:1 --proxy-user-name 'CONTOSO\\u'; echo "EXIT=$?"`,
  );
  await terminal.waitFor(/Enter to leave it out\): $/m);
  terminal.type('half');
  terminal.press('C-c');
  const screen = await terminal.waitFor(/^EXIT=\d+/m);
  assert.match(screen, /^EXIT=130$/m);
  assert.match(screen, 'Interrupted (Ctrl+C); nothing was changed.');
  assert.equal(hashTree(machine), before);
  const { output } = await terminal.runToEnd('stty -a | tr " ;" "\\n\\n" | grep -x -e echo -e icanon -e -echo -e -icanon');
  assert.equal(output.split('\n').sort(), ['echo', 'icanon'], 'echo and line mode are back on');
});

test('Ctrl+C during a sweep: the live progress line, then exit 130 at once, no report written', async () => {
  const report = join(folder, 'interrupted.html');
  terminal.enter('clear');
  terminal.enter(
    `defenderproxy test --input ${requestFile()} --routes direct,explicit --proxy-url http://127.0.0.1:${blackhole.port} --timeout-ms 60000 --report-path ${report}; echo "EXIT=$?"`,
  );
  // The direct probe answers at once; the explicit one hangs on a proxy that never speaks.
  await terminal.waitFor(/^1\/2 \[##########----------\]/m, 30_000);
  const started = Date.now();
  terminal.press('C-c');
  const screen = await terminal.waitFor(/^EXIT=\d+/m, 10_000);
  assert.ok(Date.now() - started < 5000, 'ends at once, not at the probe timeout');
  assert.match(screen, /^EXIT=130$/m);
  assert.match(screen, 'Error INTERRUPTED: Interrupted (Ctrl+C); nothing was changed.');
  assert.not.match(screen, /^1\/2 \[/m, 'the progress line was cleared');
  assert.not.ok(existsSync(report), 'no report, not even half of one');
});

test('Ctrl+C while a set waits for another change: exit 130, nothing written, the other change keeps its lock', async () => {
  const machine = dc01();
  const state = join(machine, '.defenderproxy');
  mkdirSync(state);
  // Held by a live process (this one) on this host: the set waits for it.
  const lock = JSON.stringify({ pid: process.pid, host: hostname(), created: new Date().toISOString() });
  writeFileSync(join(state, 'change.lock'), lock);
  const before = hashTree(machine);
  terminal.enter('clear');
  terminal.enter(`defenderproxy set --machine ${machine} --store winhttp --proxy-server proxy9.contoso.com:3128; echo "EXIT=$?"`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.not.match(terminal.screen(), /^EXIT=/m, 'still waiting for the lock');
  terminal.press('C-c');
  const screen = await terminal.waitFor(/^EXIT=\d+/m, 10_000);
  assert.match(screen, /^EXIT=130$/m);
  assert.match(screen, 'Interrupted (Ctrl+C); nothing was changed.');
  assert.equal(hashTree(machine), before, 'no value, no backup written');
  assert.is(readFileSync(join(state, 'change.lock'), 'utf8'), lock);
});

test.run();
