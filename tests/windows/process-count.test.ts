import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runWindowsExeTraced, type TracedRun } from '../support/wine-trace';
import { regAdd, resetWineMachine } from '../support/wine-registry';
import { READ_SCENARIOS } from './read-scenarios';
import { removeStandInSensorServices, setUpStandInSensorServices } from '../support/wine-services';

/**
 * Processes a run starts, counted twice: as the executable says (DEFENDERPROXY_TRACE_SPAWN) and as wine saw
 * them created (WINEDEBUG=+process). The native host starts none, for a full get and for a set of every store
 * (the sensor's services stopped and started through the Service Control Manager). The reg.exe host batches its
 * reads (one `reg export` per WinINet account, WinHTTP, the sensor's service key, and one for all of
 * HKLM\SOFTWARE\Policies\Microsoft) and asks tasklist for a v3 sensor only when no classic sensor is installed.
 */
const REG_EXE_MAX_FOR_FULL_GET = 6;

const count = suite('processes a run starts');

count.after(() => {
  removeStandInSensorServices();
  resetWineMachine();
});

function describe(run: TracedRun): string {
  return `${run.created.length} processes (${run.created.join(', ') || 'none'})`;
}

/** Every store configured; with `services`, the sensor's services run (stand-ins) so a set can restart them. */
function fullyConfigured(services = false): void {
  const everything = READ_SCENARIOS[0]!;
  resetWineMachine();
  if (services) setUpStandInSensorServices();
  for (const value of everything.values) regAdd(value);
  everything.sensor?.();
}

count('native host: a full get on a fully configured machine starts no process at all', () => {
  fullyConfigured();
  const run = runWindowsExeTraced(['get'], {}, { host: 'native' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.ok(
    run.json.result.stores.some((s: any) => s.store === 'mdi-sensor' && s.status === 'configured'),
    'the sensor was read, not skipped',
  );
  console.log(`\n  [process-count] native, full get: ${describe(run)}`);
  assert.equal(run.created, [], 'wine saw no process created');
  assert.equal(run.spawned, []);
});

count('native host: without a classic sensor the v3 check is a process snapshot, not tasklist: still no process', () => {
  resetWineMachine();
  const run = runWindowsExeTraced(['get'], {}, { host: 'native' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.created, []);
});

count('native host: a set of all five stores, the sensor updater stopped and started, starts no process', () => {
  fullyConfigured(true);
  const run = runWindowsExeTraced(
    ['set'],
    { stores: ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av'], proxy: { url: 'http://127.0.0.1:3128' } },
    { host: 'native' },
  );
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.is(run.json.result.changed, true);
  assert.ok(
    run.json.result.restartedServices.length > 0,
    `the sensor's services were restarted: ${JSON.stringify(run.json.result.restartedServices)}`,
  );
  console.log(`  [process-count] native, set of all five stores: ${describe(run)}`);
  assert.equal(run.created, []);
  removeStandInSensorServices();
});

count(`reg.exe host: a full get on a fully configured machine starts at most ${REG_EXE_MAX_FOR_FULL_GET} processes, all reg export`, () => {
  fullyConfigured();
  const run = runWindowsExeTraced(['get'], {}, { host: 'reg.exe' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  console.log(`  [process-count] reg.exe, full get: ${describe(run)}`);
  assert.equal(run.created, run.spawned, 'the executable reports every process wine saw');
  assert.ok(run.created.length > 0 && run.created.length <= REG_EXE_MAX_FOR_FULL_GET, describe(run));
  assert.equal([...new Set(run.created)], ['reg.exe export'], 'with a classic sensor installed, reads are reg export only');
});

count(
  'reg.exe host: without a classic sensor, tasklist once for a v3 sensor, and one reg query per missing key to tell absent from refused',
  () => {
    resetWineMachine();
    const run = runWindowsExeTraced(['get'], {}, { host: 'reg.exe' });
    assert.is(run.status, 0, run.stdout + run.stderr);
    console.log(`  [process-count] reg.exe, full get, nothing configured: ${describe(run)}`);
    assert.equal(run.created, run.spawned);
    assert.equal(run.created.filter((p) => p.startsWith('tasklist')).length, 1);
    assert.ok(
      run.created.filter((p) => p === 'reg.exe query').length <= run.created.filter((p) => p === 'reg.exe export').length,
      'at most one parent query per export',
    );
  },
);

count(
  'reg.exe host: a set of WinINet (long reg add command lines, which wine shortens in its trace) is counted alike by wine and by the executable',
  () => {
    fullyConfigured();
    const run = runWindowsExeTraced(['set'], { store: 'wininet', proxy: { url: 'http://127.0.0.1:3128' } }, { host: 'reg.exe' });
    assert.is(run.status, 0, run.stdout + run.stderr);
    console.log(`  [process-count] reg.exe, set of wininet: ${describe(run)}`);
    assert.equal(run.created, run.spawned);
    assert.is(
      run.created.filter((p) => p === 'reg.exe add').length,
      4,
      'DefaultConnectionSettings and SavedLegacySettings of LocalSystem and LocalService',
    );
  },
);

count('reg.exe host: a get of one store starts one reg export and nothing else', () => {
  resetWineMachine();
  regAdd({
    key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
    name: 'WinHttpSettings',
    type: 'REG_BINARY',
    data: '1800000000000000010000000000000000000000',
  });
  const run = runWindowsExeTraced(['get'], { stores: ['winhttp'] }, { host: 'reg.exe' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.created, ['reg.exe export']);
});

count.run();
