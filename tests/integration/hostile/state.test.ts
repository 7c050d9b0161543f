import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, registryMeaning } from '../../support/stores';
import { hashTree } from '../../support/image';
import { LINUX_EXE } from '../../support/exe';
import { LOCK_FILE, withChangeLock } from '../../../core/safety/lock';
import { dc01 } from '../stores/helpers';
import { canMountTmpfs, canRunAsNobody } from '../../support/privileges';

// The tool's own folder (.defenderproxy: backups, the lock) in an unlucky world: refused requests, planted and
// stale locks, broken manifests, a folder the tool may not write, a full disk.
const test = suite('hostile state folder');

test('a refused request (exit 2) leaves no .defenderproxy folder behind, even when refused under the lock', async () => {
  const cases: [string, object, string][] = [
    ['set', { product: 'mdi', proxy: { url: 'http://p:1' } }, 'METHOD_AMBIGUOUS'],
    ['clear', { product: 'mdi' }, 'METHOD_AMBIGUOUS'],
    ['set', { method: 'mde-values', proxy: { url: 'http://p:1' } }, 'METHOD_NOT_AVAILABLE'],
    ['set', { method: 'sensor', proxy: { url: 'http://p:1', userName: 'CONTOSO\\other' } }, 'PROXY_PASSWORD_REQUIRED'],
    ['set', { store: 'winhttp', proxy: { url: 'http://p:1', pacUrl: 'http://u:p@wpad/x.pac' } }, 'PROXY_PAC_URL_INVALID'],
    ['restore', { backup: '20250101T000000000Z-abcdef' }, 'BACKUP_NOT_FOUND'],
  ];
  for (const [command, request, code] of cases) {
    const machine = dc01();
    const hashes = hashTree(machine);
    const run = await runCommand(command as never, { machine, ...request });
    assert.is(run.exit, 2, `${command} ${JSON.stringify(request)} → ${JSON.stringify(run.body)}`);
    assert.is(run.body.error!.code, code);
    assert.not.ok(existsSync(join(machine, '.defenderproxy')), `${code}: no state folder`);
    assert.equal(hashTree(machine), hashes);
  }
});

test('a change that changes nothing leaves no state folder either; one that writes keeps its backup', async () => {
  const machine = dc01();
  const first = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.is(first.exit, 0);
  rmState(machine);
  const again = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.equal([again.exit, again.body.result.changed], [0, false]);
  assert.not.ok(existsSync(join(machine, '.defenderproxy')));
});

function rmState(machine: string): void {
  require('node:fs').rmSync(join(machine, '.defenderproxy'), { recursive: true, force: true });
}

function plantLock(machine: string, holder: object | string, modified?: Date): string {
  const folder = join(machine, '.defenderproxy');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  writeFileSync(path, typeof holder === 'string' ? holder : JSON.stringify(holder));
  if (modified) utimesSync(path, modified, modified);
  return path;
}

const hour = 60 * 60_000;

test('locks that cannot be true are taken over at once, with a warning that says whose and why', async () => {
  const future = new Date(Date.now() + 365 * 24 * hour).toISOString();
  const cases: [string, object | string, Date | undefined, RegExp][] = [
    [
      'dated in the future, file dated in the future too',
      { pid: 1, host: 'OTHER-DC', created: future },
      new Date(Date.now() + 24 * hour),
      /dates lie in the future/,
    ],
    [
      'held by another host, its lifetime over',
      {
        pid: 4242,
        host: 'OTHER-DC',
        created: new Date(Date.now() - 3 * hour).toISOString(),
        expires: new Date(Date.now() - 2 * hour).toISOString(),
      },
      undefined,
      /should have ended by/,
    ],
    [
      'claiming a lifetime of years',
      { pid: 4242, host: 'OTHER-DC', created: new Date(Date.now() - 3 * hour).toISOString(), expires: future },
      undefined,
      /should have ended by/,
    ],
    [
      'dated in the future, but its file written hours ago',
      { pid: 1, host: 'OTHER-DC', created: future },
      new Date(Date.now() - 3 * hour),
      /should have ended by/,
    ],
    ['not JSON, written long ago', 'garbage', new Date(Date.now() - hour), /names no holder/],
    [
      'of a process that no longer runs here',
      { pid: deadPid(), host: hostname(), created: new Date().toISOString() },
      undefined,
      /no longer runs/,
    ],
  ];
  for (const [name, holder, modified, why] of cases) {
    const machine = dc01();
    plantLock(machine, holder, modified);
    const run = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
    assert.is(run.exit, 0, `${name}: ${JSON.stringify(run.body)}`);
    const warning = run.logs.find((l) => l.level === 'warning' && /stale change lock/.test(l.message));
    assert.ok(warning, `${name}: taken over silently`);
    assert.match((warning as { message: string }).message, why, name);
    assert.not.ok(existsSync(join(machine, '.defenderproxy', LOCK_FILE)), `${name}: released`);
  }
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('a live lock of another host makes the change give up in time, saying who holds it, until when, and how to clear it', async () => {
  const machine = dc01();
  const state = join(machine, '.defenderproxy');
  const path = plantLock(machine, {
    pid: 4242,
    host: 'OTHER-DC',
    created: new Date().toISOString(),
    expires: new Date(Date.now() + hour).toISOString(),
  });
  const error = await withChangeLock(state, { waitMs: 200 }, async () => assert.unreachable('entered a held lock')).then(
    () => null,
    (e) => e,
  );
  assert.is(error?.code, 'MACHINE_BUSY');
  assert.is(error.exit, 3);
  assert.match(error.message, /process 4242 on OTHER-DC since/);
  assert.match(error.message, /taken over after 20\d\d-/);
  assert.ok(error.message.includes(`delete ${path}`), error.message);
});

test('backup list skips a broken manifest with a warning and lists the others', async () => {
  const machine = dc01();
  const a = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'a:1' } });
  const b = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'b:1' } });
  const c = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'c:1' } });
  const backups = join(machine, '.defenderproxy', 'backups');
  writeFileSync(join(backups, b.body.result.backup, 'manifest.json'), '{ not json');
  writeFileSync(join(backups, c.body.result.backup, 'manifest.json'), JSON.stringify({ id: 'someone-else', created: 'never' }));
  const list = await runCommand('backup', { machine, action: 'list' });
  assert.is(list.exit, 0, JSON.stringify(list.body));
  assert.equal(
    list.body.result.backups.map((x: { id: string }) => x.id),
    [a.body.result.backup],
  );
  const warnings = list.logs.filter((l) => l.level === 'warning').map((l) => (l as { message: string }).message);
  assert.is(warnings.length, 2, warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes(b.body.result.backup) && /manifest cannot be read/.test(w)));
  assert.ok(warnings.some((w) => w.includes(c.body.result.backup) && /not the folder's name/.test(w)));
});

/** A copy of dc01 that only root may write, for a run as user nobody. */
function readOnlyForOthers(): string {
  const machine = dc01();
  const parent = mkdtempSync(join(tmpdir(), 'dp-denied-'));
  const copy = join(parent, 'dc01');
  cpSync(machine, copy, { recursive: true });
  for (const dir of [parent, copy]) chmodSync(dir, 0o755);
  spawnSync('chmod', ['-R', 'a+rX,go-w', copy]);
  return copy;
}

(canRunAsNobody ? test : test.skip)(
  'a state folder the tool may not create (EACCES): STATE_DIRECTORY_DENIED, exit 2, nothing written',
  async () => {
    const machine = readOnlyForOthers();
    const hashes = hashTree(machine);
    const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', LINUX_EXE, 'set'], {
      input: JSON.stringify({ machine, store: 'winhttp', proxy: { server: 'p:1' } }),
      encoding: 'utf8',
    });
    const json = JSON.parse(run.stdout);
    assert.is(run.status, 2, run.stdout + run.stderr);
    assert.equal([json.error.code, json.error.field], ['STATE_DIRECTORY_DENIED', 'machine']);
    assert.match(json.error.message, /EACCES/);
    assert.equal(hashTree(machine), hashes);
  },
);

(canMountTmpfs ? test : test.skip)(
  'a full disk under the state folder (ENOSPC): STATE_DISK_FULL, exit 2, no lock file or folder left behind',
  async () => {
    const mount = mkdtempSync(join(tmpdir(), 'dp-full-'));
    assert.is(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]).status, 0);
    try {
      const machine = join(mount, 'dc01');
      cpSync(dc01(), machine, { recursive: true });
      spawnSync('dd', ['if=/dev/zero', `of=${join(mount, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
      const meaning = await registryMeaning(machine);
      const run = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
      assert.is(run.exit, 2, JSON.stringify(run.body));
      assert.equal([run.body.error!.code, run.body.error!.field], ['STATE_DISK_FULL', 'machine']);
      assert.not.ok(
        existsSync(join(machine, '.defenderproxy')),
        `left: ${existsSync(join(machine, '.defenderproxy')) ? readdirSync(join(machine, '.defenderproxy')) : ''}`,
      );
      assert.is(await registryMeaning(machine), meaning);
    } finally {
      spawnSync('umount', [mount]);
    }
  },
);

test.run();
