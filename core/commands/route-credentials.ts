import type { Host } from '../host/host';
import type { Product, Proxy, Route, StoreEntry } from '../protocol';
import { ToolError } from '../errors';
import { readSensorPassword } from '../stores/sensor-password';
import type { SensorPassword } from '../net/routes/routes';

// The test command's glue between the stores and the routes (which know nothing of stores): the credentials a
// sensor route uses when the request brings none.

/** Whether a test uses the password the sensor stores: a sensor route of MDI, no credentials in the request, one stored. */
export function needsSensorPassword(product: Product, routes: Route[], proxy: Proxy | undefined, entries: StoreEntry[]): boolean {
  if (product !== 'mdi' || !routes.some((r) => r === 'sensor' || r === 'mdi-sensor')) return false;
  if (proxy?.userName !== undefined || proxy?.password !== undefined) return false;
  return entries.some((e) => e.store === 'mdi-sensor' && e.hasPassword);
}

/**
 * Decrypts the sensor's stored proxy password once per test (the host holds the key: elevated on a live machine,
 * a .key file beside the certificate in an image). A key that cannot be used is not an error of the request: the
 * probes that meet a 407 report it, the others never needed it.
 */
export async function sensorPasswordFrom(host: Host): Promise<SensorPassword | undefined> {
  try {
    const password = await readSensorPassword(host);
    return password === null ? undefined : { password };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { unavailable: { code: 'SENSOR_PASSWORD_UNAVAILABLE', detail: `${error.code}: ${error.message}` } };
  }
}
