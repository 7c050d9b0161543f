import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runWindowsExeTraced } from '../support/wine-trace';
import { regAdd, resetWineMachine } from '../support/wine-registry';
import { READ_SCENARIOS } from './read-scenarios';

/**
 * The live host batches registry reads (one `reg export` per WinINet account, WinHTTP, the sensor's service
 * key, and one for all of HKLM\SOFTWARE\Policies\Microsoft) and asks tasklist for a v3 sensor only when no
 * classic sensor is installed: a full `get` must start no more than 6 processes on a v2 sensor and 7 without
 * one, each costing ~0.1 s on Windows and more under wine.
 */
const MAX_PROCESSES_FOR_FULL_GET = 6;

const count = suite('processes a get starts');

count.after(() => resetWineMachine());

count(`a full get on a fully configured machine starts at most ${MAX_PROCESSES_FOR_FULL_GET} processes`, () => {
  const everything = READ_SCENARIOS[0]!;
  resetWineMachine();
  for (const value of everything.values) regAdd(value);
  everything.sensor?.();
  const run = runWindowsExeTraced(['get'], {});
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.ok(run.json.result.stores.some((s: any) => s.store === 'mdi-sensor' && s.status === 'configured'), 'the sensor was read, not skipped');
  console.log(`\n  [process-count] full get: ${run.spawned.length} processes (${run.spawned.join(', ')})`);
  assert.ok(run.spawned.length > 0, 'DEFENDERPROXY_TRACE_SPAWN logged the processes');
  assert.ok(run.spawned.length <= MAX_PROCESSES_FOR_FULL_GET, `a full get started ${run.spawned.length} processes: ${run.spawned.join(', ')}`);
  assert.equal([...new Set(run.spawned)], ['reg.exe export'], 'with a classic sensor installed, reads are reg export only');
});

count('without a classic sensor, a full get asks tasklist once for a v3 sensor: at most 7 processes', () => {
  resetWineMachine();
  const run = runWindowsExeTraced(['get'], {});
  assert.is(run.status, 0, run.stdout + run.stderr);
  console.log(`  [process-count] full get, no sensor: ${run.spawned.length} processes (${run.spawned.join(', ')})`);
  assert.ok(run.spawned.length <= MAX_PROCESSES_FOR_FULL_GET + 1, run.spawned.join(', '));
  assert.equal(run.spawned.filter((p) => p.startsWith('tasklist')).length, 1);
});

count('a get of one store starts one reg export and nothing else', () => {
  resetWineMachine();
  const run = runWindowsExeTraced(['get'], { stores: ['winhttp'] });
  assert.is(run.status, 0, run.stdout + run.stderr);
  console.log(`  [process-count] get of winhttp: ${run.spawned.length} process (${run.spawned.join(', ')})`);
  assert.equal(run.spawned, ['reg.exe export']);
});

count.run();
