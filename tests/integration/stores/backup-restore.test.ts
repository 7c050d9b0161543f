import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runCommand } from '../../support/stores';
import { hashTree } from '../../support/image';
import { dc01 } from './helpers';
import { decodeRegFileBytes, encodeRegFileBytes } from '../../../core/formats/reg-file';

const test = suite('backup and restore');
const outsideState = (rel: string) => rel.startsWith('.defenderproxy');

test('backups are listed newest first; restoring them in that order gives back the image byte for byte', async () => {
  const machine = dc01();
  const original = hashTree(machine, outsideState);
  const mdi = await runCommand('set', { machine, method: 'wininet', proxy: { server: 'new:8080', bypass: ['<local>'] } });
  const sensor = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://new:8080', userName: 'CONTOSO\\u', password: 'pw-for-restore' },
  });
  const mde = await runCommand('set', { machine, product: 'mde', proxy: { url: 'http://new:8080', pacUrl: 'http://wpad/x.pac' } });
  const list = (await runCommand('backup', { machine, action: 'list' })).body.result.backups;
  assert.equal(
    list.map((b: any) => b.id),
    [mde, sensor, mdi].map((r) => r.body.result.backup),
  );
  assert.ok(list.every((b: any) => b.reason === 'set' && b.targets.length > 0));

  for (const run of [mde, sensor, mdi]) {
    const restored = await runCommand('restore', { machine, backup: run.body.result.backup });
    assert.is(restored.exit, 0, JSON.stringify(restored.body));
    assert.is(restored.body.result.changed, true);
    assert.ok(restored.body.result.backup, 'a restore is backed up first');
  }
  assert.equal(hashTree(machine, outsideState), original);
  const reasons = (await runCommand('backup', { machine, action: 'list' })).body.result.backups.map((b: any) => b.reason);
  assert.is(reasons.filter((r: string) => r.startsWith('restore')).length, 3);
});

test('restore deletes values the backup did not hold and sets those it did; restoring twice changes nothing', async () => {
  const machine = dc01();
  const set = await runCommand('set', {
    machine,
    store: 'defender-av',
    proxy: { url: 'http://a:1', bypass: ['x.com'], pacUrl: 'http://w/p.pac' },
  });
  const id = set.body.result.backup;
  const first = await runCommand('restore', { machine, backup: id });
  assert.equal(
    first.body.result.changes.map((c: any) => [c.target.split('\\').pop(), c.after]),
    [
      ['ProxyServer', 'proxy.contoso.com:8080'],
      ['ProxyPacUrl', null],
      ['ProxyBypass', null],
    ],
  );
  assert.is((await runCommand('restore', { machine, backup: id })).body.result.changed, false);
});

test('an unknown or malformed backup id: exit 2, field backup', async () => {
  const machine = dc01();
  for (const backup of ['nope', '../../etc', '20260101T000000000Z-abcdef']) {
    const run = await runCommand('restore', { machine, backup });
    assert.is(run.exit, 2);
    assert.is(run.body.error!.code, 'BACKUP_NOT_FOUND');
    assert.is(run.body.error!.field, 'backup');
  }
});

test('a backup holds the key export and the file as it was, never a password in clear', async () => {
  const machine = dc01();
  const run = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://p:1', userName: 'CONTOSO\\u', password: 'Backup-Canary-77' },
  });
  await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://p:2', userName: 'CONTOSO\\u', password: 'Backup-Canary-78' },
  });
  const folder = run.body.result.backupPath;
  assert.equal(readdirSync(folder).sort(), ['files', 'manifest.json', 'registry.reg']);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  assert.equal(Object.keys(manifest), ['id', 'created', 'reason', 'targets', 'keys', 'values', 'registrySha256', 'files']);
  const all = hashTree(join(machine, '.defenderproxy'));
  for (const rel of Object.keys(all)) {
    const bytes = readFileSync(join(machine, '.defenderproxy', rel));
    for (const canary of ['Backup-Canary-77', 'Backup-Canary-78']) {
      assert.is(bytes.includes(Buffer.from(canary, 'utf8')), false, rel);
      assert.is(bytes.includes(Buffer.from(canary, 'utf16le')), false, rel);
    }
  }
});

/** Takes a real backup of a defender-av change, then lets `tamper` edit its manifest and registry.reg text. */
async function tamperedBackup(
  tamper: (manifest: any, registryText: string, folder: string) => string,
): Promise<{ machine: string; id: string }> {
  const machine = dc01();
  const set = await runCommand('set', { machine, store: 'defender-av', proxy: { url: 'http://a:1' } });
  const folder = set.body.result.backupPath;
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const registryText = tamper(manifest, decodeRegFileBytes(readFileSync(join(folder, 'registry.reg'))).text, folder);
  const registry = encodeRegFileBytes(registryText, 'utf16le');
  writeFileSync(join(folder, 'registry.reg'), registry);
  // As someone planting a backup would: the manifest's checksum matches the edited copy.
  manifest.registrySha256 = require('node:crypto').createHash('sha256').update(registry).digest('hex');
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { machine, id: set.body.result.backup };
}

test("a backup that holds a registry key no store keeps is refused (exit 2), not restored under some store's name", async () => {
  const planted = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Planted';
  const { machine, id } = await tamperedBackup((manifest, text) => {
    manifest.keys.push(planted);
    return `${text.trimEnd()}\r\n\r\n[${planted}]\r\n"Run"="planted.exe"\r\n\r\n`;
  });
  const before = hashTree(machine, outsideState);
  const run = await runCommand('restore', { machine, backup: id });
  assert.is(run.exit, 2, JSON.stringify(run.body));
  assert.is(run.body.error!.code, 'BACKUP_MALFORMED');
  assert.match(run.body.error!.message, /Contoso\\Planted, which no store keeps/);
  assert.equal(hashTree(machine, outsideState), before, 'nothing was written');
});

test('a backup that holds a file no store keeps is refused (exit 2): a restore writes no file outside the stores', async () => {
  const { machine, id } = await tamperedBackup((manifest, text, folder) => {
    const bytes = Buffer.from('127.0.0.1 login.microsoftonline.com\r\n');
    writeFileSync(join(folder, 'files', '9-hosts'), bytes);
    manifest.files.push({
      path: 'C:\\Windows\\System32\\drivers\\etc\\hosts',
      copy: join('files', '9-hosts'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    return text;
  });
  const before = hashTree(machine, outsideState);
  const run = await runCommand('restore', { machine, backup: id });
  assert.is(run.exit, 2, JSON.stringify(run.body));
  assert.is(run.body.error!.code, 'BACKUP_MALFORMED');
  assert.match(run.body.error!.message, /etc\\hosts, which no store keeps/);
  assert.equal(hashTree(machine, outsideState), before, 'nothing was written');
});

test.run();
