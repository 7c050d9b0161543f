import type { MdiProxyInstance, MdiSensorEntry } from '../protocol';
import { PRODUCT_STORES } from '../stores/index';
import { summarizeMdi } from '../stores/mdi-summary';
import { checkReadable, readStores } from '../stores/read';
import { fail } from '../messages';
import { machineOf, type DscResource } from './resource';

/** `DefenderProxyTools/MDIProxy`: the proxy the MDI sensor uses, whichever method configured it. */
export const mdiProxyResource: DscResource<MdiProxyInstance> = {
  name: 'MDIProxy',
  definition: 'MdiProxyInstance',

  async read(request, context) {
    const entries = await readStores(await context.host(), PRODUCT_STORES.mdi);
    checkReadable(entries);
    const summary = summarizeMdi(entries);
    const method = summary.method;
    const sensor = entries.find((e): e is MdiSensorEntry => e.store === 'mdi-sensor');
    const viaSensor = method === 'sensor' && sensor !== undefined;
    return {
      ...machineOf(request),
      _exist: method !== 'none',
      proxyUrl: summary.effectiveProxy,
      method,
      userName: viaSensor ? sensor.userName : null,
      hasPassword: viaSensor ? sensor.hasPassword : false,
    };
  },

  merge(request, actual) {
    if (isAbsent(request)) return request;
    const proxyUrl = request.proxyUrl ?? actual.proxyUrl ?? undefined;
    const userName = request.userName === undefined ? actual.userName : request.userName;
    return { ...request, ...(proxyUrl === undefined ? {} : { proxyUrl }), ...(userName === undefined ? {} : { userName }) };
  },

  desired(request) {
    const absent = isAbsent(request);
    if (!absent && !request.proxyUrl) throw fail('DSC_PROXY_MISSING', { field: 'proxyUrl' }, { field: 'proxyUrl' });
    const method = request.method === 'none' ? undefined : request.method;
    return {
      mdi: {
        proxyUrl: absent ? null : request.proxyUrl!,
        ...(method ? { method } : {}),
        ...(!absent && request.userName ? { userName: request.userName } : {}),
        ...(!absent && request.password !== undefined ? { password: request.password } : {}),
      },
    };
  },

  expected(actual, request) {
    if (isAbsent(request)) return { ...actual, _exist: false, proxyUrl: null, method: 'none', userName: null, hasPassword: false };
    const named = request.method && request.method !== 'auto' && request.method !== 'none' ? request.method : undefined;
    return {
      ...actual,
      _exist: true,
      proxyUrl: request.proxyUrl ?? actual.proxyUrl,
      method: named ?? (actual.method === 'none' ? 'sensor' : actual.method),
      ...(request.userName !== undefined
        ? { userName: request.userName, hasPassword: request.password !== undefined || actual.hasPassword }
        : {}),
    };
  },
};

/** The instance asks for no proxy: `_exist: false`, a null proxyUrl or method none (an unset proxyUrl does not). */
function isAbsent(request: MdiProxyInstance): boolean {
  return request._exist === false || request.proxyUrl === null || request.method === 'none';
}
