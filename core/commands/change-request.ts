import type { ChangeRequest, MdiMethod, MdiSensorEntry, MdiSummary, MethodChoice, StoreName } from '../protocol';
import { fail, phrase } from '../messages';
import { PRODUCT_CHANGE_STORES, PRODUCT_STORES } from '../stores/index';
import { normalizeProxy, type ProxyIntent } from '../stores/proxy-intent';

/**
 * What a change request means before the machine is read: the intent (set, clear, copy) and which stores it
 * names. Pure; every refusal is a ToolError with the request field and exit 2.
 */
export interface ParsedChange {
  intent: ProxyIntent;
  /** Stores named directly (store, stores, or product mde). */
  stores: StoreName[];
  /**
   * The MDI method to resolve against the machine: `auto`, a named one, or `sensor-store` (the request named
   * the mdi-sensor store: the sensor's own configuration, which on a v3 sensor is the MDE values); null when
   * the request is not about the MDI sensor.
   */
  mdiMethod: MdiTarget | null;
}

export type MdiTarget = MethodChoice | 'sensor-store';

/** Where the MDI method's writes land. */
export const METHOD_STORES: Record<MdiMethod, StoreName[]> = {
  sensor: ['mdi-sensor'],
  wininet: ['wininet'],
  'mde-values': ['mde-telemetry', 'defender-av'],
};

export function parseChangeRequest(request: ChangeRequest): ParsedChange {
  const intent = intentOf(request);
  const named = [...new Set([...(request.store ? [request.store] : []), ...(request.stores ?? [])])];
  const field = request.store ? 'store' : 'stores';
  if (request.product) {
    for (const store of named) {
      if (!PRODUCT_STORES[request.product].includes(store)) {
        throw fail(
          'STORE_NOT_IN_PRODUCT',
          { store, product: request.product, allowed: PRODUCT_STORES[request.product].join(', ') },
          { field },
        );
      }
    }
  }
  if (request.method && request.product === 'mde') throw fail('METHOD_NOT_FOR_PRODUCT', { method: request.method }, { field: 'method' });
  if (request.method && request.method !== 'auto' && named.length > 0) {
    const allowed = METHOD_STORES[request.method];
    const stray = named.filter((s) => !allowed.includes(s) && !(request.method === 'mde-values' && s === 'mdi-sensor'));
    if (stray.length > 0) throw fail('METHOD_NOT_FOR_STORE', { method: request.method, stores: stray.join(', ') }, { field: 'method' });
  }
  if (intent.action === 'copy-from-current-user') {
    // The documented WinINet procedure: it is what product mdi or method wininet means here.
    const others = named.filter((s) => s !== 'wininet');
    const copiesWininet = named.includes('wininet') || request.method === 'wininet' || (request.product === 'mdi' && named.length === 0);
    if (!copiesWininet || others.length > 0 || (request.method && request.method !== 'wininet' && request.method !== 'auto')) {
      throw fail(
        'COPY_ONLY_WININET',
        { store: others[0] ?? request.method ?? request.product ?? phrase('COPY_TARGET_UNNAMED') },
        { field: 'copyFromCurrentUser' },
      );
    }
    return { intent, stores: ['wininet'], mdiMethod: null };
  }
  if (named.length > 0) {
    // Naming the sensor's store means its method: on a v3 sensor that is the MDE values.
    const viaSensor = named.includes('mdi-sensor');
    const sensorMethod: MdiTarget = request.method && request.method !== 'auto' ? request.method : 'sensor-store';
    return { intent, stores: named.filter((s) => s !== 'mdi-sensor'), mdiMethod: viaSensor ? sensorMethod : null };
  }
  // WinHTTP is machine-wide: a product-wide MDE change writes TelemetryProxyServer and Defender AV, WinHTTP only when named.
  if (request.product === 'mde') return { intent, stores: PRODUCT_CHANGE_STORES.mde, mdiMethod: null };
  if (request.product === 'mdi' || request.method) return { intent, stores: [], mdiMethod: request.method ?? 'auto' };
  throw fail('CHANGE_TARGET_MISSING', {}, { field: 'product' });
}

function intentOf(request: ChangeRequest): ProxyIntent {
  if (request.copyFromCurrentUser) {
    if (request.proxy || request.clear) throw fail('CHANGE_COPY_WITH_PROXY', {}, { field: 'copyFromCurrentUser' });
    return { action: 'copy-from-current-user' };
  }
  if (request.clear) {
    if (request.proxy) throw fail('CHANGE_CLEAR_WITH_PROXY', {}, { field: 'clear' });
    return { action: 'clear' };
  }
  if (!request.proxy) throw fail('CHANGE_PROXY_MISSING', {}, { field: 'proxy' });
  return { action: 'set', proxy: normalizeProxy(request.proxy) };
}

/**
 * The MDI method a change goes through. `auto` follows the one in use and refuses a machine configured
 * several ways; with nothing configured a v2 sensor gets its own configuration, a v3 sensor the MDE values.
 * Null: nothing to do (clearing where no MDI proxy is set).
 */
export function chooseMdiMethod(choice: MdiTarget, sensor: MdiSensorEntry, summary: MdiSummary, clearing: boolean): MdiMethod | null {
  const generation = sensor.generation;
  if (choice === 'sensor-store') {
    if (generation === null) throw fail('SENSOR_NOT_INSTALLED', {}, { field: 'store' });
    return generation === 'v3' ? 'mde-values' : 'sensor';
  }
  if (choice === 'sensor') {
    if (generation === null) throw fail('SENSOR_NOT_INSTALLED', {}, { field: 'method' });
    if (generation === 'v3')
      throw fail('METHOD_NOT_AVAILABLE', { method: 'sensor', reason: phrase('METHOD_SENSOR_ON_V3') }, { field: 'method' });
    return 'sensor';
  }
  if (choice === 'mde-values') {
    if (generation !== 'v3')
      throw fail('METHOD_NOT_AVAILABLE', { method: 'mde-values', reason: phrase('METHOD_MDE_VALUES_WITHOUT_V3') }, { field: 'method' });
    return 'mde-values';
  }
  if (choice === 'wininet') return 'wininet';
  const found = summary.methodsFound;
  if (found.length > 1) throw fail('METHOD_AMBIGUOUS', { found: describeFound(found, summary) }, { field: 'method' });
  if (found.length === 1) return found[0]!;
  if (clearing) return null;
  if (generation === 'v3') return 'mde-values';
  if (generation === 'v2') return 'sensor';
  throw fail('MDI_NO_SENSOR_FOR_AUTO', {}, { field: 'method' });
}

function describeFound(found: MdiMethod[], summary: MdiSummary): string {
  const places: Record<MdiMethod, 'METHOD_PLACE_SENSOR' | 'METHOD_PLACE_WININET' | 'METHOD_PLACE_MDE_VALUES'> = {
    sensor: 'METHOD_PLACE_SENSOR',
    wininet: 'METHOD_PLACE_WININET',
    'mde-values': 'METHOD_PLACE_MDE_VALUES',
  };
  const effective = summary.effectiveProxy ? phrase('METHOD_SENSOR_NOW_USES', { proxy: summary.effectiveProxy }) : '';
  return found.map((m) => phrase('METHOD_FOUND', { place: phrase(places[m]), method: m })).join(phrase('METHOD_FOUND_AND')) + effective;
}
