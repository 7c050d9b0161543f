import type { DefenderAvEntry, MdeComponent, MdeProxyInstance, StoreEntry } from '../protocol';
import { PRODUCT_CHANGE_STORES } from '../stores/index';
import { checkReadable, readStores, storesOf } from '../stores/read';
import { fail, logLine, phrase } from '../messages';
import { machineOf, type DscResource, type ResourceContext } from './resource';

/** The components a product-wide change writes (TelemetryProxyServer and Defender AV); WinHTTP when named or asked for. */
const DEFAULT_COMPONENTS = PRODUCT_CHANGE_STORES.mde as MdeComponent[];

/** The instance's components: as named, else the default; WinHTTP added when `includeWinHttp` asks for it. */
function componentsOf(request: MdeProxyInstance): MdeComponent[] {
  const named = request.components ?? DEFAULT_COMPONENTS;
  return request.includeWinHttp && !named.includes('winhttp') ? ['winhttp', ...named] : named;
}

/** `DefenderProxyTools/MDEProxy`: one static proxy for the EDR sensor, Defender Antivirus and WinHTTP. */
export const mdeProxyResource: DscResource<MdeProxyInstance> = {
  name: 'MDEProxy',
  definition: 'MdeProxyInstance',

  async read(request, context) {
    const components = componentsOf(request);
    const entries = await readStores(await context.host(), storesOf({ stores: components }));
    checkReadable(entries);
    const proxies = components.map((c) => ({ component: c, proxy: proxyOf(entries.find((e) => e.store === c)) }));
    warnOnDisagreement(proxies, context);
    const av = entries.find((e): e is DefenderAvEntry => e.store === 'defender-av');
    const proxyServer = proxies.find((p) => p.proxy !== null)?.proxy ?? null;
    return {
      ...machineOf(request),
      _exist: proxyServer !== null,
      proxyServer,
      bypassList: bypassOf(entries),
      pacUrl: av?.proxyPacUrl ?? null,
      components,
    };
  },

  merge(request, actual) {
    if (isAbsent(request)) return request;
    const proxyServer = request.proxyServer ?? actual.proxyServer ?? undefined;
    const bypassList = request.bypassList ?? (actual.bypassList && actual.bypassList.length > 0 ? actual.bypassList : undefined);
    const pacUrl = request.pacUrl === undefined ? (actual.pacUrl ?? undefined) : request.pacUrl;
    return {
      ...request,
      ...(proxyServer === undefined ? {} : { proxyServer }),
      ...(bypassList === undefined ? {} : { bypassList }),
      ...(pacUrl === undefined ? {} : { pacUrl }),
    };
  },

  desired(request) {
    const absent = isAbsent(request);
    if (!absent && !request.proxyServer) throw fail('DSC_PROXY_MISSING', { field: 'proxyServer' }, { field: 'proxyServer' });
    return {
      mde: {
        proxyServer: absent ? null : request.proxyServer!,
        components: componentsOf(request),
        ...(!absent && request.bypassList ? { bypass: request.bypassList } : {}),
        ...(!absent && request.pacUrl ? { pacUrl: request.pacUrl } : {}),
      },
    };
  },

  expected(actual, request) {
    if (isAbsent(request)) return { ...actual, _exist: false, proxyServer: null, bypassList: [], pacUrl: null };
    return {
      ...actual,
      _exist: true,
      proxyServer: request.proxyServer ?? actual.proxyServer,
      bypassList: request.bypassList ?? [],
      pacUrl: request.pacUrl ?? null,
    };
  },
};

/** The instance asks for no proxy: `_exist: false` or a null proxyServer (an unset proxyServer does not). */
function isAbsent(request: MdeProxyInstance): boolean {
  return request._exist === false || request.proxyServer === null;
}

/** The proxy a store points at, as `host:port` (Defender Antivirus keeps a URL). */
function proxyOf(entry: StoreEntry | undefined): string | null {
  if (!entry) return null;
  if (entry.store === 'winhttp') return entry.direct ? null : entry.proxyServer;
  if (entry.store === 'mde-telemetry') return entry.proxyServer;
  if (entry.store === 'defender-av')
    return entry.proxyServer ? entry.proxyServer.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '') : null;
  return null;
}

function bypassOf(entries: StoreEntry[]): string[] {
  for (const entry of entries) {
    if (entry.store === 'winhttp' && entry.bypassList.length > 0) return entry.bypassList;
    if (entry.store === 'defender-av' && entry.proxyBypass && entry.proxyBypass.length > 0) return entry.proxyBypass;
  }
  return [];
}

function warnOnDisagreement(proxies: { component: MdeComponent; proxy: string | null }[], context: ResourceContext): void {
  if (new Set(proxies.map((p) => p.proxy)).size <= 1) return;
  const list = proxies.map((p) => `${p.component}=${p.proxy ?? phrase('NONE')}`).join(', ');
  context.log(logLine('warning', 'MDE_COMPONENTS_DISAGREE', { list }));
}
