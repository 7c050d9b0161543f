import './wine-prefix';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { wineDriveC, wineEnv, winePath, wineRegMust } from '../tests/support/wine';
import { regAdd, resetWineMachine, WINE_KEYS, wineSensorRoot } from '../tests/support/wine-registry';
import { ROOT } from './executables';

const EXAMPLE = join(ROOT, 'examples', 'dc01');
const SENSOR_IMAGE_PATH = '"C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\Microsoft.Tri.Sensor.exe"';
/** Wine's stub Windows Update service: it runs until told to stop, so it can stand in for the sensor's services. */
const STAND_IN_SERVICE = 'C:\\windows\\system32\\wuauserv.exe';

function sc(...args: string[]): void {
  spawnSync('wine', ['sc', ...args], { env: wineEnv, stdio: 'ignore', timeout: 60_000 });
}

/** The example's stores and sensor files on wine's machine (again), and no earlier backups. */
export function applyExampleMachine(): void {
  wineRegMust(['import', winePath(join(EXAMPLE, 'registry.reg')), '/reg:64']);
  cpSync(join(EXAMPLE, 'files', 'C', 'Program Files', 'Azure Advanced Threat Protection Sensor'), wineSensorRoot(), { recursive: true });
  rmSync(join(wineDriveC(), 'ProgramData', 'DefenderProxyTools'), { recursive: true, force: true });
}

/**
 * Wine's machine as the example domain controller: every store's keys from examples/dc01/registry.reg (imported
 * with wine's reg.exe), the v2 sensor's folder on C:, and AATPSensorUpdater / AATPSensor as running services
 * (wine's stub wuauserv.exe under those names), so a set of the sensor's proxy can stop and start them.
 * AATPSensor's ImagePath is then put back to the sensor's binary, which is how the store finds the sensor.
 */
export function setUpExampleMachine(): void {
  for (const name of ['AATPSensor', 'AATPSensorUpdater']) {
    sc('stop', name);
    sc('delete', name);
  }
  resetWineMachine();
  for (const name of ['AATPSensorUpdater', 'AATPSensor']) {
    sc('create', name, 'binPath=', STAND_IN_SERVICE);
    sc('start', name);
  }
  applyExampleMachine();
  regAdd({ key: WINE_KEYS.sensorService, name: 'ImagePath', type: 'REG_SZ', data: SENSOR_IMAGE_PATH });
  regAdd({ key: WINE_KEYS.sensorService, name: 'ObjectName', type: 'REG_SZ', data: 'NT AUTHORITY\\LocalService' });
}

/** Stops and removes the stand-in services and every store key: wine's machine as the bench found it. */
export function tearDownExampleMachine(): void {
  for (const name of ['AATPSensor', 'AATPSensorUpdater']) {
    sc('stop', name);
    sc('delete', name);
  }
  resetWineMachine();
}
