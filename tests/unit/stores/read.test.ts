import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeImage, sensorServices, SENSOR_FOLDER } from '../../support/image';
import { regText, runCommand } from '../../support/stores';
import { openImageHost } from '../../../core/host/image';
import { readStores } from '../../../core/stores/read';
import { binaryValue, dwordValue, szValue } from '../../../core/formats/registry-model';
import { KEYS } from '../../../core/stores/keys';
import type { DefenderAvEntry, MdeTelemetryEntry, MdiSensorEntry, WinhttpEntry, WininetEntry } from '../../../core/protocol';

const test = suite('store reads');

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');
const ZERO32 = '0'.repeat(64);
// FORMATS.md §1 vectors
const IE6_AUTODETECT = hex('3C0000003A000000090000000000000000000000000000000000000000000000000000000000000000000000000000000000000000');
const FULL_0F = hex(
  '46000000400000000F0000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    ZERO32,
);
const DISABLED_BUT_STORED = hex(
  '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    ZERO32,
);
const WINHTTP_PROXY = hex('28000000000000000300000004000000613A3432040000002A2E3432');

async function read(spec: Parameters<typeof makeImage>[0]) {
  return readStores(openImageHost(makeImage(spec)), ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av']);
}
const pick = <T>(entries: unknown[], store: string, account?: string) =>
  entries.find((e: any) => e.store === store && (account === undefined || e.account === account)) as T;

test('an empty machine: every store answers, every absent value is null (never a missing key)', async () => {
  const entries = await read({ registry: regText([]) });
  assert.is(entries.length, 7);
  const service = pick<WininetEntry>(entries, 'wininet', 'LocalService');
  assert.equal(service, {
    store: 'wininet',
    account: 'LocalService',
    sid: 'S-1-5-19',
    target: `${KEYS.wininetLocalService}\\DefaultConnectionSettings`,
    present: false,
    proxyEnabled: false,
    proxyServer: null,
    bypassList: [],
    autoConfigUrl: null,
    autoDetect: false,
    version: null,
    changeCounter: null,
    error: null,
    autoConfigEnabled: false,
    notInEffect: [],
    perMachinePolicy: false,
    overriddenByMachine: false,
  });
  assert.equal(pick<WinhttpEntry>(entries, 'winhttp'), {
    store: 'winhttp',
    target: `${KEYS.winhttp}\\WinHttpSettings`,
    present: false,
    direct: true,
    proxyServer: null,
    bypassList: [],
    error: null,
  });
  assert.equal(pick<MdeTelemetryEntry>(entries, 'mde-telemetry'), {
    store: 'mde-telemetry',
    proxyServer: null,
    disableEnterpriseAuthProxy: null,
    preferStaticProxyForHttpRequest: null,
  });
  assert.equal(pick<DefenderAvEntry>(entries, 'defender-av'), {
    store: 'defender-av',
    proxyServer: null,
    proxyPacUrl: null,
    proxyBypass: null,
  });
  assert.is(pick<MdiSensorEntry>(entries, 'mdi-sensor').status, 'not-installed');
});

test('wininet: the three accounts, the 0x3C format, the 0x0F flags and strings kept while disabled', async () => {
  const entries = await read({
    registry: regText([
      { path: KEYS.wininetCurrentUser, values: [binaryValue('DefaultConnectionSettings', FULL_0F)] },
      { path: KEYS.wininetLocalSystem, values: [binaryValue('DefaultConnectionSettings', IE6_AUTODETECT)] },
      { path: KEYS.wininetLocalService, values: [binaryValue('DefaultConnectionSettings', DISABLED_BUT_STORED)] },
    ]),
  });
  const user = pick<WininetEntry>(entries, 'wininet', 'CurrentUser');
  assert.is(user.sid, null);
  assert.is(user.proxyEnabled, true);
  assert.is(user.proxyServer, 'google.com:42');
  assert.equal(user.bypassList, ['Lol', '<local>']);
  assert.is(user.autoConfigUrl, 'http://google.fr/');
  assert.is(user.autoDetect, true);
  assert.is(user.changeCounter, 0x40);
  const system = pick<WininetEntry>(entries, 'wininet', 'LocalSystem');
  assert.is(system.version, 0x3c);
  assert.is(system.changeCounter, 58);
  assert.is(system.autoDetect, true);
  assert.is(system.proxyEnabled, false);
  assert.is(system.proxyServer, null);
  const service = pick<WininetEntry>(entries, 'wininet', 'LocalService');
  assert.is(service.proxyEnabled, false, 'flag 0x2 off');
  assert.is(service.proxyServer, 'google.com:42', 'remembered while disabled');
  assert.is(service.sid, 'S-1-5-19');
  assert.equal(
    [service.autoConfigEnabled, service.notInEffect],
    [false, ['proxyServer', 'autoConfigUrl']],
    'stored, flags off: not in effect',
  );
  assert.equal([user.autoConfigEnabled, user.notInEffect], [true, []]);
});

test('a corrupt blob: the entry still appears with a coded error naming store and offset; get exits 2 with the result', async () => {
  const machine = makeImage({
    registry: regText([
      { path: KEYS.wininetLocalService, values: [binaryValue('DefaultConnectionSettings', hex('46000000010000000300000050000000616263'))] },
    ]),
  });
  const entries = await readStores(openImageHost(machine), ['wininet']);
  const service = pick<WininetEntry>(entries, 'wininet', 'LocalService');
  assert.is(service.present, true);
  assert.match(service.error!, /^WININET_BLOB_INVALID: wininet LocalService DefaultConnectionSettings: .*offset 12/);
  const run = await runCommand('get', { machine });
  assert.is(run.exit, 2);
  assert.is(run.body.error!.code, 'STORE_VALUE_UNREADABLE');
  assert.match(run.body.error!.message, /S-1-5-19/);
  assert.is(run.body.result.stores.length, 7);
  assert.ok(run.body.result.mdi.conflicts.some((c: string) => /LocalService's WinINet settings .* cannot be decoded/.test(c)));
});

test('winhttp: a proxy with its bypass list; a corrupt value reported', async () => {
  let entries = await read({ registry: regText([{ path: KEYS.winhttp, values: [binaryValue('WinHttpSettings', WINHTTP_PROXY)] }]) });
  assert.equal(pick<WinhttpEntry>(entries, 'winhttp'), {
    store: 'winhttp',
    target: `${KEYS.winhttp}\\WinHttpSettings`,
    present: true,
    direct: false,
    proxyServer: 'a:42',
    bypassList: ['*.42'],
    error: null,
  });
  entries = await read({ registry: regText([{ path: KEYS.winhttp, values: [binaryValue('WinHttpSettings', hex('1800'))] }]) });
  assert.match(pick<WinhttpEntry>(entries, 'winhttp').error!, /^WINHTTP_BLOB_INVALID: winhttp WinHttpSettings/);
});

test('mde-telemetry and defender-av: values, flags and the ;-split bypass list', async () => {
  const entries = await read({
    registry: regText([
      { path: KEYS.dataCollection, values: [szValue('TelemetryProxyServer', 'proxy:8080'), dwordValue('DisableEnterpriseAuthProxy', 0)] },
      { path: KEYS.advancedThreatProtection, values: [dwordValue('PreferStaticProxyForHttpRequest', 1)] },
      {
        path: KEYS.defenderPolicy,
        values: [
          szValue('ProxyServer', 'http://proxy:8080'),
          szValue('ProxyPacUrl', 'http://wpad/p.pac'),
          szValue('ProxyBypass', 'a.contoso.com; *.b.com;;'),
        ],
      },
    ]),
  });
  assert.equal(pick(entries, 'mde-telemetry'), {
    store: 'mde-telemetry',
    proxyServer: 'proxy:8080',
    disableEnterpriseAuthProxy: false,
    preferStaticProxyForHttpRequest: true,
  });
  assert.equal(pick(entries, 'defender-av'), {
    store: 'defender-av',
    proxyServer: 'http://proxy:8080',
    proxyPacUrl: 'http://wpad/p.pac',
    proxyBypass: ['a.contoso.com', '*.b.com'],
  });
});

test('mde-telemetry: a flag stored as REG_SZ "1" is present but not in effect (policies read a DWORD)', async () => {
  const entries = await read({
    registry: regText([
      { path: KEYS.dataCollection, values: [szValue('TelemetryProxyServer', 'proxy:8080'), szValue('DisableEnterpriseAuthProxy', '1')] },
    ]),
  });
  assert.is(pick<MdeTelemetryEntry>(entries, 'mde-telemetry').disableEnterpriseAuthProxy, false);
});

const VERSION = '2.250.18972.18405';
const CONFIG = `${SENSOR_FOLDER}\\${VERSION}\\SensorConfiguration.json`;

test('mdi-sensor: configured, no proxy, unreadable — three different answers', async () => {
  const configured = await read({
    services: sensorServices(VERSION),
    files: { [CONFIG]: JSON.stringify({ SensorProxyConfiguration: { $type: 'SensorProxyConfiguration', Url: 'http://p:1' } }) },
  });
  assert.is(pick<MdiSensorEntry>(configured, 'mdi-sensor').status, 'configured');
  const none = await read({ services: sensorServices(VERSION), files: { [CONFIG]: JSON.stringify({ SensorProxyConfiguration: null }) } });
  assert.is(pick<MdiSensorEntry>(none, 'mdi-sensor').status, 'no-proxy');
  const broken = await read({ services: sensorServices(VERSION), files: { [CONFIG]: '{"SensorProxyConfiguration": ' } });
  assert.is(pick<MdiSensorEntry>(broken, 'mdi-sensor').status, 'unreadable');
});

test('mdi-sensor v3 (a running SenseIdentity.exe): the proxy is the MDE values', async () => {
  const entries = await read({
    processes: ['SenseIdentity.exe'],
    registry: regText([{ path: KEYS.dataCollection, values: [szValue('TelemetryProxyServer', 'proxy.contoso.com:8080')] }]),
  });
  const sensor = pick<MdiSensorEntry>(entries, 'mdi-sensor');
  assert.is(sensor.generation, 'v3');
  assert.is(sensor.url, 'http://proxy.contoso.com:8080');
});

test.run();
