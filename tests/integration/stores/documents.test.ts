import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WininetEntry } from '../../../core/protocol';
import type { Host } from '../../../core/host/host';
import { openImageHost } from '../../../core/host/image';
import { binaryValue, dwordValue } from '../../../core/formats/registry-model';
import { buildWininetBlob } from '../../../core/formats/wininet';
import { KEYS } from '../../../core/stores/keys';
import { INTERNET_SETTINGS_POLICY_KEY, MACHINE_CONNECTIONS_KEY } from '../../../core/stores/wininet-scope';
import { hashTree } from '../../support/image';
import { unreadableKeyError } from '../../../core/host/unreadable-key';
import { runCommand } from '../../support/stores';
import { runNet } from '../../support/net-command';
import { dc01 } from './helpers';

// Issue 12: what is really in effect, and changing safely, as Microsoft's documents (shared/reference/seeds) say.
const test = suite('documents: what is in effect, changing safely');

/** FORMATS.md §1 (vbfox): proxy google.com:42, bypass Lol;<local>, PAC http://google.fr/ — every flag off but direct. */
const STORED_FLAGS_OFF = Buffer.from(
  '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
    '0'.repeat(64),
  'hex',
);

const wininetOf = (entries: any[], account: string): WininetEntry => entries.find((e) => e.store === 'wininet' && e.account === account);

/** dc01 without any WinINet proxy in effect for the service accounts: their blobs keep strings with the flags off. */
async function leftoversMachine(): Promise<string> {
  const machine = dc01();
  const host = openImageHost(machine);
  for (const key of [KEYS.wininetLocalSystem, KEYS.wininetLocalService])
    await host.setValue(key, binaryValue('DefaultConnectionSettings', STORED_FLAGS_OFF));
  return machine;
}

test('8. a WinINet string whose flag is off is stored, not in effect: get, the MDI summary and the wininet route all say so', async () => {
  const machine = await leftoversMachine();
  const get = (await runCommand('get', { machine, product: 'mdi', stores: ['wininet'] })).body.result;
  const service = wininetOf(get.stores, 'LocalService');
  assert.equal([service.proxyEnabled, service.autoConfigEnabled, service.notInEffect], [false, false, ['proxyServer', 'autoConfigUrl']]);
  assert.not.ok(get.mdi.methodsFound.includes('wininet'), JSON.stringify(get.mdi));
  const leftovers = get.mdi.issues.filter((i: any) => i.code === 'WININET_STORED_NOT_IN_EFFECT');
  assert.equal(
    leftovers.map((i: any) => i.message.split("'")[0]),
    ['LocalSystem', 'LocalService'],
  );
  assert.match(leftovers[1].message, /keep proxy google\.com:42, PAC http:\/\/google\.fr\/ with its flag off: stored, not in effect/);
  const test = await runNet('test', {
    product: 'mdi',
    machine,
    url: 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping',
    routes: ['wininet'],
    resolve: { 'contoso-corpsensorapi.atp.azure.com': '127.0.0.1' },
    timeoutMs: 300,
  });
  const probe = test.result!.probes[0]!;
  assert.equal(probe.proxy, null, 'direct: neither the stored proxy nor the stored PAC is in effect');
  assert.match(probe.detail!, /proxyServer and autoConfigUrl stored with its flag off: not in effect/);
});

/** dc01 with the per-machine proxy policy on and the machine's WinINet proxy machineproxy.contoso.com:8080. */
async function perMachine(): Promise<string> {
  const machine = dc01();
  const host = openImageHost(machine);
  await host.setValue(INTERNET_SETTINGS_POLICY_KEY, dwordValue('ProxySettingsPerUser', 0));
  await host.setValue(
    MACHINE_CONNECTIONS_KEY,
    binaryValue('DefaultConnectionSettings', buildWininetBlob({ proxyServer: 'machineproxy.contoso.com:8080', bypass: ['<local>'] }, null)),
  );
  return machine;
}

test("9. the per-machine proxy policy: get reports the mode and the machine's settings in effect; the method follows them; a WinINet set refuses and says why", async () => {
  const machine = await perMachine();
  const get = (await runCommand('get', { machine, product: 'mdi' })).body.result;
  const machineEntry = wininetOf(get.stores, 'Machine');
  assert.equal(
    [machineEntry.perMachinePolicy, machineEntry.overriddenByMachine, machineEntry.proxyServer],
    [true, false, 'machineproxy.contoso.com:8080'],
  );
  assert.equal(
    [wininetOf(get.stores, 'LocalService').overriddenByMachine, wininetOf(get.stores, 'LocalService').proxyServer],
    [true, 'oldproxy.contoso.com:3128'],
  );
  assert.ok(get.mdi.issues.some((i: any) => i.code === 'WININET_PER_MACHINE'));
  assert.not.ok(
    get.mdi.issues.some((i: any) => i.code === 'WININET_ACCOUNTS_DIFFER'),
    "the accounts' own settings are not in effect",
  );
  const wininetOnly = (await runCommand('get', { machine, stores: ['wininet'] })).body.result.mdi;
  assert.equal([wininetOnly.method, wininetOnly.effectiveProxy], ['wininet', 'http://machineproxy.contoso.com:8080']);
  const hashes = hashTree(machine);
  const set = await runCommand('set', { machine, method: 'wininet', proxy: { server: 'new.contoso.com:8080' } });
  assert.equal([set.exit, set.body.error!.code, set.body.error!.field], [2, 'WININET_PER_MACHINE_POLICY', 'method']);
  assert.match(set.body.error!.message, /ProxySettingsPerUser = 0.*Nothing was changed/);
  assert.equal(hashTree(machine), hashes, 'nothing written');
  const route = await runNet('test', {
    product: 'mdi',
    machine,
    url: 'https://contoso-corpsensorapi.atp.azure.com/',
    routes: ['wininet'],
    resolve: { 'machineproxy.contoso.com': '127.0.0.1' },
    timeoutMs: 300,
  });
  assert.is(route.result!.probes[0]!.proxy, 'http://machineproxy.contoso.com:8080');
});

test("10 and 16. the MDE values' checks and Defender AV's notes appear whenever those stores are read, without MDI", async () => {
  const machine = dc01();
  for (const request of [{ product: 'mde' }, { stores: ['defender-av'] }, {}]) {
    const result = (await runCommand('get', { machine, ...request })).body.result;
    assert.ok(
      result.mde.issues.some((i: any) => i.code === 'DEFENDER_AV_SCHEME_MISSING'),
      JSON.stringify(request),
    );
    assert.ok(result.mde.notes.some((n: string) => /not use this static proxy for Windows Update or Microsoft Update/.test(n)));
    assert.ok(result.mde.notes.some((n: string) => /caches the last known working proxy/.test(n)));
  }
  const telemetryOnly = (await runCommand('get', { machine, stores: ['mde-telemetry'] })).body.result;
  assert.equal(telemetryOnly.mde.issues, []);
  assert.is(telemetryOnly.mdi, undefined);
  assert.is((await runCommand('get', { machine, product: 'mdi' })).body.result.mde, undefined);
});

test('14. a WinINet set keeps the bypass lists and the PAC file it is not told to change, and warns that every service account now uses the proxy', async () => {
  const machine = dc01();
  await openImageHost(machine).setValue(
    KEYS.wininetLocalService,
    binaryValue(
      'DefaultConnectionSettings',
      buildWininetBlob(
        { proxyServer: 'oldproxy.contoso.com:3128', bypass: ['<local>'], autoConfigUrl: 'http://wpad.contoso.com/wpad.dat' },
        null,
      ),
    ),
  );
  const set = await runCommand('set', { machine, method: 'wininet', proxy: { server: 'new.contoso.com:8080' } });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  assert.ok(
    set.body.result.warnings.some((w: string) =>
      /every service running as Local System or Local Service now directs its traffic through this proxy/.test(w),
    ),
  );
  const stores = (await runCommand('get', { machine, stores: ['wininet'] })).body.result.stores;
  assert.equal(wininetOf(stores, 'LocalSystem').bypassList, ['*.contoso.com', '<local>'], "LocalSystem's own bypass list kept");
  const service = wininetOf(stores, 'LocalService');
  assert.equal(
    [service.proxyServer, service.bypassList, service.autoConfigUrl, service.autoConfigEnabled],
    ['new.contoso.com:8080', ['<local>'], 'http://wpad.contoso.com/wpad.dat', true],
  );
  const named = await runCommand('set', {
    machine,
    method: 'wininet',
    proxy: { server: 'new.contoso.com:8080', bypass: ['*.corp'], pacUrl: '' as never },
  });
  assert.is(named.exit, 2, 'an empty PAC URL is no URL');
  await runCommand('set', { machine, method: 'wininet', proxy: { server: 'new.contoso.com:8080', bypass: ['*.corp'] } });
  assert.equal(
    wininetOf((await runCommand('get', { machine, stores: ['wininet'] })).body.result.stores, 'LocalSystem').bypassList,
    ['*.corp'],
    'a named bypass list replaces',
  );
});

test('15. WinHTTP is written only when named: a desired MDE proxy and the DSC resource leave it alone unless components or includeWinHttp name it', async () => {
  const { mdeProxyResource } = await import('../../../core/dsc/mde-proxy');
  assert.equal(mdeProxyResource.desired({ proxyServer: 'p:1' }).mde!.components, ['mde-telemetry', 'defender-av']);
  assert.equal(mdeProxyResource.desired({ proxyServer: 'p:1', includeWinHttp: true }).mde!.components, [
    'winhttp',
    'mde-telemetry',
    'defender-av',
  ]);
  assert.equal(mdeProxyResource.desired({ proxyServer: 'p:1', components: ['winhttp'] }).mde!.components, ['winhttp']);
  const machine = dc01();
  const differences = (await runCommand('compare', { machine, desired: { mde: { proxyServer: 'new.contoso.com:8080' } } })).body.result
    .differences;
  assert.not.ok(
    differences.some((d: any) => d.store === 'winhttp'),
    JSON.stringify(differences),
  );
});

test('18. a sensor proxy given as an IP address: get and plan carry the advice to use a DNS A record (000)', async () => {
  const machine = dc01();
  const plan = (await runCommand('plan', { machine, method: 'sensor', proxy: { url: 'http://10.0.0.6:8080' } })).body.result;
  assert.ok(
    plan.warnings.some((w: string) => /IP address 10\.0\.0\.6.*DNS A record.*\(000\)/.test(w)),
    JSON.stringify(plan.warnings),
  );
  await runCommand('set', { machine, method: 'sensor', proxy: { url: 'http://10.0.0.6:8080' } });
  const get = (await runCommand('get', { machine, product: 'mdi' })).body.result;
  assert.ok(
    get.mdi.notes.some((n: string) => /IP address 10\.0\.0\.6.*DNS A record/.test(n)),
    JSON.stringify(get.mdi),
  );
  assert.is((await runCommand('get', { machine: dc01(), product: 'mdi' })).body.result.mdi.notes, undefined);
});

/** The image as the live machine would be read by a process without administrator rights. */
function notElevated(machine: string): Host {
  const host = openImageHost(machine);
  return new Proxy(host, {
    get: (target, property) =>
      property === 'kind' ? 'windows' : property === 'isElevated' ? async () => false : Reflect.get(target, property),
  });
}

test('17. without administrator rights a change is refused before anything is touched, and a read says what it could not read', async () => {
  const machine = dc01();
  const hashes = hashTree(machine);
  for (const [command, request] of [
    ['set', { machine, product: 'mde', proxy: { server: 'p:1' } }],
    ['clear', { machine, product: 'mde' }],
  ] as const) {
    const run = await runCommand(command, request, notElevated(machine));
    assert.equal([run.exit, run.body.error!.code], [2, 'NOT_ELEVATED'], command);
    assert.match(run.body.error!.message, /administrator rights.*Nothing was touched/);
  }
  assert.equal(hashTree(machine), hashes);
  assert.not.ok(existsSync(join(machine, '.defenderproxy')), 'not even the lock or a backup');
  // A read refused by Windows (the native host's exact ERROR_ACCESS_DENIED) is reported, never taken as absent.
  const host = openImageHost(machine);
  const refusing = new Proxy(host, {
    get: (target, property) => {
      if (property === 'kind') return 'windows';
      if (property === 'isElevated') return async () => false;
      if (property === 'readKeys' || property === 'readKey') {
        return async (paths: string | string[]) => {
          const list = Array.isArray(paths) ? paths : [paths];
          const denied = list.find((p) => /S-1-5-19/.test(p));
          if (denied) throw unreadableKeyError({ key: denied, win32Error: 5, error: 'ERROR_ACCESS_DENIED (5)' });
          return Array.isArray(paths) ? target.readKeys(list) : target.readKey(paths);
        };
      }
      return Reflect.get(target, property);
    },
  });
  const get = await runCommand('get', { machine, product: 'mdi' }, refusing);
  assert.equal([get.exit, get.body.error!.code], [2, 'REGISTRY_KEY_UNREADABLE']);
  assert.equal(
    wininetOf(get.body.result.stores, 'LocalService').unreadableKeys!.map((u) => u.win32Error),
    [5],
  );
});

test.run();
