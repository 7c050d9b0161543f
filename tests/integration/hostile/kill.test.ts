import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, runExe } from '../../support/exe';
import { imageFileHashes, registryMeaning, runCommand } from '../../support/stores';
import { dc01, withoutServiceWininet } from '../stores/helpers';

// kill -9 in the middle of a change (an Intune time-out, a closed console), at every point of it: before and
// after each write, during the service stop and start, during the backup. After each kill, `get` must say what
// the interrupted change left (mixed stores, stopped services), and the next set must finish its rollback,
// start the services again, take over the stale lock with a warning, and then make its own change exactly as
// on an untouched machine.
const test = suite('kill -9 at every point of a change');

interface Scenario {
  name: string;
  machine: () => string;
  first: object;
  next: object;
  points: string[];
}

const around = (method: string, count: number) =>
  Array.from({ length: count }, (_, i) => [`${method}:${i + 1}:before`, `${method}:${i + 1}:after`]).flat();
const BACKUP_POINTS = ['exportKeys:1:before', 'exportKeys:1:after'];

const MDE_STORES = ['winhttp', 'mde-telemetry', 'defender-av'];

const SCENARIOS: Scenario[] = [
  {
    name: 'MDI through the sensor file (the updater stopped and started)',
    machine: () => withoutServiceWininet(dc01()),
    first: { method: 'sensor', proxy: { url: 'http://first.contoso.com:8080' } },
    next: { method: 'sensor', proxy: { url: 'http://next.contoso.com:8080' } },
    points: [
      ...BACKUP_POINTS,
      'fileMode:1:after',
      'stopService:1:before',
      'stopService:1:after',
      ...around('write', 1),
      'startService:1:before',
      'startService:1:after',
      'waitForService:1:before',
    ],
  },
  {
    name: 'MDE, all three stores',
    machine: () => dc01(),
    // WinHTTP is machine-wide and written only when named (issue 12): the three stores are named here.
    first: { product: 'mde', stores: MDE_STORES, proxy: { url: 'http://first.contoso.com:8080', bypass: ['<local>'] } },
    next: { product: 'mde', stores: MDE_STORES, proxy: { url: 'http://next.contoso.com:8080' } },
    points: [...BACKUP_POINTS, ...around('write', 4)],
  },
  {
    name: 'MDI through WinINet (LocalSystem and LocalService)',
    machine: () => dc01(),
    first: { method: 'wininet', proxy: { server: 'first.contoso.com:8080', bypass: ['<local>'] } },
    next: { method: 'wininet', proxy: { server: 'next.contoso.com:8080' } },
    points: [...BACKUP_POINTS, ...around('write', 4)],
  },
];

function copyOf(machine: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'dp-kill-ref-')), 'dc01');
  cpSync(machine, copy, { recursive: true });
  return copy;
}

async function stateOf(machine: string): Promise<string> {
  return JSON.stringify([await registryMeaning(machine), imageFileHashes(machine)]);
}

function updaterState(machine: string): string {
  return JSON.parse(readFileSync(join(machine, 'services.json'), 'utf8')).AATPSensorUpdater?.state ?? 'none';
}

function litter(machine: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (/\.(tmp|partial|stale)$/.test(entry.name) || entry.name === 'change.journal' || entry.name === 'change.lock')
        found.push(relative(machine, path));
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(machine);
  return found;
}

const outcomes: Record<string, string[]> = {};

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: killed at ${scenario.points.length} points, each reported by get and finished by the next set`, async () => {
    const original = scenario.machine();
    const before = await stateOf(original);
    const afterFirst = copyOf(original);
    assert.is((await runCommand('set', { machine: afterFirst, ...scenario.first })).exit, 0);
    const after = await stateOf(afterFirst);
    const reference = copyOf(original);
    assert.is((await runCommand('set', { machine: reference, ...scenario.next })).exit, 0);
    const expected = await stateOf(reference);

    for (const point of scenario.points) {
      const machine = copyOf(original);
      const killed = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'tests', 'support', 'kill-harness.ts'), machine, 'set', JSON.stringify(scenario.first), point],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      assert.is(killed.signal, 'SIGKILL', `${point}: the kill point was not reached (${killed.status}: ${killed.stdout}${killed.stderr})`);
      const now = await stateOf(machine);
      const left = now === before ? 'before' : now === after ? 'after' : 'mixed';
      const stopped = updaterState(machine) === 'stopped';

      const get = runExe(['get'], { machine });
      assert.is(get.status, 0, `${point}: get ${get.stdout}${get.stderr}`);
      const report = get.json.result.interruptedChange;
      const journal = existsSync(join(machine, '.defenderproxy', 'change.journal'));
      assert.is(Boolean(report), journal, `${point}: get reports the interrupted change exactly when its journal is there`);
      if (report) {
        assert.is(
          report.changedStores.length > 0,
          left !== 'before',
          `${point}: changed stores ${JSON.stringify(report.changedStores)} with the machine ${left}`,
        );
        assert.is(
          report.stoppedServices.includes('AATPSensorUpdater'),
          stopped,
          `${point}: stopped services ${JSON.stringify(report.stoppedServices)}`,
        );
        assert.match(get.stderr, /"code":"CHANGE_INTERRUPTED"/);
      }
      assert.ok(journal || !stopped, `${point}: a service left stopped always has a journal to say so`);

      const next = runExe(['set'], { machine, ...scenario.next });
      assert.is(next.status, 0, `${point}: the next set ${next.stdout}${next.stderr}`);
      assert.match(next.stderr, /"code":"LOCK_TAKEN_OVER"/, `${point}: the stale lock is taken over, and says so`);
      if (journal) assert.match(next.stderr, /"code":"CHANGE_RECOVERED"/, `${point}: the next set says it finished the rollback`);
      assert.is(await stateOf(machine), expected, `${point}: after the next set the machine is as the next set alone makes it`);
      assert.is(updaterState(machine), 'running', `${point}: the updater runs again`);
      assert.equal(litter(machine), [], `${point}: no lock, journal, partial backup or temporary file is left`);
      (outcomes[`${left}${stopped ? ' (updater stopped)' : ''} → recovered`] ??= []).push(`${scenario.name.split(' ')[0]} ${point}`);
    }
  });
}

test('a kill during the finishing of a rollback is finished by the run after it', async () => {
  const original = dc01();
  const reference = copyOf(original);
  const next = { product: 'mde', stores: MDE_STORES, proxy: { url: 'http://next.contoso.com:8080' } };
  assert.is((await runCommand('set', { machine: reference, ...next })).exit, 0);
  const machine = copyOf(original);
  const harness = (request: object, point: string) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests', 'support', 'kill-harness.ts'), machine, 'set', JSON.stringify(request), point],
      { cwd: ROOT, encoding: 'utf8' },
    );
  assert.is(
    harness({ product: 'mde', stores: MDE_STORES, proxy: { url: 'http://first.contoso.com:8080' } }, 'write:3:after').signal,
    'SIGKILL',
  );
  // The second set's first write is its putting back of the first change's third value.
  assert.is(harness(next, 'write:1:after').signal, 'SIGKILL');
  const get = runExe(['get'], { machine });
  assert.ok(get.json.result.interruptedChange, 'still reported: the first change is not finished');
  const third = runExe(['set'], { machine, ...next });
  assert.is(third.status, 0, third.stdout + third.stderr);
  assert.match(third.stderr, /"code":"CHANGE_RECOVERED"/);
  assert.is(await stateOf(machine), await stateOf(reference));
  assert.equal(litter(machine), []);
  (outcomes['mixed, killed again while finishing → recovered'] ??= []).push('MDE write:3:after, then write:1:after');
});

test('summary', () => {
  const total = Object.values(outcomes).reduce((n, list) => n + list.length, 0);
  console.log(
    `  [kill -9] ${total} kill points: ${Object.entries(outcomes)
      .map(([k, v]) => `${k}: ${v.length}`)
      .join('; ')}`,
  );
  assert.ok(total >= 30);
});

test.run();
