import * as assert from 'uvu/assert';
import {
  expectedWinhttpFields,
  expectedWininetFields,
  WINHTTP_VECTORS,
  WININET_VECTORS,
  winhttpBlob,
  wininetBlob,
  type WinhttpMeaning,
  type WininetMeaning,
} from '../support/proxy-vectors';
import { regQueryValue, WINE_KEYS, type RegAdd } from '../support/wine-registry';
import { installWineSensor, SENSOR_PROXY_WITH_CREDENTIAL, sensorConfiguration, type InstalledSensor } from '../support/wine-sensor';

/** One machine state written with reg.exe (and the sensor's file), and what `get` must say about it. */
export interface ReadScenario {
  name: string;
  values: RegAdd[];
  /** Installs the sensor (files and service key); returns what the checks need. */
  sensor?: () => InstalledSensor;
  /** The exit code `get` must end with on both sides. */
  exit?: number;
  /** Checks of the live response, derived from FORMATS.md / FACTS.md and from reg.exe's own output. */
  check(response: any, sensor: InstalledSensor | null): void;
}

const DEFAULT_CONNECTION_SETTINGS = 'DefaultConnectionSettings';
const VERSION = '2.250.18972.18405';

function wininet(key: string, hex: string): RegAdd {
  return { key, name: DEFAULT_CONNECTION_SETTINGS, type: 'REG_BINARY', data: hex };
}

function winhttp(hex: string): RegAdd {
  return { key: WINE_KEYS.winhttp, name: 'WinHttpSettings', type: 'REG_BINARY', data: hex };
}

function sz(key: string, name: string, data: string, type: RegAdd['type'] = 'REG_SZ'): RegAdd {
  return { key, name, type, data };
}

function dword(key: string, name: string, n: number): RegAdd {
  return { key, name, type: 'REG_DWORD', data: String(n) };
}

export function storeEntry(response: any, store: string, account?: string): any {
  const entry = response.result.stores.find((s: any) => s.store === store && (account === undefined || s.account === account));
  assert.ok(entry, `get reports no ${store}${account ? ` ${account}` : ''} entry`);
  return entry;
}

function pick(entry: any, fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).map((k) => [k, entry[k]]));
}

function checkWininet(response: any, account: string, meaning: WininetMeaning): void {
  const expected = expectedWininetFields(meaning);
  assert.equal(pick(storeEntry(response, 'wininet', account), expected), expected, `wininet ${account}`);
}

function checkWinhttp(response: any, meaning: WinhttpMeaning): void {
  const expected = expectedWinhttpFields(meaning);
  assert.equal(pick(storeEntry(response, 'winhttp'), expected), expected, 'winhttp');
}

/** The text reg.exe itself shows for a REG_SZ / REG_EXPAND_SZ value: what `get` must report. */
function regText(key: string, name: string): string {
  const value = regQueryValue(key, name);
  assert.ok(value, `reg query finds ${name}`);
  return value.data;
}

/** Defender Antivirus' three values as reg.exe shows them, the bypass list split at its semicolons. */
function checkDefenderAvAsRegShows(response: any): void {
  assert.equal(storeEntry(response, 'defender-av'), {
    store: 'defender-av',
    proxyServer: regText(WINE_KEYS.defenderPolicy, 'ProxyServer'),
    proxyPacUrl: regText(WINE_KEYS.defenderPolicy, 'ProxyPacUrl'),
    proxyBypass: regText(WINE_KEYS.defenderPolicy, 'ProxyBypass').split(';'),
    unreadableKeys: [],
  });
}

function checkSensor(response: any, sensor: InstalledSensor | null, proxy: typeof SENSOR_PROXY_WITH_CREDENTIAL | null): void {
  assert.ok(sensor);
  const json = sensorConfiguration(proxy);
  const endpoint = json.WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint as { Address: string; Port: number };
  assert.equal(
    pick(storeEntry(response, 'mdi-sensor'), {
      status: 0,
      generation: 0,
      sensorVersion: 0,
      configurationPath: 0,
      url: 0,
      userName: 0,
      hasPassword: 0,
      certificateThumbprint: 0,
      secretCertificateThumbprint: 0,
      workspaceEndpoint: 0,
    }),
    {
      status: proxy ? 'configured' : 'no-proxy',
      generation: 'v2',
      sensorVersion: sensor.version,
      configurationPath: sensor.configurationPath,
      url: proxy?.Url ?? null,
      userName: proxy?.UserName ?? null,
      hasPassword: Boolean(proxy?.EncryptedUserPasswordData.EncryptedBytes),
      certificateThumbprint: proxy?.EncryptedUserPasswordData.CertificateThumbprint ?? null,
      secretCertificateThumbprint: json.SecretManagerConfigurationCertificateThumbprint,
      workspaceEndpoint: `${endpoint.Address}:${endpoint.Port}`,
    },
  );
}

const utf8 = (value: unknown, bom = false) => (bom ? '\uFEFF' : '') + JSON.stringify(value, null, 2);
/** PowerShell 5.1's `Out-File` default: UTF-16LE with BOM. */
const utf16 = (value: unknown) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(value, null, 2), 'utf16le')]);

const perScheme = 'http=proxy.contoso.com:8080;https=secure.contoso.com:8443';
const perSchemeWininet = wininetBlob({
  changeCounter: 3,
  flags: 3,
  proxyServer: perScheme,
  bypassList: '*.contoso.com;<local>',
  autoConfigUrl: '',
});
const perSchemeWinhttp = winhttpBlob({ version: 0x18, flags: 3, proxyServer: perScheme, bypassList: '<local>' });
/** Forty bypass hosts: reg export wraps the blob over many continuation lines. */
const longBypass = Array.from({ length: 40 }, (_, i) => `host${i}.branch${i % 7}.contoso.com`).join(';') + ';<local>';
const longWininet = wininetBlob({
  changeCounter: 0x1234,
  flags: 3,
  proxyServer: 'proxy.contoso.com:8080',
  bypassList: longBypass,
  autoConfigUrl: '',
});

export const READ_SCENARIOS: ReadScenario[] = [
  {
    name: 'every store configured, each account with a different Windows-written blob',
    values: [
      wininet(WINE_KEYS.wininetCurrentUser, WININET_VECTORS.allFlags.hex),
      wininet(WINE_KEYS.wininetLocalSystem, WININET_VECTORS.ie6AutoDetect.hex),
      wininet(WINE_KEYS.wininetLocalService, WININET_VECTORS.dscManualLocal.hex),
      winhttp(WINHTTP_VECTORS.proxyA42.hex),
      sz(WINE_KEYS.dataCollection, 'TelemetryProxyServer', 'proxy.contoso.com:8080'),
      dword(WINE_KEYS.dataCollection, 'DisableEnterpriseAuthProxy', 1),
      dword(WINE_KEYS.advancedThreatProtection, 'PreferStaticProxyForHttpRequest', 1),
      sz(WINE_KEYS.defenderPolicy, 'ProxyServer', 'http://proxy.contoso.com:8080'),
      sz(WINE_KEYS.defenderPolicy, 'ProxyPacUrl', 'http://pac.contoso.com/proxy.pac'),
      sz(WINE_KEYS.defenderPolicy, 'ProxyBypass', 'contoso.com;fabrikam.com'),
    ],
    sensor: () => installWineSensor(VERSION, utf8(sensorConfiguration(SENSOR_PROXY_WITH_CREDENTIAL), true)),
    check(response, sensor) {
      checkWininet(response, 'CurrentUser', WININET_VECTORS.allFlags);
      checkWininet(response, 'LocalSystem', WININET_VECTORS.ie6AutoDetect);
      checkWininet(response, 'LocalService', WININET_VECTORS.dscManualLocal);
      checkWinhttp(response, WINHTTP_VECTORS.proxyA42);
      assert.equal(storeEntry(response, 'mde-telemetry'), {
        store: 'mde-telemetry',
        proxyServer: regText(WINE_KEYS.dataCollection, 'TelemetryProxyServer'),
        disableEnterpriseAuthProxy: true,
        preferStaticProxyForHttpRequest: true,
        unreadableKeys: [],
      });
      checkDefenderAvAsRegShows(response);
      checkSensor(response, sensor, SENSOR_PROXY_WITH_CREDENTIAL);
    },
  },
  {
    name: 'nothing configured anywhere: every field there, null, false or empty',
    values: [],
    check(response) {
      for (const entry of response.result.stores) {
        for (const [field, value] of Object.entries(entry)) {
          if (['store', 'account', 'sid', 'target'].includes(field)) continue;
          if (entry.store === 'mdi-sensor' && field === 'status') assert.is(value, 'not-installed');
          else if (entry.store === 'winhttp' && field === 'direct') assert.is(value, true, 'no WinHttpSettings is direct access');
          else
            assert.ok(
              value === null || value === false || (Array.isArray(value) && value.length === 0),
              `${entry.store} ${entry.account ?? ''} ${field} = ${JSON.stringify(value)}`,
            );
        }
      }
      assert.equal(pick(response.result.mdi, { method: 0, methodsFound: 0, effectiveProxy: 0, conflicts: 0 }), {
        method: 'none',
        methodsFound: [],
        effectiveProxy: null,
        conflicts: [],
      });
    },
  },
  {
    name: 'per-scheme proxy lists in WinINet and WinHTTP, the sensor without a proxy',
    values: [
      wininet(WINE_KEYS.wininetCurrentUser, perSchemeWininet.hex),
      wininet(WINE_KEYS.wininetLocalSystem, perSchemeWininet.hex),
      wininet(WINE_KEYS.wininetLocalService, perSchemeWininet.hex),
      winhttp(perSchemeWinhttp.hex),
      sz(WINE_KEYS.dataCollection, 'TelemetryProxyServer', 'proxy.contoso.com:8080'),
    ],
    sensor: () => installWineSensor(VERSION, utf8(sensorConfiguration(null))),
    check(response, sensor) {
      for (const account of ['CurrentUser', 'LocalSystem', 'LocalService']) checkWininet(response, account, perSchemeWininet);
      checkWinhttp(response, perSchemeWinhttp);
      checkSensor(response, sensor, null);
      assert.is(storeEntry(response, 'mde-telemetry').disableEnterpriseAuthProxy, null, 'a value that is not there is null, not false');
    },
  },
  {
    name: 'strings stored but switched off, direct blobs, NetworkingDsc short blobs, netsh reset',
    values: [
      wininet(WINE_KEYS.wininetCurrentUser, WININET_VECTORS.storedButOff.hex),
      wininet(WINE_KEYS.wininetLocalSystem, WININET_VECTORS.ie7Direct.hex),
      wininet(WINE_KEYS.wininetLocalService, WININET_VECTORS.dscManual.hex),
      winhttp(WINHTTP_VECTORS.reset.hex),
      dword(WINE_KEYS.dataCollection, 'DisableEnterpriseAuthProxy', 0),
      sz(WINE_KEYS.defenderPolicy, 'ProxyPacUrl', 'http://pac.contoso.com/proxy.pac'),
    ],
    // No SensorProxyConfiguration member at all, and no BOM.
    sensor: () => installWineSensor('2.249.18851.28211', utf8(sensorConfiguration(undefined))),
    check(response, sensor) {
      checkWininet(response, 'CurrentUser', WININET_VECTORS.storedButOff);
      checkWininet(response, 'LocalSystem', WININET_VECTORS.ie7Direct);
      checkWininet(response, 'LocalService', WININET_VECTORS.dscManual);
      checkWinhttp(response, WINHTTP_VECTORS.reset);
      assert.is(storeEntry(response, 'mde-telemetry').disableEnterpriseAuthProxy, false);
      assert.is(storeEntry(response, 'mde-telemetry').proxyServer, null);
      assert.equal(storeEntry(response, 'defender-av'), {
        store: 'defender-av',
        proxyServer: null,
        proxyPacUrl: 'http://pac.contoso.com/proxy.pac',
        proxyBypass: null,
        unreadableKeys: [],
      });
      checkSensor(response, sensor, null);
    },
  },
  {
    name: 'values reg export has to wrap or escape: a long bypass list, backslashes, REG_EXPAND_SZ, an IPv6 proxy',
    values: [
      wininet(WINE_KEYS.wininetCurrentUser, longWininet.hex),
      wininet(WINE_KEYS.wininetLocalService, longWininet.hex),
      winhttp(WINHTTP_VECTORS.direct28.hex),
      sz(WINE_KEYS.dataCollection, 'TelemetryProxyServer', '[fd00::6]:3128'),
      sz(WINE_KEYS.defenderPolicy, 'ProxyServer', 'http://[fd00::6]:3128'),
      sz(WINE_KEYS.defenderPolicy, 'ProxyPacUrl', '%ProgramData%\\Proxy\\proxy.pac', 'REG_EXPAND_SZ'),
      sz(WINE_KEYS.defenderPolicy, 'ProxyBypass', '\\\\fileserver\\share;*.contoso.com'),
    ],
    // PowerShell 5.1's Out-File writes UTF-16LE with BOM.
    sensor: () => installWineSensor(VERSION, utf16(sensorConfiguration(SENSOR_PROXY_WITH_CREDENTIAL))),
    check(response, sensor) {
      checkWininet(response, 'CurrentUser', longWininet);
      checkWininet(response, 'LocalService', longWininet);
      checkWinhttp(response, WINHTTP_VECTORS.direct28);
      assert.is(storeEntry(response, 'mde-telemetry').proxyServer, regText(WINE_KEYS.dataCollection, 'TelemetryProxyServer'));
      checkDefenderAvAsRegShows(response);
      checkSensor(response, sensor, SENSOR_PROXY_WITH_CREDENTIAL);
    },
  },
  {
    name: "the service's ImagePath names %ProgramFiles% (REG_EXPAND_SZ): the sensor is found where the SCM expands it",
    values: [wininet(WINE_KEYS.wininetLocalService, WININET_VECTORS.ie7Direct.hex)],
    sensor: () =>
      installWineSensor(VERSION, utf8(sensorConfiguration(SENSOR_PROXY_WITH_CREDENTIAL), true), {
        imagePathFolder: '%ProgramFiles%\\Azure Advanced Threat Protection Sensor',
      }),
    check(response, sensor) {
      assert.ok(regText(WINE_KEYS.sensorService, 'ImagePath').includes('%ProgramFiles%'), 'reg.exe shows the variable unexpanded');
      checkSensor(response, sensor, SENSOR_PROXY_WITH_CREDENTIAL);
    },
  },
  {
    name: 'a truncated blob: exit 2 naming the account, never a crash',
    values: [
      wininet(WINE_KEYS.wininetCurrentUser, WININET_VECTORS.ie7Direct.hex),
      // The allFlags vector cut inside its proxy string: the length says 13, 4 bytes follow.
      wininet(WINE_KEYS.wininetLocalService, WININET_VECTORS.allFlags.hex.slice(0, 40)),
    ],
    exit: 2,
    check(response) {
      assert.is(response.ok, false);
      assert.is(response.error.code, 'STORE_VALUE_UNREADABLE');
      assert.match(response.error.message, /S-1-5-19/);
      assert.ok(response.result, 'the error response still carries what could be read');
      const entry = storeEntry(response, 'wininet', 'LocalService');
      assert.is(entry.present, true);
      assert.ok(entry.error, 'the entry says why it could not be decoded');
    },
  },
];
