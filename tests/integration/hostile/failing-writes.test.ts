import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { FaultyHost, runCommand, registryMeaning, imageFileHashes } from '../../support/stores';
import { LINUX_EXE } from '../../support/exe';
import { openImageHost } from '../../../core/host/image';
import { dc01, DC01_CONFIG, withoutServiceWininet } from '../stores/helpers';
import { canMountTmpfs, canRunAsNobody } from '../../support/privileges';

// Writes that fail for real: a file the tool may not write, a full disk. Exit 3 means the machine is as it
// was; exit 4 names exactly what is left (a stopped service included); nothing leaves *.tmp or *.partial behind.
const test = suite('failing writes');

/** Every *.tmp and *.partial below a folder: what an interrupted or failed write would leave behind. */
function litter(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (/\.(tmp|partial)$/.test(entry.name)) found.push(relative(folder, path));
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(folder);
  return found;
}

function services(machine: string): Record<string, { state: string }> {
  return JSON.parse(readFileSync(join(machine, 'services.json'), 'utf8'));
}

(canRunAsNobody ? test : test.skip)(
  'an unwritable sensor file: nothing changed, so exit 3 (not 4), the sensor started again, no litter',
  async () => {
    const machine = join(mkdtempSync(join(tmpdir(), 'dp-unwritable-')), 'dc01');
    cpSync(withoutServiceWininet(dc01()), machine, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX', dirname(machine)]);
    spawnSync('chown', ['-R', 'nobody:nogroup', machine]);
    // The version folder and the configuration stay root's: nobody may neither rewrite nor replace the file.
    const config = join(machine, DC01_CONFIG);
    chownSync(dirname(config), 0, 0);
    chownSync(config, 0, 0);
    const before = readFileSync(config);
    const meaning = await registryMeaning(machine);
    const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', LINUX_EXE, 'set'], {
      input: JSON.stringify({ machine, method: 'sensor', proxy: { url: 'http://denied:8080' } }),
      encoding: 'utf8',
    });
    const json = JSON.parse(run.stdout);
    assert.is(run.status, 3, run.stdout + run.stderr);
    assert.is(json.error.code, 'CHANGE_ROLLED_BACK');
    assert.match(json.error.message, /EACCES/);
    assert.not.match(json.error.message, /may still be|instead of/);
    assert.ok(readFileSync(config).equals(before));
    assert.is(await registryMeaning(machine), meaning);
    assert.is(services(machine).AATPSensorUpdater!.state, 'running', 'the updater the change stopped runs again');
    assert.equal(litter(machine), []);
  },
);

test('a sensor updater that cannot be started again is named among what is left: exit 4, and no value claimed changed', async () => {
  const machine = withoutServiceWininet(dc01());
  const files = imageFileHashes(machine);
  const image = openImageHost(machine);
  // Every write of the sensor's file fails, and the updater, once stopped, will not start.
  const host = Object.assign(new FaultyHost(image, [1, 2, 3, 4]), {
    startService: async () => {
      throw new Error('the service did not start');
    },
  });
  const run = await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://p:1' } }, host);
  assert.is(run.exit, 4, JSON.stringify(run.body));
  assert.is(run.body.error!.code, 'CHANGE_PARTIAL');
  assert.match(run.body.error!.message, /the service AATPSensorUpdater is left stopped/);
  assert.not.match(run.body.error!.message, /SensorConfiguration\.json is/, 'the file was never changed, so it is not named as left');
  assert.equal(run.body.result.stoppedServices, ['AATPSensorUpdater']);
  assert.equal(run.body.result.left, []);
  assert.equal(imageFileHashes(machine), files);
});

/** A tmpfs of 512 KB holding a copy of dc01, filled so that `freePages` 4 KB pages are left. */
function fullDisk(freePages: number): { mount: string; machine: string } | null {
  const mount = mkdtempSync(join(tmpdir(), 'dp-full-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mount]).status !== 0) return null;
  const machine = join(mount, 'dc01');
  cpSync(dc01(), machine, { recursive: true });
  const { bavail, bsize } = statfsSync(mount);
  writeFileSync(join(mount, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - freePages * 4096)));
  return { mount, machine };
}

(canMountTmpfs ? test : test.skip)(
  'a disk that fills up at every point of a change: a coded error each time, exit 2 or 3 with nothing changed, never INTERNAL, no litter',
  async () => {
    const outcomes = new Map<string, number[]>();
    for (let free = 0; free <= 14; free++) {
      const disk = fullDisk(free);
      assert.ok(disk, 'the tmpfs mounts');
      try {
        const meaning = await registryMeaning(disk.machine);
        const files = imageFileHashes(disk.machine);
        const run = await runCommand('set', {
          machine: disk.machine,
          product: 'mde',
          proxy: { url: 'http://full:8080', bypass: ['<local>'] },
        });
        const key = run.exit === 0 ? 'changed' : `${run.exit} ${run.body.error!.code}`;
        outcomes.set(key, [...(outcomes.get(key) ?? []), free]);
        assert.ok([0, 2, 3].includes(run.exit), `${free} pages free: exit ${run.exit} ${JSON.stringify(run.body).slice(0, 400)}`);
        if (run.exit !== 0) {
          assert.is(await registryMeaning(disk.machine), meaning, `${free} pages free: the registry is as it was`);
          assert.equal(imageFileHashes(disk.machine), files);
          assert.match(run.body.error!.message, /ENOSPC|disk .* is full/, `${free} pages free: ${run.body.error!.message}`);
        }
        assert.equal(litter(disk.machine), [], `${free} pages free: litter`);
        assert.not.ok(existsSync(join(disk.machine, '.defenderproxy', 'change.lock')), `${free} pages free: the lock is released`);
      } finally {
        spawnSync('umount', [disk.mount]);
      }
    }
    console.log(`  [full disk] outcomes by free 4 KB pages: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    assert.ok(outcomes.has('changed'), 'with enough space the change is made');
    assert.ok([...outcomes.keys()].filter((k) => k !== 'changed').length >= 2, 'the disk filled at two points of the change at least');
  },
);

test.run();
