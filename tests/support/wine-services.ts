import { spawnSync } from 'node:child_process';
import { ensureWinePrefix, wineEnv } from './wine';

/** Wine's stub Windows Update service: it runs until told to stop, so it can stand in for the sensor's services. */
const STAND_IN_SERVICE = 'C:\\windows\\system32\\wuauserv.exe';
export const SENSOR_SERVICES = ['AATPSensorUpdater', 'AATPSensor'] as const;

function sc(...args: string[]): void {
  spawnSync('wine', ['sc', ...args], { env: wineEnv, stdio: 'ignore', timeout: 60_000 });
}

/**
 * AATPSensorUpdater and AATPSensor as running services of wine's Service Control Manager (wine's stub
 * wuauserv.exe under those names), so a set of the sensor's proxy can stop and start them for real. The
 * caller puts AATPSensor's ImagePath back to the sensor's binary afterwards (installWineSensor does): the
 * store finds the sensor through it, while the SCM keeps running the stand-in it started.
 */
export function setUpStandInSensorServices(): void {
  ensureWinePrefix();
  removeStandInSensorServices();
  for (const name of SENSOR_SERVICES) {
    sc('create', name, 'binPath=', STAND_IN_SERVICE);
    sc('start', name);
  }
}

export function removeStandInSensorServices(): void {
  ensureWinePrefix();
  for (const name of SENSOR_SERVICES) {
    sc('stop', name);
    sc('delete', name);
  }
}
