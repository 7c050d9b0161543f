import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeMdi } from '../../../core/stores/mdi-summary';
import type { MdiSensorEntry, StoreEntry, WininetAccount, WininetEntry } from '../../../core/protocol';

const test = suite('summarizeMdi');

function sensor(over: Partial<MdiSensorEntry> = {}): MdiSensorEntry {
  return {
    store: 'mdi-sensor',
    status: 'no-proxy',
    generation: 'v2',
    sensorVersion: '2.250.1.1',
    configurationPath: 'C:\\x\\SensorConfiguration.json',
    url: null,
    userName: null,
    hasPassword: false,
    certificateThumbprint: null,
    secretCertificateThumbprint: null,
    workspaceEndpoint: null,
    error: null,
    ...over,
  };
}
function wininet(account: WininetAccount, proxyServer: string | null, over: Partial<WininetEntry> = {}): WininetEntry {
  return {
    store: 'wininet',
    account,
    sid: null,
    target: `HKEY_USERS\\${account}\\DefaultConnectionSettings`,
    present: proxyServer !== null,
    proxyEnabled: proxyServer !== null,
    proxyServer,
    bypassList: [],
    autoConfigUrl: null,
    autoDetect: false,
    version: 0x46,
    changeCounter: 1,
    error: null,
    ...over,
  };
}
const has = (conflicts: string[], pattern: RegExp) =>
  assert.ok(
    conflicts.some((c) => pattern.test(c)),
    `no conflict ${pattern} in ${JSON.stringify(conflicts, null, 1)}`,
  );

test('nothing anywhere: method none, direct, no conflicts', () => {
  assert.equal(summarizeMdi([sensor(), wininet('CurrentUser', null), wininet('LocalSystem', null), wininet('LocalService', null)]), {
    method: 'none',
    methodsFound: [],
    effectiveProxy: null,
    conflicts: [],
    issues: [],
  });
});

test('the sensor configuration wins over WinINet; both found; their disagreement said', () => {
  const s = summarizeMdi([
    sensor({ status: 'configured', url: 'http://a:8080' }),
    wininet('LocalSystem', 'b:3128'),
    wininet('LocalService', 'b:3128'),
  ]);
  assert.is(s.method, 'sensor');
  assert.equal(s.methodsFound, ['sensor', 'wininet']);
  assert.is(s.effectiveProxy, 'http://a:8080');
  has(s.conflicts, /sensor configuration uses http:\/\/a:8080 but LocalService's WinINet settings use b:3128/);
});

test('WinINet for LocalService: per-scheme lists give the https entry as http://host:port; no https entry goes direct', () => {
  let s = summarizeMdi([sensor(), wininet('LocalSystem', 'http=h:80;https=S:443'), wininet('LocalService', 'http=h:80;https=S:443')]);
  assert.is(s.method, 'wininet');
  assert.is(s.effectiveProxy, 'http://s:443');
  s = summarizeMdi([sensor(), wininet('LocalSystem', 'http=h:80'), wininet('LocalService', 'http=h:80')]);
  assert.is(s.effectiveProxy, null);
  has(s.conflicts, /no entry for https/);
});

test('LocalSystem and LocalService differ; CurrentUser never copied', () => {
  let s = summarizeMdi([sensor(), wininet('LocalSystem', 'a:1'), wininet('LocalService', 'b:2')]);
  has(s.conflicts, /LocalSystem's WinINet proxy \(a:1\) differs from LocalService's \(b:2\)/);
  s = summarizeMdi([sensor(), wininet('CurrentUser', 'a:1'), wininet('LocalSystem', null), wininet('LocalService', null)]);
  has(s.conflicts, /CurrentUser has the WinINet proxy a:1, but it was never copied/);
});

test('MDE values: AV scheme missing, telemetry with a scheme or space, auth proxy not disabled, anonymous traffic with a credentialed sensor', () => {
  const entries: StoreEntry[] = [
    sensor({ status: 'configured', url: 'http://proxy:8080', userName: 'CONTOSO\\u', hasPassword: true }),
    { store: 'mde-telemetry', proxyServer: 'http://proxy:8080', disableEnterpriseAuthProxy: false, preferStaticProxyForHttpRequest: null },
    { store: 'defender-av', proxyServer: 'proxy:8080', proxyPacUrl: null, proxyBypass: null },
  ];
  const s = summarizeMdi(entries);
  has(s.conflicts, /ProxyServer "proxy:8080" lacks its required http:\/\/ or https:\/\//);
  has(s.conflicts, /TelemetryProxyServer "http:\/\/proxy:8080" must be host:port/);
  has(s.conflicts, /DisableEnterpriseAuthProxy is not 1/);
  has(s.conflicts, /authenticates to http:\/\/proxy:8080 as CONTOSO\\u, but MDE's telemetry .* anonymously/);
  const spaced = summarizeMdi([
    { store: 'mde-telemetry', proxyServer: 'proxy :8080', disableEnterpriseAuthProxy: true, preferStaticProxyForHttpRequest: null },
  ]);
  has(spaced.conflicts, /must be host:port without a scheme or spaces/);
});

test('WinHTTP set but not WinINet: the sensor goes direct', () => {
  const s = summarizeMdi([
    sensor(),
    wininet('LocalService', null),
    { store: 'winhttp', target: 'x', present: true, direct: false, proxyServer: 'p:80', bypassList: [], error: null },
  ]);
  assert.is(s.method, 'none');
  has(s.conflicts, /WinHTTP uses the proxy p:80 but LocalService's WinINet settings have none/);
});

test('v3 sensor: method mde-values, the URL from the MDE values, disagreeing values said', () => {
  const s = summarizeMdi([
    sensor({ generation: 'v3', status: 'configured', url: 'http://a:1', configurationPath: null }),
    { store: 'mde-telemetry', proxyServer: 'b:2', disableEnterpriseAuthProxy: true, preferStaticProxyForHttpRequest: null },
    { store: 'defender-av', proxyServer: 'http://a:1', proxyPacUrl: null, proxyBypass: null },
  ]);
  assert.is(s.method, 'mde-values');
  assert.is(s.effectiveProxy, 'http://a:1');
  has(s.conflicts, /unified \(v3\) sensor .* disagree/);
});

test.run();
