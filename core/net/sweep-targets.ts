import type { MdiSensorEntry, StoreEntry, TestRequest } from '../protocol';
import { fail } from '../messages';
import { PKI_ENDPOINTS } from './catalog/catalog-data';
import { cloudOfSensorApiHost, mdeEndpoints, mdiEndpoints, mdiPingSpec } from './catalog/catalog';
import { targetFromSpec, targetFromUrl, type ProbeTarget } from './probe/targets';

/** Whether the targets come from the machine: an MDI test with no `url`, `urls` or `workspace`. */
export function needsSensorWorkspace(request: TestRequest): boolean {
  return request.product === 'mdi' && !request.url && !request.urls && !request.workspace;
}

/** `contoso-corpsensorapi.atp.azure.com:443` from the sensor configuration, as a ping spec. */
function sensorWorkspaceSpecs(entries: StoreEntry[]) {
  const sensor = entries.find((e): e is MdiSensorEntry => e.store === 'mdi-sensor');
  const endpoint = sensor?.workspaceEndpoint;
  if (!endpoint && sensor?.workspaceEndpointError) {
    throw fail('SENSOR_ENDPOINT_INVALID', { file: sensor.configurationPath ?? 'SensorConfiguration.json', detail: sensor.workspaceEndpointError }, { field: 'machine' });
  }
  if (!endpoint) throw fail('WORKSPACE_REQUIRED', {}, { field: 'workspace' });
  const [host = '', portText] = endpoint.split(':');
  const cloud = cloudOfSensorApiHost(host) ?? 'commercial';
  return [mdiPingSpec(host, cloud, portText ? Number(portText) : 443), ...PKI_ENDPOINTS];
}

/** The URLs a test probes: the request's URL(s), or the product's catalog (the workspace's, or the geo's). */
export function testTargets(request: TestRequest, entries: StoreEntry[]): ProbeTarget[] {
  if (request.url) return [targetFromUrl(request.url, request.expectedStatus)];
  if (request.urls) return request.urls.map((url) => targetFromUrl(url, request.expectedStatus));
  if (request.product === 'mde') return mdeEndpoints([request.geo!], request.list ?? 'streamlined').map(targetFromSpec);
  const specs = request.workspace ? mdiEndpoints(request.workspace, request.cloud ?? 'commercial') : sensorWorkspaceSpecs(entries);
  return specs.map(targetFromSpec);
}
