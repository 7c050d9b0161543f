import type { MdiSummary, Product } from '../../protocol';
import { proxyIpAddress } from '../../formats/proxy-address';
import { note } from '../../messages';
import type { RoutePlan } from './routes';

/**
 * 000: changing the sensor's proxy "requires removing and reinstalling the sensor, we recommend creating and using
 * a custom DNS A record for the proxy server". The advice belongs to the MDI sensor's proxy: the sensor route, the
 * sensor configuration's route, and a proxy the request proposes for MDI. MDE's documents use IP addresses in
 * their own examples (TelemetryProxyServer "servername:port or ip:port"), so MDE routes get no such advice.
 */
export function proxyIpWarnings(product: Product, plans: RoutePlan[], method: MdiSummary['method'] | null): string[] {
  if (product !== 'mdi') return [];
  const sensorRoutes = method === 'sensor' ? ['sensor', 'mdi-sensor', 'explicit'] : ['mdi-sensor', 'explicit'];
  const warnings = new Set<string>();
  for (const plan of plans) {
    if (plan.kind !== 'proxy' || !sensorRoutes.includes(plan.route)) continue;
    const ip = proxyIpAddress(plan.text);
    if (ip) warnings.add(note('PROXY_IS_IP_ADDRESS', { ip, where: plan.note }));
  }
  return [...warnings];
}
