import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  cpSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand } from '../../support/stores';
import { hashTree } from '../../support/image';
import { runExe } from '../../support/exe';
import { decodeRegFileBytes, formatRegFile, parseRegFile, parseRegFileLeniently } from '../../../core/formats/reg-file';
import { dc01, DC01_CONFIG } from '../stores/helpers';

// Images handed over by someone else: links that lead out of them, permission bits, hand-edited registry files.
const test = suite('hostile images');

const VERSION_FOLDER = dirname(DC01_CONFIG);

/** A folder outside the image, with a copy of what the link replaces, whose contents must never change. */
function outside(): string {
  return mkdtempSync(join(tmpdir(), 'dp-outside-'));
}

test('a version folder that links outside the image: the image is refused (MACHINE_LINK_OUTSIDE), nothing is written there', async () => {
  const machine = dc01();
  const elsewhere = outside();
  cpSync(join(machine, VERSION_FOLDER), join(elsewhere, 'version'), { recursive: true });
  rmSync(join(machine, VERSION_FOLDER), { recursive: true });
  symlinkSync(join(elsewhere, 'version'), join(machine, VERSION_FOLDER));
  const before = hashTree(elsewhere);
  for (const [command, request] of [
    ['set', { method: 'sensor', proxy: { url: 'http://evil:8080' } }],
    ['get', {}],
    ['clear', { product: 'mdi', method: 'sensor' }],
  ] as const) {
    const run = await runCommand(command, { machine, ...request });
    assert.is(run.exit, 2, `${command}: ${JSON.stringify(run.body)}`);
    assert.equal([run.body.error!.code, run.body.error!.field], ['MACHINE_LINK_OUTSIDE', 'machine']);
    assert.match(run.body.error!.message, /2\.250\.18972\.18405/);
  }
  assert.equal(hashTree(elsewhere), before);
  assert.not.ok(existsSync(join(machine, '.defenderproxy')), 'no state folder either');
});

test('.defenderproxy linking outside the image: refused before any backup or lock lands there', async () => {
  const machine = dc01();
  const elsewhere = outside();
  symlinkSync(elsewhere, join(machine, '.defenderproxy'));
  const run = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.is(run.exit, 2, JSON.stringify(run.body));
  assert.is(run.body.error!.code, 'MACHINE_LINK_OUTSIDE');
  assert.equal(readdirSync(elsewhere), []);
});

test('a dangling link pointing outside, and a link inside the image: the first is refused, the second is fine', async () => {
  const machine = dc01();
  symlinkSync('/nonexistent/dp-target', join(machine, 'files', 'C', 'dangling'));
  assert.is((await runCommand('get', { machine })).body.error?.code, 'MACHINE_LINK_OUTSIDE');
  const inner = dc01();
  symlinkSync(join(inner, 'files', 'C', 'Program Files'), join(inner, 'files', 'C', 'Progra~1'));
  const run = await runCommand('set', { machine: inner, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.is(run.exit, 0, JSON.stringify(run.body));
});

test('a folder swapped for an outward link after the image was opened: the write is refused at write time', async () => {
  const machine = dc01();
  const elsewhere = outside();
  const { openImageHost } = await import('../../../core/host/image');
  const host = openImageHost(machine);
  const version = join(machine, VERSION_FOLDER);
  renameSync(version, join(elsewhere, 'version'));
  symlinkSync(join(elsewhere, 'version'), version);
  const before = hashTree(elsewhere);
  const error = await host
    .writeFile('C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\SensorConfiguration.json', Buffer.from('{}'))
    .then(
      () => null,
      (e) => e,
    );
  assert.is(error?.code, 'MACHINE_LINK_OUTSIDE');
  assert.equal(hashTree(elsewhere), before);
});

test('writes keep permission bits (0644 stays 0644, 0640 stays 0640), and restore gives back the mode the backup saw', async () => {
  const machine = dc01();
  const config = join(machine, DC01_CONFIG);
  chmodSync(join(machine, 'registry.reg'), 0o644);
  chmodSync(join(machine, 'services.json'), 0o640);
  chmodSync(config, 0o644);
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://p:3128' } });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  const wininet = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.is(wininet.exit, 0, JSON.stringify(wininet.body));
  const mode = (path: string) => statSync(path).mode & 0o777;
  assert.is(mode(join(machine, 'registry.reg')), 0o644, 'registry.reg');
  assert.is(mode(join(machine, 'services.json')), 0o640, 'services.json');
  assert.is(mode(config), 0o644, 'SensorConfiguration.json');
  chmodSync(config, 0o600);
  const restore = await runCommand('restore', { machine, backup: set.body.result.backup });
  assert.is(restore.exit, 0, JSON.stringify(restore.body));
  assert.is(mode(config), 0o644, 'the restored file has the mode it had when backed up');
  assert.equal(readdirSync(dirname(config)), ['SensorConfiguration.json'], 'no temporary files left');
});

test('a hand-edited registry.reg is read as regedit reads it: unrecognised lines skipped, each reported as a warning', () => {
  const machine = dc01();
  const path = join(machine, 'registry.reg');
  const text = decodeRegFileBytes(readFileSync(path)).text;
  const edited = text.replace(
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]',
    [
      '# a note the admin left',
      'this line is not registry text',
      '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Gone]',
      '"AfterDeletion"="ignored by regedit"',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]',
      '"Broken"=dword:zz',
      '"Trailing"="value"#garbage',
    ].join('\r\n'),
  );
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(edited, 'utf16le')]));
  const run = runExe(['get'], { machine, stores: ['mde-telemetry'] });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.ok(run.json.result.stores[0].proxyServer, 'the rest of the key is read');
  const warnings = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((e) => e.level === 'warning')
    .map((e) => e.message);
  assert.is(warnings.length, 5, warnings.join('\n'));
  for (const [i, pattern] of [
    /unexpected text "# a note/,
    /unexpected text "this line/,
    /follows a \[-KEY\]/,
    /bad dword/,
    /after the closing quote/,
  ].entries()) {
    assert.match(warnings[i]!, pattern);
    assert.match(warnings[i]!, /registry\.reg: line \d+: .*skipped, as regedit skips it/);
  }
});

test('the example image, exported from a machine, reads without a warning and writes back byte for byte', () => {
  for (const file of [join(dc01(), 'registry.reg')]) {
    const { text } = decodeRegFileBytes(readFileSync(file));
    const { document, warnings } = parseRegFileLeniently(text);
    assert.equal(warnings, [], file);
    assert.equal(document, parseRegFile(text), file);
    assert.is(formatRegFile(document), text, file);
  }
});

test('registry.reg larger than any real one is refused (MACHINE_FILE_TOO_LARGE), not read without end', async () => {
  const machine = dc01();
  const path = join(machine, 'registry.reg');
  rmSync(path);
  symlinkSync('/dev/zero', path);
  const linked = await runCommand('get', { machine });
  assert.is(linked.body.error?.code, 'MACHINE_LINK_OUTSIDE', 'a link to a device leaves the image');
  rmSync(path);
  mkdirSync(join(machine, 'big'));
  writeFileSync(path, Buffer.alloc(65 * 1024 * 1024, 0x20));
  const big = await runCommand('get', { machine });
  assert.is(big.exit, 2);
  assert.equal([big.body.error!.code, big.body.error!.field], ['MACHINE_FILE_TOO_LARGE', 'machine']);
});

test('a sensor configuration that links elsewhere inside the image is not written through (set and restore refuse it)', async () => {
  const machine = dc01();
  const config = join(machine, DC01_CONFIG);
  const hosts = join(machine, 'files', 'C', 'Windows', 'System32', 'drivers', 'etc', 'hosts');
  mkdirSync(dirname(hosts), { recursive: true });
  writeFileSync(hosts, readFileSync(config));
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://first:8080' } });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  rmSync(config);
  symlinkSync(hosts, config);
  const before = hashTree(machine, (rel) => rel.startsWith('.defenderproxy'));
  for (const [command, request] of [
    ['set', { method: 'sensor', proxy: { url: 'http://evil:8080' } }],
    ['restore', { backup: set.body.result.backup }],
  ] as const) {
    const run = await runCommand(command, { machine, ...request });
    assert.is(run.exit, 2, `${command}: ${JSON.stringify(run.body)}`);
    assert.match(run.body.error!.message, /leads to C:\\Windows\\System32\\drivers\\etc\\hosts, outside the sensor's install folder/);
  }
  assert.equal(
    hashTree(machine, (rel) => rel.startsWith('.defenderproxy')),
    before,
  );
});

test.run();
