import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWindowsExe, wineDriveC, WINDOWS_HOSTS } from '../support/wine';
import { runWindowsExeTraced } from '../support/wine-trace';
import { resetWineMachine, wineSensorRoot } from '../support/wine-registry';
import { installWineSensor, sensorConfiguration } from '../support/wine-sensor';

/**
 * The live host in a hostile world, through the Windows executable under wine: a sensor configuration that is a
 * link out of the install folder is never written through, and the state folder's security is set and checked
 * with the tools Windows has (icacls, Get-Acl). Wine's icacls and powershell.exe are silent stubs: the check's
 * judgement is unit tested on real Windows descriptors (tests/unit/formats/security-descriptor.test.ts); here the
 * calls are made and a descriptor that cannot be read is said in a warning, never passed over silently.
 */
const hostile = suite('hostile world under wine');

const stateFolderOnDisk = () => join(wineDriveC(), 'ProgramData', 'DefenderProxyTools');

hostile.before(() => resetWineMachine());
hostile.after(() => resetWineMachine());

for (const host of WINDOWS_HOSTS) {
  hostile(`${host} host: a SensorConfiguration.json that links outside the install folder is refused before anything is written`, () => {
    resetWineMachine();
    const sensor = installWineSensor('2.250.18972.18405', JSON.stringify(sensorConfiguration(null)));
    const outside = join(wineDriveC(), 'Windows', 'Temp', 'dp-planted-target.json');
    mkdirSync(join(wineDriveC(), 'Windows', 'Temp'), { recursive: true });
    const content = JSON.stringify(sensorConfiguration(null));
    writeFileSync(outside, content);
    const local = join(wineSensorRoot(), sensor.version, 'SensorConfiguration.json');
    const genuine = runWindowsExe(['plan'], { method: 'sensor', proxy: { url: 'http://p:8080' } }, { host });
    assert.is(genuine.status, 0, `the genuine file plans: ${genuine.stdout}${genuine.stderr}`);
    rmSync(local);
    symlinkSync(outside, local);
    for (const command of ['plan', 'set']) {
      const run = runWindowsExe([command], { method: 'sensor', proxy: { url: 'http://evil:8080' } }, { host });
      assert.is(run.status, 2, `${command}: ${run.stdout}${run.stderr}`);
      assert.is(run.json.error.code, 'SENSOR_CONFIG_OUTSIDE_INSTALL');
    }
    assert.is(readFileSync(outside, 'utf8'), content, "the link's target is untouched");
    rmSync(outside, { force: true });
  });
}

hostile('reg.exe host: a new state folder is given its ACL with icacls and checked with Get-Acl; an unreadable ACL is a warning', () => {
  resetWineMachine();
  rmSync(stateFolderOnDisk(), { recursive: true, force: true });
  const run = runWindowsExeTraced(['set'], { store: 'mde-telemetry', proxy: { server: 'proxy.contoso.com:8080' } }, { host: 'reg.exe' });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.equal(
    run.spawned.filter((p) => p.startsWith('icacls.exe')),
    ['icacls.exe C:\\ProgramData\\DefenderProxyTools', 'icacls.exe C:\\ProgramData\\DefenderProxyTools'],
  );
  assert.ok(run.spawned.includes('powershell.exe -NoProfile'), run.spawned.join(', '));
  assert.match(run.stderr, /"code":"STATE_DIRECTORY_UNCHECKED"/);
  const again = runWindowsExeTraced(['set'], { store: 'mde-telemetry', proxy: { server: 'other.contoso.com:8080' } }, { host: 'reg.exe' });
  assert.equal(
    again.spawned.filter((p) => p.startsWith('icacls.exe')),
    [],
    'an existing folder is checked, not set again',
  );
  rmSync(stateFolderOnDisk(), { recursive: true, force: true });
});

hostile(
  'native host: a new state folder gets its ACL from SetFileSecurityW and is read back with GetNamedSecurityInfoW, in-process',
  () => {
    resetWineMachine();
    rmSync(stateFolderOnDisk(), { recursive: true, force: true });
    const run = runWindowsExeTraced(['set'], { store: 'mde-telemetry', proxy: { server: 'proxy.contoso.com:8080' } }, { host: 'native' });
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.created, [], 'no process: not icacls, not PowerShell');
    const warning = run.stderr.split('\n').find((l) => l.includes('STATE_DIRECTORY_'));
    // Wine keeps a file's security descriptor only where its file system stores extended attributes: the check
    // either passes silently or says what it read back, never a refusal of the tool's own folder.
    assert.not.match(run.stderr, /STATE_DIRECTORY_INSECURE/);
    if (warning) assert.match(warning, /this is wine.*reads back O:/);
    console.log(`  [acl under wine, native host] ${warning ? JSON.parse(warning).message : 'descriptor read back and judged secure'}`);
    rmSync(stateFolderOnDisk(), { recursive: true, force: true });
  },
);

hostile.run();
