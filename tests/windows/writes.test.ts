import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { valuesByKey } from '../support/reg-export-text';
import { runWindowsExe, WINDOWS_HOSTS, wineDriveC, type WindowsHostName } from '../support/wine';
import { regAdd, regExportAll, resetWineMachine } from '../support/wine-registry';
import { WRITE_SCENARIOS } from './write-scenarios';
import { storeEntry } from './read-scenarios';
import { runWindowsExeAsync } from '../support/exe-async';

/**
 * Writes through the Windows executable under wine, through each live host (native: RegSetValueExW with the
 * exact type and bytes; reg.exe: reg add), checked with wine's real reg.exe: plan changes nothing, set → get →
 * clear → get each leave what reg.exe shows as the store's documented form, every write is backed up under
 * %ProgramData%\DefenderProxyTools, and restoring the set's backup brings back the machine as it was.
 */
const writes = suite('writes under wine');

/** %ProgramData% under wine is C:\ProgramData. */
const STATE_FOLDER = 'C:\\ProgramData\\DefenderProxyTools';
const stateFolderOnDisk = () => join(wineDriveC(), 'ProgramData', 'DefenderProxyTools');

function run(command: string, request: object, host?: WindowsHostName): any {
  const result = runWindowsExe([command], request, { host });
  assert.ok(result.json, `${command} answered JSON: ${result.stdout}${result.stderr}`);
  assert.is(result.status, 0, `${command} ${JSON.stringify(request)} → ${result.stdout}${result.stderr}`);
  return result.json.result;
}

writes.before(() => {
  resetWineMachine();
  rmSync(stateFolderOnDisk(), { recursive: true, force: true });
});
writes.after(() => resetWineMachine());

for (const host of WINDOWS_HOSTS) {
  for (const scenario of WRITE_SCENARIOS) {
    writes(`${host} host: ${scenario.name}`, async () => {
      resetWineMachine();
      for (const value of scenario.seed) regAdd(value);
      const first = await regExportAll();

      const plan = run('plan', scenario.set, host);
      assert.ok(plan.changed && plan.changes.length > 0, 'the plan has changes');
      assert.equal(await regExportAll(), first, 'plan wrote nothing: reg export is identical');

      const set = run('set', scenario.set, host);
      assert.is(set.changed, true);
      assert.equal(set.changes, plan.changes, 'set did what plan said');
      assert.is(set.backupPath, `${STATE_FOLDER}\\backups\\${set.backup}`);
      assert.ok(
        existsSync(join(stateFolderOnDisk(), 'backups', set.backup, 'registry.reg')),
        'the backup is inside the prefix under ProgramData',
      );
      scenario.afterSet({ result: run('get', {}, host) });

      const again = run('set', scenario.set, host);
      assert.equal([again.changed, again.changes, again.backup], [false, [], null], 'setting the same proxy again changes nothing');

      const clear = run('clear', scenario.clear, host);
      assert.is(clear.changed, true);
      scenario.afterClear({ result: run('get', {}, host) });

      const listed = run('backup', { action: 'list' }, host).backups;
      const ofSet = listed.find((b: any) => b.id === set.backup);
      assert.ok(ofSet, `backup list shows ${set.backup}`);
      assert.is(ofSet.reason, 'set');
      assert.ok(
        listed.some((b: any) => b.id === clear.backup && b.reason === 'clear'),
        'and the backup clear made',
      );

      const cleared = await regExportAll();
      assert.not.equal(
        valuesByKey(cleared),
        valuesByKey(first),
        'the seed is a state clear does not bring back, so restore has work to do',
      );
      const restored = run('restore', { backup: set.backup }, host);
      assert.is(restored.changed, true);
      assert.equal(valuesByKey(await regExportAll()), valuesByKey(first), "restoring the set's backup brings back every value as it was");
      assert.is(run('restore', { backup: set.backup }, host).changed, false, 'a second restore has nothing left to do');
    });
  }
}

writes("three sets at once on the live machine take turns under the change lock: the end state is one request's, never a mix", async () => {
  resetWineMachine();
  const proxies = ['one', 'two', 'three'].map((name) => `${name}.contoso.com:8080`);
  // All three MDE stores named: a product-wide MDE change leaves the machine-wide WinHTTP proxy alone (002).
  const runs = await Promise.all(
    proxies.map((server) =>
      runWindowsExeAsync(['set'], { product: 'mde', stores: ['winhttp', 'mde-telemetry', 'defender-av'], proxy: { server } }),
    ),
  );
  for (const r of runs) assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(runs.filter((r) => r.json.result.changed).length, 3, 'each request changed the machine in its turn');
  const get = run('get', { product: 'mde' });
  const winner = storeEntry({ result: get }, 'mde-telemetry').proxyServer;
  assert.ok(proxies.includes(winner), `TelemetryProxyServer is one of the requests' proxies: ${winner}`);
  assert.is(storeEntry({ result: get }, 'winhttp').proxyServer, winner);
  assert.is(storeEntry({ result: get }, 'defender-av').proxyServer, `http://${winner}`);
  assert.not.ok(existsSync(join(stateFolderOnDisk(), 'change.lock')), 'the lock is released');
});

writes.run();
