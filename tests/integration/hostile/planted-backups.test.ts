import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, registryMeaning } from '../../support/stores';
import { hashTree } from '../../support/image';
import { decodeRegFileBytes, encodeRegFileBytes } from '../../../core/formats/reg-file';
import { KEYS } from '../../../core/stores/keys';
import { dc01, DC01_CONFIG_WINDOWS } from '../stores/helpers';

// Backups someone else put in the backups folder, or edited: a restore writes only what a store writes, only
// what the manifest lists, and only from contents that match the manifest.
const test = suite('planted backups');

const outsideState = (rel: string) => rel.startsWith('.defenderproxy');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real backup of a defender-av change, then edited by `tamper` (with its checksums made to match again, as a planter would). */
async function tampered(tamper: (manifest: any, registryText: string, folder: string) => string): Promise<{ machine: string; id: string }> {
  const machine = dc01();
  const set = await runCommand('set', { machine, store: 'defender-av', proxy: { url: 'http://a:1' } });
  const folder = set.body.result.backupPath;
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const registry = encodeRegFileBytes(
    tamper(manifest, decodeRegFileBytes(readFileSync(join(folder, 'registry.reg'))).text, folder),
    'utf16le',
  );
  writeFileSync(join(folder, 'registry.reg'), registry);
  manifest.registrySha256 = sha256(registry);
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { machine, id: set.body.result.backup };
}

async function refused(machine: string, id: string, detail: RegExp): Promise<void> {
  const before = hashTree(machine, outsideState);
  const meaning = await registryMeaning(machine);
  const run = await runCommand('restore', { machine, backup: id });
  assert.is(run.exit, 2, JSON.stringify(run.body));
  assert.is(run.body.error!.code, 'BACKUP_MALFORMED');
  assert.match(run.body.error!.message, detail);
  assert.equal(hashTree(machine, outsideState), before, 'no file changed');
  assert.is(await registryMeaning(machine), meaning, 'no value changed');
}

const DEFENDER = KEYS.defenderPolicy;

test("a value of a store's key that the store never writes (Defender's DisableAntiSpyware) is refused", async () => {
  const { machine, id } = await tampered((manifest, text) => {
    manifest.values.push({ key: DEFENDER, name: 'DisableAntiSpyware' });
    return text.replace(`[${DEFENDER}]\r\n`, `[${DEFENDER}]\r\n"DisableAntiSpyware"=dword:00000001\r\n`);
  });
  await refused(machine, id, /DisableAntiSpyware, which no store writes/);
});

test('registry.reg holding more than the manifest lists: only the listed values are put back, the rest left alone', async () => {
  const { machine, id } = await tampered((_manifest, text) =>
    text.replace(
      `[${DEFENDER}]\r\n`,
      `[${DEFENDER}]\r\n"DisableAntiSpyware"=dword:00000001\r\n"DisableRealtimeMonitoring"=dword:00000001\r\n`,
    ),
  );
  const run = await runCommand('restore', { machine, backup: id });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  for (const change of run.body.result.changes)
    assert.match(change.target, /\\Proxy(Server|PacUrl|Bypass)$/, 'only the values the change wrote');
  const meaning = await registryMeaning(machine);
  assert.not.match(meaning, /disableantispyware|disablerealtimemonitoring/);
});

test('a key registry.reg holds that the manifest does not list is refused', async () => {
  const { machine, id } = await tampered(
    (_manifest, text) =>
      `${text.trimEnd()}\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run]\r\n"Evil"="C:\\\\evil.exe"\r\n\r\n`,
  );
  await refused(
    machine,
    id,
    /holds the key HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run, which its manifest does not list/,
  );
});

test('an edited registry.reg whose checksum no longer matches the manifest is refused', async () => {
  const machine = dc01();
  const set = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'a:1' } });
  const path = join(set.body.result.backupPath, 'registry.reg');
  const text = decodeRegFileBytes(readFileSync(path)).text;
  writeFileSync(path, encodeRegFileBytes(text.replace(/hex:[0-9a-f,\\\r\n ]+/, 'hex:00'), 'utf16le'));
  await refused(machine, set.body.result.backup, /registry\.reg does not match the checksum/);
});

test("a file named SensorConfiguration.json anywhere but the sensor's own configuration is refused (no writing into System32)", async () => {
  const machine = dc01();
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://a:1' } });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  const folder = set.body.result.backupPath;
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  assert.is(manifest.files[0].path, DC01_CONFIG_WINDOWS);
  manifest.files[0].path = 'C:\\Windows\\System32\\SensorConfiguration.json';
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await refused(
    machine,
    set.body.result.backup,
    /C:\\Windows\\System32\\SensorConfiguration\.json, which is not the sensor's configuration on this machine/,
  );
});

test('a manifest pointing its file copy outside the backup folder is refused before anything is read there', async () => {
  const machine = dc01();
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://a:1' } });
  const folder = set.body.result.backupPath;
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  manifest.files[0].copy = '../../../../registry.reg';
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await refused(machine, set.body.result.backup, /outside the backup's own files\/ folder/);
});

test('a wholly fabricated backup folder that would write a Run key is refused', async () => {
  const machine = dc01();
  const id = '20260101T000000000Z-c0ffee';
  const folder = join(machine, '.defenderproxy', 'backups', id);
  mkdirSync(join(folder, 'files'), { recursive: true });
  const run = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
  const registry = encodeRegFileBytes(`Windows Registry Editor Version 5.00\r\n\r\n[${run}]\r\n"Evil"="C:\\\\evil.exe"\r\n\r\n`, 'utf16le');
  writeFileSync(join(folder, 'registry.reg'), registry);
  writeFileSync(
    join(folder, 'manifest.json'),
    JSON.stringify({
      id,
      created: '2026-01-01T00:00:00.000Z',
      reason: 'set',
      targets: [run],
      keys: [run],
      values: [{ key: run, name: 'Evil' }],
      registrySha256: sha256(registry),
      files: [],
    }),
  );
  await refused(machine, id, /which no store keeps/);
});

test.run();
