import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultyHost, imageFileHashes, registryMeaning, runCommand } from '../../support/stores';
import { openImageHost } from '../../../core/host/image';
import { oneLine, SUMMARY_LIMIT } from '../../../core/commands/compliance-summary';
import { dc01, setServices, withoutServiceWininet } from './helpers';

const test = suite('compliance: check and repair, one line and an exit code');

// All three MDE stores named: a desired MDE proxy leaves the machine-wide WinHTTP proxy alone unless it names it (002).
const MDE = {
  mde: {
    proxyServer: 'proxy.contoso.com:8080',
    bypass: ['<local>'],
    components: ['winhttp' as const, 'mde-telemetry' as const, 'defender-av' as const],
  },
};
const MDI_SENSOR = { mdi: { proxyUrl: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\proxyuser', method: 'sensor' as const } };

test('drift: status drift, exit 1, the reason lists every difference as field: actual -> desired', async () => {
  const machine = dc01();
  const run = await runCommand('compliance', { machine, desired: MDE });
  assert.is(run.exit, 1);
  const r = run.body.result;
  assert.equal([r.product, r.status, r.compliant, r.exitCode], ['mde', 'drift', false, 1]);
  assert.is(r.differences.length, 3);
  assert.match(
    r.reason,
    /^3 difference\(s\): HKEY_LOCAL_MACHINE\\.+\\WinHttpSettings: direct access -> proxy proxy\.contoso\.com:8080, bypass <local>; /,
  );
  assert.is(r.summary, `Drift: ${r.reason}`);
  assert.equal([r.error, r.change, r.backup, r.probes], [null, null, null, []]);
});

test('in the desired state: compliant, exit 0, the line says which proxy; "no proxy" wanted reads as such', async () => {
  const machine = dc01();
  const run = await runCommand('compliance', { machine, desired: MDI_SENSOR });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.equal(
    [run.body.result.status, run.body.result.reason, run.body.result.summary],
    ['compliant', null, 'Compliant: MDI proxy http://proxy.contoso.com:8080 (sensor).'],
  );
  const none = await runCommand('compliance', { machine, desired: { mde: { proxyServer: null } } });
  assert.is(none.body.result.status, 'drift');
  await runCommand('clear', { machine, product: 'mde' });
  const cleared = await runCommand('compliance', { machine, desired: { mde: { proxyServer: null } } });
  assert.equal([cleared.exit, cleared.body.result.summary], [0, 'Compliant: no MDE proxy.']);
});

test('a check that cannot be made is a result with status error and the code, never exit 2; the machine is untouched', async () => {
  const machine = dc01();
  const before = imageFileHashes(machine);
  // dc01's sensor proxy is configured two ways, so "auto" cannot choose.
  const run = await runCommand('compliance', { machine, desired: { mdi: { proxyUrl: 'http://proxy.contoso.com:8080' } } });
  assert.is(run.exit, 1);
  assert.equal(
    [run.body.result.status, run.body.result.error.code, run.body.result.error.field],
    ['error', 'METHOD_AMBIGUOUS', 'desired.mdi.method'],
  );
  assert.match(run.body.result.summary, /^Error: METHOD_AMBIGUOUS: The MDI proxy is configured more than one way/);
  assert.equal(imageFileHashes(machine), before);
});

test('an invalid compliance request is refused with exit 2: two products, or none', async () => {
  const machine = dc01();
  for (const desired of [{ ...MDE, ...MDI_SENSOR }, {}]) {
    const run = await runCommand('compliance', { machine, desired });
    assert.equal([run.exit, run.body.error!.code, run.body.error!.field], [2, 'COMPLIANCE_ONE_PRODUCT', 'desired']);
  }
  assert.is((await runCommand('compliance', { machine, desired: MDE, repiar: true })).body.error!.code, 'FIELD_UNKNOWN');
});

test('repair: repaired with the backup it took, then already compliant; a check afterwards is compliant', async () => {
  const machine = dc01();
  const run = await runCommand('compliance', { machine, desired: MDE, repair: true });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  const r = run.body.result;
  assert.equal([r.status, r.compliant, r.exitCode, r.differences.length, r.change.changes.length], ['repaired', true, 0, 3, 3]);
  assert.match(r.backup, /^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
  assert.is(r.summary, `Remediated: 3 value(s) changed, backup ${r.backup}.`);
  const again = await runCommand('compliance', { machine, desired: MDE, repair: true });
  assert.equal(
    [again.exit, again.body.result.status, again.body.result.summary],
    [0, 'already-compliant', 'Nothing to change: the MDE proxy is already as desired.'],
  );
  assert.is((await runCommand('compliance', { machine, desired: MDE })).body.result.status, 'compliant');
});

test('repair of the MDI sensor restarts it and says so; a sensor that does not run again is a failed repair, rolled back', async () => {
  const machine = withoutServiceWininet(dc01());
  const desired = { mdi: { proxyUrl: 'http://other.contoso.com:3128', userName: 'CONTOSO\\proxyuser', method: 'sensor' as const } };
  const repaired = (await runCommand('compliance', { machine, desired, repair: true })).body.result;
  assert.match(repaired.summary, /^Remediated: 1 value\(s\) changed, backup \S+; restarted AATPSensorUpdater, AATPSensor\.$/);

  const broken = withoutServiceWininet(dc01());
  setServices(broken, (services) => (services.AATPSensor.failsToStart = true));
  const before = imageFileHashes(broken);
  const run = await runCommand('compliance', { machine: broken, desired, repair: true });
  assert.is(run.exit, 1);
  const r = run.body.result;
  assert.equal([r.status, r.compliant, r.error.code], ['failed', false, 'SENSOR_DID_NOT_START']);
  assert.match(r.backup, /^\d{8}T/);
  assert.match(r.summary, /^Failed: SENSOR_DID_NOT_START: AATPSensor did not run again .* Backup: \S+\.$/);
  const after = imageFileHashes(broken);
  for (const [file, hash] of Object.entries(before)) if (!file.startsWith('.defenderproxy')) assert.is(after[file], hash, file);
});

test('a repair whose rollback fails too: status failed, CHANGE_PARTIAL, the backup named', async () => {
  const machine = dc01();
  // Write 2 fails; write 3 is the rollback of write 1 (write 2 never took effect: nothing to put back), and fails too.
  const host = new FaultyHost(openImageHost(machine), [2, 3]);
  const run = await runCommand('compliance', { machine, desired: MDE, repair: true }, host);
  assert.is(run.exit, 1);
  assert.equal([run.body.result.status, run.body.result.error.code], ['failed', 'CHANGE_PARTIAL']);
  assert.match(run.body.result.backup, /^\d{8}T/);
  assert.match(run.body.result.summary, /^Failed: CHANGE_PARTIAL: Writing .* rolling back failed too/);
  const restored = await runCommand('restore', { machine, backup: run.body.result.backup });
  assert.is(restored.exit, 0);
});

test('a repair that cannot be planned changes nothing: status failed with the code', async () => {
  const machine = dc01();
  const registry = await registryMeaning(machine);
  const run = await runCommand('compliance', { machine, desired: { mde: { proxyServer: 'proxy.contoso.com:99999' } }, repair: true });
  assert.equal(
    [run.exit, run.body.result.status, run.body.result.error.code, run.body.result.backup],
    [1, 'failed', 'PROXY_ADDRESS_INVALID', null],
  );
  assert.is(await registryMeaning(machine), registry);
});

test('connectivity is tested only when the proxy is right, and its errors become results naming connectivity.* fields', async () => {
  const machine = dc01();
  const drift = await runCommand('compliance', { machine, desired: MDE, testConnectivity: true, connectivity: { geo: 'us' } });
  assert.equal([drift.body.result.status, drift.body.result.probes], ['drift', []]);
  await runCommand('compliance', { machine, desired: MDE, repair: true });
  const noGeo = await runCommand('compliance', { machine, desired: MDE, testConnectivity: true });
  assert.equal(
    [noGeo.exit, noGeo.body.result.status, noGeo.body.result.error.code, noGeo.body.result.error.field],
    [1, 'error', 'GEO_REQUIRED', 'connectivity.geo'],
  );
});

test('one line: white space collapses, and the line stops at 2000 characters', () => {
  assert.is(oneLine(' a\n\tb  c\r\n'), 'a b c');
  const long = oneLine('x'.repeat(5000));
  assert.is(long.length, SUMMARY_LIMIT);
  assert.ok(long.endsWith('...'));
});

test.run();
