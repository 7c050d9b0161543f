import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultyHost, imageFileHashes, registryMeaning, runCommand } from '../../support/stores';
import { openImageHost } from '../../../core/host/image';
import { dc01, withoutServiceWininet } from './helpers';

const test = suite('faults: every write failing in turn is rolled back');

/** Full changes: every write of each is made to fail once, on a fresh copy. */
const SCENARIOS: { name: string; machine: () => string; request: object }[] = [
  { name: 'MDI via WinINet', machine: () => dc01(), request: { method: 'wininet', proxy: { server: 'fault:8080', bypass: ['<local>'] } } },
  {
    name: 'MDI via the sensor, with a password',
    machine: () => withoutServiceWininet(dc01()),
    request: { product: 'mdi', proxy: { url: 'http://fault:8080', userName: 'CONTOSO\\f', password: 'fault-pw' } },
  },
  {
    name: 'MDE, every component',
    machine: () => dc01(),
    request: {
      product: 'mde',
      stores: ['winhttp', 'mde-telemetry', 'defender-av'],
      proxy: { url: 'http://fault:8080', bypass: ['<local>'], pacUrl: 'http://wpad/f.pac' },
    },
  },
  {
    name: 'MDE clear',
    machine: () => dc01(),
    request: { product: 'mde', stores: ['winhttp', 'mde-telemetry', 'defender-av'], clear: true },
  },
];

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: for every N, a failure on write N leaves registry and files as they were; exit 3 says rolled back`, async () => {
    const probe = scenario.machine();
    const plan = await runCommand('plan', { machine: probe, ...scenario.request });
    const total = plan.body.result.changes.length;
    assert.ok(total >= 1, JSON.stringify(plan.body));
    for (let n = 1; n <= total; n++) {
      const machine = scenario.machine();
      const registry = await registryMeaning(machine);
      const files = imageFileHashes(machine);
      const host = new FaultyHost(openImageHost(machine), n);
      const run = await runCommand('set', { machine, ...scenario.request }, host);
      assert.is(run.exit, 3, `write ${n}/${total}: ${JSON.stringify(run.body)}`);
      assert.is(run.body.error!.code, 'CHANGE_ROLLED_BACK');
      assert.match(run.body.error!.message, /rolled back, nothing changed/);
      assert.match(run.body.error!.message, /injected failure on write/);
      assert.is(await registryMeaning(machine), registry, `registry after a failure on write ${n}`);
      assert.equal(imageFileHashes(machine), files, `files after a failure on write ${n}`);
      // The failed write never took effect, so only the n - 1 before it are written back (issue 16: nothing is rewritten needlessly).
      assert.is(host.writes, 2 * n - 1, 'n writes forward, n - 1 back');
    }
  });
}

test('a rollback that fails too: exit 4 naming what is left and where the backup is', async () => {
  const machine = dc01();
  // Write 2 fails; write 3 is the rollback of write 1 (write 2 never took effect: nothing to put back), and fails too.
  const host = new FaultyHost(openImageHost(machine), [2, 3]);
  const run = await runCommand(
    'set',
    {
      machine,
      product: 'mde',
      stores: ['winhttp', 'mde-telemetry', 'defender-av'],
      proxy: { url: 'http://fault:8080', bypass: ['<local>'] },
    },
    host,
  );
  assert.is(run.exit, 4);
  assert.is(run.body.error!.code, 'CHANGE_PARTIAL');
  assert.match(run.body.error!.message, /WinHttpSettings is "proxy fault:8080, bypass <local>" instead of "direct access"/);
  assert.match(run.body.error!.message, /\.defenderproxy[\\/]backups[\\/]/);
  assert.equal(
    run.body.result.left.map((c: any) => c.store),
    ['winhttp'],
  );
  const restored = await runCommand('restore', { machine, backup: run.body.result.backup });
  assert.is(restored.exit, 0);
});

test.run();
