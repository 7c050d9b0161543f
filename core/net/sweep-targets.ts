import type { MdiSensorEntry, StoreEntry, TestRequest } from '../protocol';
import { fail } from '../messages';
import { MDI_PKI_ENDPOINTS } from './catalog/catalog-data';
import { cloudOfSensorApiHost, mdeEndpoints, mdiEndpoints, mdiPingSpec, probedSpecs } from './catalog/catalog';
import { mdeCatalogFor, type OnboardingInfo } from './catalog/onboarding';
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
    throw fail(
      'SENSOR_ENDPOINT_INVALID',
      { file: sensor.configurationPath ?? 'SensorConfiguration.json', detail: sensor.workspaceEndpointError },
      { field: 'machine' },
    );
  }
  if (!endpoint) throw fail('WORKSPACE_REQUIRED', {}, { field: 'workspace' });
  const [host = '', portText] = endpoint.split(':');
  const cloud = cloudOfSensorApiHost(host) ?? 'commercial';
  return [mdiPingSpec(host, cloud, portText ? Number(portText) : 443), ...MDI_PKI_ENDPOINTS];
}

/** Whether an MDE test takes its location from the machine: no URL, no geo, no US Government cloud named. */
export function needsMachineLocation(request: TestRequest): boolean {
  return request.product === 'mde' && !request.url && !request.urls && !request.geo && (!request.cloud || request.cloud === 'commercial');
}

/**
 * The URLs a test probes: the request's URL(s), or the product's catalog (the workspace's; for MDE the geo's or
 * cloud's, else the one the machine's onboarding blob names, with the device's own gateway and collector).
 */
export function testTargets(request: TestRequest, entries: StoreEntry[], onboarding: OnboardingInfo | null = null): ProbeTarget[] {
  if (request.url) return [targetFromUrl(request.url, request.expectedStatus)];
  if (request.urls) return request.urls.map((url) => targetFromUrl(url, request.expectedStatus));
  if (request.product === 'mde') {
    const choice = mdeCatalogFor(request, onboarding, []);
    if (!choice) throw fail('GEO_REQUIRED', {}, { field: 'geo' });
    return probedSpecs([...choice.extra, ...mdeEndpoints(choice.locations, choice.list)]).map(targetFromSpec);
  }
  const specs = request.workspace ? mdiEndpoints(request.workspace, request.cloud ?? 'commercial') : sensorWorkspaceSpecs(entries);
  return probedSpecs(specs).map(targetFromSpec);
}
