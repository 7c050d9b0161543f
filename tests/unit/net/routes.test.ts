import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoreEntry, WininetEntry } from '../../../core/protocol';
import { defaultRoutes, hopsFor, planRoutes, routeSource, storesForRoutes, type RouteInputs } from '../../../core/net/routes/routes';
import { targetFromUrl } from '../../../core/net/probe/targets';
import type { PacScript } from '../../../core/net/routes/pac';

function wininet(account: WininetEntry['account'], fields: Partial<WininetEntry>): WininetEntry {
  return {
    store: 'wininet',
    account,
    sid: null,
    target: 'HKU\\x',
    present: true,
    proxyEnabled: false,
    proxyServer: null,
    bypassList: [],
    autoConfigUrl: null,
    autoDetect: false,
    version: 0x46,
    changeCounter: 1,
    ...fields,
  };
}
const sensor = (url: string | null, userName: string | null = null): StoreEntry => ({
  store: 'mdi-sensor',
  status: url ? 'configured' : 'no-proxy',
  generation: 'v2',
  sensorVersion: '2.250',
  configurationPath: 'C:\\x',
  url,
  userName,
  hasPassword: !!userName,
  certificateThumbprint: null,
  secretCertificateThumbprint: null,
  workspaceEndpoint: 'contoso-corpsensorapi.atp.azure.com:443',
  error: null,
});
const inputs = (entries: StoreEntry[], extra: Partial<RouteInputs> = {}): RouteInputs => ({
  product: 'mdi',
  entries,
  mdiSummary: null,
  ...extra,
});
const ping = targetFromUrl('https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping');
const noPac = async (): Promise<PacScript> => assert.unreachable('no PAC expected') as never;

test('routes needing no machine read no store; store routes read exactly their stores', () => {
  assert.equal(storesForRoutes(['direct', 'explicit'], 'mdi', { url: 'http://p:1' }), []);
  assert.equal(storesForRoutes(['pac'], 'mdi', { pacUrl: 'http://pac/' }), []);
  assert.equal(storesForRoutes(['pac'], 'mde', undefined), ['defender-av']);
  assert.equal(storesForRoutes(['winhttp', 'wininet'], 'mde', undefined), ['winhttp', 'wininet']);
  assert.equal(storesForRoutes(['sensor'], 'mde', undefined), ['mde-telemetry', 'winhttp']);
  assert.ok(storesForRoutes(['sensor'], 'mdi', undefined).includes('mdi-sensor'));
});

test("the default route: the request's proxy, else its PAC, else what the sensor uses", () => {
  assert.equal(defaultRoutes({ url: 'http://p:8080' }), ['explicit']);
  assert.equal(defaultRoutes({ pacUrl: 'http://pac/' }), ['pac']);
  assert.equal(defaultRoutes(undefined), ['sensor']);
});

test('each store says where it sends traffic', () => {
  const entries: StoreEntry[] = [
    sensor('http://proxy.contoso.com:8080', 'CONTOSO\\svc'),
    wininet('LocalService', { proxyEnabled: true, proxyServer: 'http=a:80;https=b:3128', bypassList: ['*.contoso.com', '<local>'] }),
    { store: 'winhttp', target: 'x', present: true, direct: true, proxyServer: null, bypassList: [] },
    {
      store: 'mde-telemetry',
      proxyServer: 'tele.contoso.com:8080',
      disableEnterpriseAuthProxy: true,
      preferStaticProxyForHttpRequest: null,
    },
    { store: 'defender-av', proxyServer: 'http://av:8080', proxyPacUrl: 'http://pac.contoso.com/av.pac', proxyBypass: null },
  ];
  const mdiSensor = routeSource('mdi-sensor', inputs(entries, { proxy: { password: 'pw' } }));
  assert.equal(mdiSensor, {
    kind: 'proxy',
    text: 'http://proxy.contoso.com:8080',
    bypass: [],
    credentials: { userName: 'CONTOSO\\svc', password: 'pw' },
    note: 'the sensor configuration',
  });
  assert.is(routeSource('wininet', inputs(entries)).kind, 'proxy');
  assert.is(routeSource('winhttp', inputs(entries)).kind, 'direct');
  assert.equal((routeSource('mde-telemetry', inputs(entries)) as { text: string; credentials: unknown }).credentials, null);
  assert.equal(routeSource('defender-av', inputs(entries)), {
    kind: 'pac',
    url: 'http://pac.contoso.com/av.pac',
    credentials: null,
    note: "Defender AV's ProxyPacUrl http://pac.contoso.com/av.pac",
  });
});

test('route "sensor": MDI follows the summary\'s effective proxy, MDE the telemetry proxy else WinHTTP', () => {
  const summary = {
    method: 'sensor' as const,
    methodsFound: ['sensor' as const],
    effectiveProxy: 'http://proxy.contoso.com:8080',
    conflicts: [],
    issues: [],
  };
  assert.is(
    (routeSource('sensor', inputs([sensor('http://proxy.contoso.com:8080')], { mdiSummary: summary })) as { text: string }).text,
    'http://proxy.contoso.com:8080',
  );
  assert.is(
    routeSource('sensor', inputs([], { mdiSummary: { ...summary, method: 'none', methodsFound: [], effectiveProxy: null } })).kind,
    'direct',
  );
  const winhttp: StoreEntry = { store: 'winhttp', target: 'x', present: true, direct: false, proxyServer: 'wh:8080', bypassList: [] };
  assert.is((routeSource('sensor', { product: 'mde', entries: [winhttp], mdiSummary: null }) as { text: string }).text, 'wh:8080');
});

test("the sensor's routes use the password it stores when the request brings no credentials; the request's win", () => {
  const entries = [sensor('http://proxy.contoso.com:8080', 'CONTOSO\\svc')];
  const summary = {
    method: 'sensor' as const,
    methodsFound: ['sensor' as const],
    effectiveProxy: 'http://proxy.contoso.com:8080',
    conflicts: [],
    issues: [],
  };
  const credentials = (route: 'sensor' | 'mdi-sensor', extra: Partial<RouteInputs>) =>
    (routeSource(route, inputs(entries, { mdiSummary: summary, ...extra })) as { credentials: unknown }).credentials;
  const stored = { password: 'from-the-sensor' };
  assert.equal(credentials('sensor', { sensorPassword: stored }), { userName: 'CONTOSO\\svc', password: 'from-the-sensor' });
  assert.equal(credentials('mdi-sensor', { sensorPassword: stored }), { userName: 'CONTOSO\\svc', password: 'from-the-sensor' });
  assert.equal(credentials('sensor', { sensorPassword: stored, proxy: { password: 'given' } }), {
    userName: 'CONTOSO\\svc',
    password: 'given',
  });
  assert.equal(credentials('sensor', { sensorPassword: stored, proxy: { userName: 'CONTOSO\\other' } }), {
    userName: 'CONTOSO\\other',
    password: '',
  });
  const unavailable = { code: 'SENSOR_PASSWORD_UNAVAILABLE' as const, detail: 'no key' };
  assert.equal(credentials('sensor', { sensorPassword: { unavailable } }), { userName: 'CONTOSO\\svc', password: '', unavailable });
  // The store routes of other places never take the sensor's password.
  const winhttp: StoreEntry = { store: 'winhttp', target: 'x', present: true, direct: false, proxyServer: 'wh:8080', bypassList: [] };
  assert.is(
    (routeSource('winhttp', inputs([...entries, winhttp], { sensorPassword: stored })) as { credentials: unknown }).credentials,
    null,
  );
});

test('MDE route "sensor" falls back to direct behind an unreachable TelemetryProxyServer, as the EDR sensor does', async () => {
  const telemetry: StoreEntry = {
    store: 'mde-telemetry',
    proxyServer: '127.0.0.1:1',
    disableEnterpriseAuthProxy: true,
    preferStaticProxyForHttpRequest: null,
  };
  const [sensorPlan, storePlan] = await planRoutes(
    ['sensor', 'mde-telemetry'],
    { product: 'mde', entries: [telemetry], mdiSummary: null },
    noPac,
  );
  const edr = targetFromUrl('https://edr-cus.us.endpoint.security.microsoft.com/edr/commands/test');
  assert.equal(
    ((await hopsFor(sensorPlan!, edr)) as { hops: { kind: string }[] }).hops.map((h) => h.kind),
    ['proxy', 'direct'],
  );
  assert.equal(
    ((await hopsFor(storePlan!, edr)) as { hops: { kind: string }[] }).hops.map((h) => h.kind),
    ['proxy'],
  );
});

test('unusable routes say why instead of guessing', () => {
  assert.is(routeSource('explicit', inputs([])).kind, 'unavailable');
  assert.is(routeSource('pac', inputs([])).kind, 'unavailable');
  const notInstalled: StoreEntry = { ...(sensor(null) as Extract<StoreEntry, { store: 'mdi-sensor' }>), status: 'not-installed' };
  assert.match((routeSource('mdi-sensor', inputs([notInstalled])) as { detail: string }).detail, /not installed/);
});

test('hops: the bypass list goes direct, a per-scheme list picks https=, credentials ride along', async () => {
  const plans = await planRoutes(
    ['wininet', 'explicit', 'direct'],
    inputs([wininet('LocalService', { proxyEnabled: true, proxyServer: 'http=a:80;https=b:3128', bypassList: ['*.atp.azure.com'] })], {
      proxy: { url: 'http://u:p@127.0.0.1:3128', userName: 'alice', password: 's3cret' },
    }),
    noPac,
  );
  assert.equal(await hopsFor(plans[0]!, ping), {
    hops: [{ kind: 'direct' }],
    note: "contoso-corpsensorapi.atp.azure.com is in the bypass list of LocalService's WinINet proxy: direct",
  });
  const other = targetFromUrl('https://mdav.us.endpoint.security.microsoft.com/mdav/test');
  const viaWininet = await hopsFor(plans[0]!, other);
  assert.equal((viaWininet as { hops: { proxy: { url: string } }[] }).hops[0]!.proxy.url, 'http://b:3128');
  const explicit = (await hopsFor(plans[1]!, ping)) as { hops: { proxy: { credentials: unknown } }[] };
  assert.equal(explicit.hops[0]!.proxy.credentials, { userName: 'alice', password: 's3cret' });
  assert.equal(await hopsFor(plans[2]!, ping), { hops: [{ kind: 'direct' }] });
});

test("PAC hops follow the script's order and skip what the probe cannot speak", async () => {
  const pac: PacScript = { findProxy: async () => 'SOCKS s:1080; PROXY 127.0.0.1:1; PROXY 127.0.0.1:3128; DIRECT', dispose: () => {} };
  const [plan] = await planRoutes(['pac'], inputs([], { proxy: { pacUrl: 'http://pac/' } }), async () => pac);
  const hops = (await hopsFor(plan!, ping)) as { hops: { kind: string; proxy?: { port: number } }[] };
  assert.equal(
    hops.hops.map((h) => h.proxy?.port ?? h.kind),
    [1, 3128, 'direct'],
  );
  const [failed] = await planRoutes(['pac'], inputs([], { proxy: { pacUrl: 'http://pac/' } }), async () => {
    throw new Error('404');
  });
  assert.equal(await hopsFor(failed!, ping), { failure: { code: 'PAC_FAILED', detail: 'http://pac/: 404' } });
});

test('route "wininet-localsystem": LocalSystem\'s WinINet (the updater\'s account, what the documents test as Local System)', () => {
  const entries: StoreEntry[] = [
    wininet('LocalSystem', { proxyEnabled: true, proxyServer: 'system-proxy:8080' }),
    wininet('LocalService', { proxyEnabled: true, proxyServer: 'service-proxy:8080' }),
  ];
  assert.equal(storesForRoutes(['wininet-localsystem'], 'mdi', undefined), ['wininet']);
  const system = routeSource('wininet-localsystem', inputs(entries)) as { text: string; note: string };
  assert.equal([system.text, system.note], ['system-proxy:8080', "LocalSystem's WinINet proxy"]);
  assert.is((routeSource('wininet', inputs(entries)) as { text: string }).text, 'service-proxy:8080');
  assert.equal(routeSource('wininet-localsystem', inputs([entries[1]!])), {
    kind: 'direct',
    note: 'LocalSystem has no WinINet settings: direct',
  });
});

test.run();
