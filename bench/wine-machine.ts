import './wine-prefix';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { wineDriveC, winePath, wineRegMust } from '../tests/support/wine';
import { removeStandInSensorServices, setUpStandInSensorServices } from '../tests/support/wine-services';
import { regAdd, resetWineMachine, WINE_KEYS, wineSensorRoot } from '../tests/support/wine-registry';
import { ROOT } from './executables';

const EXAMPLE = join(ROOT, 'examples', 'dc01');
const SENSOR_IMAGE_PATH = '"C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\Microsoft.Tri.Sensor.exe"';

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
  removeStandInSensorServices();
  resetWineMachine();
  setUpStandInSensorServices();
  applyExampleMachine();
  regAdd({ key: WINE_KEYS.sensorService, name: 'ImagePath', type: 'REG_SZ', data: SENSOR_IMAGE_PATH });
  regAdd({ key: WINE_KEYS.sensorService, name: 'ObjectName', type: 'REG_SZ', data: 'NT AUTHORITY\\LocalService' });
}

/** Stops and removes the stand-in services and every store key: wine's machine as the bench found it. */
export function tearDownExampleMachine(): void {
  removeStandInSensorServices();
  resetWineMachine();
}
