import type { MdiSummary, Product, Proxy, Route, StoreEntry, StoreName, WininetAccount, WininetEntry } from '../../protocol';
import { bypassMatches } from '../../formats/proxy-address';
import { redactUserInfo } from '../../formats/redact';
import { detail, phrase, routeNote } from '../../messages';
import type { ProbeCode } from '../probe/advice';
import type { PacScript } from './pac';
import { PacLimitError } from './pac-guard';
import { parsePacResult } from './pac-result';
import type { Hop } from '../probe/probe-attempt';
import type { RouteHops } from '../probe/probe';
import type { ProxyCredentials } from '../probe/proxy-auth';
import { proxyEndpointFor } from '../probe/proxy-endpoint';
import type { ProbeTarget } from '../probe/targets';

/** Where a route sends traffic, as the machine (or the request) configures it. */
export type RouteSource =
  | { kind: 'direct'; note: string }
  | { kind: 'proxy'; text: string; bypass: string[]; credentials: ProxyCredentials | null; note: string; fallbackDirect?: boolean }
  | { kind: 'pac'; url: string; credentials: ProxyCredentials | null; note: string }
  | { kind: 'unavailable'; code: ProbeCode; detail: string };

/** A route ready to probe with: a PAC source carries its loaded script. */
export type RoutePlan = { route: Route } & (
  | Exclude<RouteSource, { kind: 'pac' }>
  | { kind: 'pac'; script: PacScript; url: string; credentials: ProxyCredentials | null; note: string }
);

/** The password the sensor stores, decrypted for this test, or why it could not be. */
export type SensorPassword = { password: string } | { unavailable: { code: ProbeCode; detail: string } };

export interface RouteInputs {
  product: Product;
  proxy?: Proxy;
  /** Read only when a sensor route needs it and the request brings no credentials of its own. */
  sensorPassword?: SensorPassword;
  /** The machine's store entries; empty when the request needs none. */
  entries: StoreEntry[];
  /** The MDI summary of those entries (route `sensor` of `mdi`). */
  mdiSummary: MdiSummary | null;
}

/** The stores a set of routes reads. Route `pac` reads a store only when the request names no PAC URL. */
export function storesForRoutes(routes: Route[], product: Product, proxy: Proxy | undefined): StoreName[] {
  const needed = new Set<StoreName>();
  for (const route of routes) {
    if (route === 'direct' || route === 'explicit') continue;
    if (route === 'wininet-localsystem') {
      needed.add('wininet');
      continue;
    }
    if (route === 'pac') {
      if (!proxy?.pacUrl) needed.add(product === 'mdi' ? 'wininet' : 'defender-av');
    } else if (route === 'sensor') {
      const stores: StoreName[] =
        product === 'mdi' ? ['mdi-sensor', 'wininet', 'mde-telemetry', 'defender-av'] : ['mde-telemetry', 'winhttp'];
      for (const store of stores) needed.add(store);
    } else needed.add(route);
  }
  return [...needed];
}

/** The routes a request probes when it names none: its proxy when it gives one, else what the sensor uses. */
export function defaultRoutes(proxy: Proxy | undefined): Route[] {
  if (proxy?.url || proxy?.server) return ['explicit'];
  if (proxy?.pacUrl) return ['pac'];
  return ['sensor'];
}

function credentialsOf(proxy: Proxy | undefined, fallbackUser: string | null = null): ProxyCredentials | null {
  const userName = proxy?.userName ?? fallbackUser;
  return userName ? { userName, password: proxy?.password ?? '' } : null;
}

/**
 * The credentials of the sensor's own routes: the request's when it gives any, else the sensor's user with the
 * password the sensor stores (or the reason it could not be decrypted, reported if the proxy asks).
 */
function sensorCredentials(inputs: RouteInputs, sensorUser: string | null): ProxyCredentials | null {
  const proxy = inputs.proxy;
  if (!sensorUser || proxy?.userName !== undefined || proxy?.password !== undefined || !inputs.sensorPassword)
    return credentialsOf(proxy, sensorUser);
  const stored = inputs.sensorPassword;
  return 'password' in stored
    ? { userName: sensorUser, password: stored.password }
    : { userName: sensorUser, password: '', unavailable: stored.unavailable };
}

function entryOf<S extends StoreEntry['store']>(entries: StoreEntry[], store: S): Extract<StoreEntry, { store: S }> | undefined {
  return entries.find((e) => e.store === store) as Extract<StoreEntry, { store: S }> | undefined;
}

function wininetOf(entries: StoreEntry[], account: WininetAccount): WininetEntry | undefined {
  return entries.find((e): e is WininetEntry => e.store === 'wininet' && e.account === account);
}

/** LocalService's WinINet as the sensor gets it: the machine's settings while the per-machine policy is on. */
function localService(entries: StoreEntry[]): WininetEntry | undefined {
  return wininetOf(entries, 'Machine') ?? wininetOf(entries, 'LocalService');
}

function wininetSource(entry: WininetEntry | undefined, proxy: Proxy | undefined, account: WininetAccount = 'LocalService'): RouteSource {
  if (entry?.account === 'Machine') account = 'Machine';
  if (!entry || !entry.present) return { kind: 'direct', note: routeNote('WININET_NONE', { account }) };
  if (entry.autoConfigUrl && entry.autoConfigEnabled !== false)
    return {
      kind: 'pac',
      url: entry.autoConfigUrl,
      credentials: credentialsOf(proxy),
      note: routeNote('WININET_PAC', { account, url: redactUserInfo(entry.autoConfigUrl) }),
    };
  if (entry.proxyEnabled && entry.proxyServer) {
    return {
      kind: 'proxy',
      text: entry.proxyServer,
      bypass: entry.bypassList,
      credentials: credentialsOf(proxy),
      note: routeNote('WININET_PROXY', { account }),
    };
  }
  const stored = entry.notInEffect?.length
    ? routeNote('WININET_STORED_OFF', { values: entry.notInEffect.join(phrase('METHOD_FOUND_AND')) })
    : '';
  return {
    kind: 'direct',
    note: routeNote(entry.autoDetect ? 'WININET_AUTO_DETECT' : 'WININET_NOT_IN_EFFECT', { account, stored }),
  };
}

function storeSource(route: StoreName, inputs: RouteInputs): RouteSource {
  const { entries, proxy } = inputs;
  switch (route) {
    case 'mdi-sensor': {
      const sensor = entryOf(entries, 'mdi-sensor');
      if (!sensor || sensor.status === 'not-installed')
        return { kind: 'unavailable', code: 'ROUTE_UNAVAILABLE', detail: routeNote('SENSOR_NOT_INSTALLED') };
      if (sensor.status === 'unreadable')
        return {
          kind: 'unavailable',
          code: 'ROUTE_UNAVAILABLE',
          detail: routeNote('SENSOR_UNREADABLE', { reason: sensor.error ?? phrase('UNKNOWN_REASON') }),
        };
      if (!sensor.url) return { kind: 'direct', note: routeNote('SENSOR_NO_PROXY') };
      return {
        kind: 'proxy',
        text: sensor.url,
        bypass: [],
        credentials: sensorCredentials(inputs, sensor.userName),
        note: routeNote('SENSOR_CONFIGURATION'),
      };
    }
    case 'wininet':
      return wininetSource(localService(entries), proxy);
    case 'winhttp': {
      const winhttp = entryOf(entries, 'winhttp');
      if (!winhttp || !winhttp.present || winhttp.direct || !winhttp.proxyServer)
        return { kind: 'direct', note: routeNote('WINHTTP_NONE') };
      return {
        kind: 'proxy',
        text: winhttp.proxyServer,
        bypass: winhttp.bypassList,
        credentials: credentialsOf(proxy),
        note: routeNote('WINHTTP_PROXY'),
      };
    }
    case 'mde-telemetry': {
      const telemetry = entryOf(entries, 'mde-telemetry');
      if (!telemetry?.proxyServer) return { kind: 'direct', note: routeNote('TELEMETRY_NONE') };
      // The EDR sensor never authenticates to a proxy: probe anonymously, as it would.
      return { kind: 'proxy', text: telemetry.proxyServer, bypass: [], credentials: null, note: routeNote('TELEMETRY_PROXY') };
    }
    case 'defender-av': {
      const av = entryOf(entries, 'defender-av');
      if (av?.proxyPacUrl)
        return { kind: 'pac', url: av.proxyPacUrl, credentials: null, note: routeNote('AV_PAC', { url: redactUserInfo(av.proxyPacUrl) }) };
      if (!av?.proxyServer) return { kind: 'direct', note: routeNote('AV_NONE') };
      return { kind: 'proxy', text: av.proxyServer, bypass: av.proxyBypass ?? [], credentials: null, note: routeNote('AV_PROXY') };
    }
  }
}

function sensorSource(inputs: RouteInputs): RouteSource {
  if (inputs.product === 'mde') {
    const telemetry = storeSource('mde-telemetry', inputs);
    // The EDR sensor goes direct when its static proxy is unreachable (route "mde-telemetry" alone does not).
    if (telemetry.kind === 'proxy') return { ...telemetry, fallbackDirect: true, note: routeNote('TELEMETRY_FALLBACK') };
    return storeSource('winhttp', inputs);
  }
  const summary = inputs.mdiSummary;
  if (!summary) return { kind: 'unavailable', code: 'ROUTE_UNAVAILABLE', detail: routeNote('MDI_NOT_READ') };
  if (summary.method === 'wininet') return wininetSource(localService(inputs.entries), inputs.proxy);
  if (!summary.effectiveProxy) return { kind: 'direct', note: routeNote('SENSOR_USES_NONE') };
  const sensorUser = entryOf(inputs.entries, 'mdi-sensor')?.userName ?? null;
  return {
    kind: 'proxy',
    text: summary.effectiveProxy,
    bypass: [],
    credentials: sensorCredentials(inputs, sensorUser),
    note: routeNote('SENSOR_PROXY', { method: summary.method }),
  };
}

function pacSource(inputs: RouteInputs): RouteSource {
  const credentials = credentialsOf(inputs.proxy);
  if (inputs.proxy?.pacUrl)
    return { kind: 'pac', url: inputs.proxy.pacUrl, credentials, note: routeNote('PAC', { url: redactUserInfo(inputs.proxy.pacUrl) }) };
  const service = localService(inputs.entries);
  const url =
    inputs.product === 'mdi'
      ? service?.autoConfigEnabled !== false
        ? service?.autoConfigUrl
        : null
      : entryOf(inputs.entries, 'defender-av')?.proxyPacUrl;
  if (!url)
    return {
      kind: 'unavailable',
      code: 'ROUTE_UNAVAILABLE',
      detail: routeNote('PAC_URL_MISSING', { where: routeNote(inputs.product === 'mdi' ? 'PAC_WHERE_WININET' : 'PAC_WHERE_AV') }),
    };
  return { kind: 'pac', url, credentials, note: routeNote('PAC', { url: redactUserInfo(url) }) };
}

/** Where one route sends traffic. Pure: the store entries are read beforehand. */
export function routeSource(route: Route, inputs: RouteInputs): RouteSource {
  switch (route) {
    case 'direct':
      return { kind: 'direct', note: routeNote('DIRECT') };
    case 'explicit': {
      const text = inputs.proxy?.url ?? inputs.proxy?.server;
      if (!text) return { kind: 'unavailable', code: 'ROUTE_UNAVAILABLE', detail: routeNote('REQUEST_NO_PROXY') };
      return {
        kind: 'proxy',
        text,
        bypass: inputs.proxy?.bypass ?? [],
        credentials: credentialsOf(inputs.proxy),
        note: routeNote('REQUEST_PROXY'),
      };
    }
    case 'pac':
      return pacSource(inputs);
    case 'sensor':
      return sensorSource(inputs);
    case 'wininet-localsystem':
      return wininetSource(wininetOf(inputs.entries, 'Machine') ?? wininetOf(inputs.entries, 'LocalSystem'), inputs.proxy, 'LocalSystem');
    default:
      return storeSource(route, inputs);
  }
}

/** Resolves every route, loading each PAC file once; a PAC that fails makes its route unavailable. */
export async function planRoutes(routes: Route[], inputs: RouteInputs, loadPac: (url: string) => Promise<PacScript>): Promise<RoutePlan[]> {
  const scripts = new Map<string, Promise<PacScript>>();
  return Promise.all(
    routes.map(async (route): Promise<RoutePlan> => {
      const source = routeSource(route, inputs);
      if (source.kind !== 'pac') return { route, ...source };
      if (!scripts.has(source.url)) scripts.set(source.url, loadPac(source.url));
      try {
        return {
          route,
          kind: 'pac',
          script: await scripts.get(source.url)!,
          url: source.url,
          credentials: source.credentials,
          note: source.note,
        };
      } catch (error) {
        return {
          route,
          kind: 'unavailable',
          code: pacFailureCode(error),
          detail: routeNote('PAC_UNAVAILABLE', { url: redactUserInfo(source.url), detail: (error as Error).message }),
        };
      }
    }),
  );
}

/** A limit the PAC script broke has its own code; anything else it did wrong is PAC_FAILED. */
function pacFailureCode(error: unknown): ProbeCode {
  return error instanceof PacLimitError ? error.code : 'PAC_FAILED';
}

/** A PAC answer as details quote it: a script may answer with megabytes. */
function excerpt(answer: unknown): string {
  const text = String(answer);
  return text.length > 200 ? detail('EXCERPT', { start: text.slice(0, 200), length: text.length }) : text;
}

export function disposePlans(plans: RoutePlan[]): void {
  const scripts = new Set(plans.flatMap((p) => (p.kind === 'pac' ? [p.script] : [])));
  for (const script of scripts) script.dispose();
}

function hopForText(text: string, target: ProbeTarget, credentials: ProxyCredentials | null): Hop | { error: string } {
  const choice = proxyEndpointFor(text, target.secure ? 'https' : 'http', credentials);
  if ('error' in choice) return { error: choice.error };
  return 'direct' in choice ? { kind: 'direct' } : { kind: 'proxy', proxy: choice.proxy };
}

/** The hops one URL takes on a planned route (a PAC is asked per URL). */
export async function hopsFor(plan: RoutePlan, target: ProbeTarget): Promise<RouteHops> {
  switch (plan.kind) {
    case 'unavailable':
      return { failure: { code: plan.code, detail: plan.detail } };
    case 'direct':
      return plan.route === 'direct' ? { hops: [{ kind: 'direct' }] } : { hops: [{ kind: 'direct' }], note: plan.note };
    case 'proxy': {
      if (bypassMatches(target.host, plan.bypass))
        return { hops: [{ kind: 'direct' }], note: routeNote('BYPASSED', { host: target.host, route: plan.note }) };
      const hop = hopForText(plan.text, target, plan.credentials);
      if ('error' in hop)
        return { failure: { code: 'ROUTE_UNAVAILABLE', detail: routeNote('HOP_UNUSABLE', { route: plan.note, detail: hop.error }) } };
      return { hops: plan.fallbackDirect && hop.kind === 'proxy' ? [hop, { kind: 'direct' }] : [hop], note: plan.note };
    }
    case 'pac': {
      let answer: string;
      try {
        answer = await plan.script.findProxy(target.url);
      } catch (error) {
        return { failure: { code: pacFailureCode(error), detail: routeNote('PAC_FIND_FAILED', { detail: (error as Error).message }) } };
      }
      const hops: Hop[] = [];
      for (const choice of parsePacResult(answer)) {
        if (choice.kind === 'direct') hops.push({ kind: 'direct' });
        else if (choice.kind === 'proxy') {
          const hop = hopForText(choice.address, target, plan.credentials);
          if (!('error' in hop)) hops.push(hop);
        }
      }
      if (hops.length === 0) return { failure: { code: 'PAC_FAILED', detail: routeNote('PAC_NO_PROXY', { answer: excerpt(answer) }) } };
      return { hops, note: routeNote('PAC_ANSWERED', { route: plan.note, answer: excerpt(answer) }) };
    }
  }
}
