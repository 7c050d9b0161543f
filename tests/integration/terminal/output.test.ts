import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExampleImage, hashTree } from '../../support/image';
import { runExe } from '../../support/exe';
import { withoutColours, type TmuxTerminal } from '../../support/tmux';
import { terminalWithTool } from './session';

// What a person sees at a terminal (tmux: a real pty), and that a pipe still gets exactly the JSON.
const test = suite('terminal: output');
let terminal: TmuxTerminal;
test.before(() => {
  terminal = terminalWithTool({ columns: 140 });
});
test.after(() => terminal.stop());

const ESC = '\x1b[';

test('get prints one line per store, the method in effect and the conflicts, in colour', async () => {
  const machine = copyExampleImage();
  const { exit, output } = await terminal.runToEnd(`defenderproxy get --machine ${machine}`, 60_000, { colours: true });
  assert.is(exit, 0);
  assert.ok(output.includes(ESC), 'colour on a terminal');
  const text = withoutColours(output);
  assert.match(
    text.replace(/\n(?=\S)/g, ' '),
    'MDI sensor 2.250.18972.18405 (v2): http://proxy.contoso.com:8080, from the sensor configuration (method sensor). Also configured: wininet.',
  );
  assert.match(text, /^STORE\s+ACCOUNT\s+PROXY\s+DETAILS$/m);
  for (const line of [
    /^mdi-sensor\s+http:\/\/proxy\.contoso\.com:8080\s+user CONTOSO\\proxyuser/m,
    /^wininet\s+LocalService\s+oldproxy\.contoso\.com:3128/m,
    /^winhttp\s+direct/m,
    /^defender-av\s+proxy\.contoso\.com:8080/m,
  ]) {
    assert.match(text, line);
  }
  assert.match(text, '4 conflicts:');
  assert.not.match(text, '"ok"', 'no JSON on a terminal');
});

test('NO_COLOR: the same summary without a single escape code', async () => {
  const machine = copyExampleImage();
  const { exit, output } = await terminal.runToEnd(`NO_COLOR=1 defenderproxy get --machine ${machine}`, 60_000, { colours: true });
  assert.is(exit, 0);
  assert.match(output, /^STORE\s+ACCOUNT/m);
  assert.not.ok(output.includes(ESC), output);
});

test('into a pipe: exactly the JSON a script gets today; --json and --format choose on a terminal too', async () => {
  const machine = copyExampleImage();
  const expected = runExe(['get'], { machine }).stdout;
  const piped = await terminal.runToEnd(`defenderproxy get --machine ${machine} | sha256sum`);
  const { createHash } = await import('node:crypto');
  assert.match(piped.output, createHash('sha256').update(expected).digest('hex'));
  const json = await terminal.runToEnd(`defenderproxy get --machine ${machine} --product mde --json`, 60_000, { colours: true });
  assert.match(json.output, /^\{\n {2}"ok": true,/);
  assert.not.match(json.output, '\x1b[3');
  const table = await terminal.runToEnd(`defenderproxy get --machine ${machine} --format table | cat`, 60_000, { colours: true });
  assert.match(table.output, /^STORE\s+ACCOUNT/m);
  assert.not.ok(table.output.includes(ESC), 'no colour into a pipe, even as a table');
});

test('set --what-if shows before -> after and writes nothing', async () => {
  const machine = copyExampleImage();
  const before = hashTree(machine);
  const { exit, output } = await terminal.runToEnd(
    `defenderproxy set --machine ${machine} --store mde-telemetry --proxy-server proxy9.contoso.com:3128 --what-if`,
  );
  assert.is(exit, 0);
  assert.match(output, 'Plan: 1 value would change. Nothing was written.');
  assert.match(
    output,
    /^ {2}mde-telemetry {2}HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection\\TelemetryProxyServer$/m,
  );
  assert.match(output, /^ {6}proxy\.contoso\.com:8080 -> proxy9\.contoso\.com:3128$/m);
  assert.equal(hashTree(machine), before);
});

test('a mistyped flag: the coded error with "did you mean", exit 2', async () => {
  const { exit, output } = await terminal.runToEnd('defenderproxy get --prodcut mdi');
  assert.is(exit, 2);
  assert.match(output, 'Error FIELD_UNKNOWN: Unknown flag "--prodcut" (did you mean "--product"?).');
});

test('help <command> from the schema', async () => {
  const { exit, output } = await terminal.runToEnd("defenderproxy help test | grep -A3 -e '--routes'");
  assert.is(exit, 0);
  assert.match(output, /--routes <choice,\.\.\.>\s+Routes to try each URL through/);
  assert.match(output, 'e.g. --routes explicit,direct');
});

test.run();
