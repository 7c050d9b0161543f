import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { privateDecrypt, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, registryMeaning } from '../../support/stores';
import { hashTree } from '../../support/image';
import {
  dc01,
  DC01_CONFIG,
  DC01_CONFIG_WINDOWS,
  DC01_THUMBPRINT,
  sensorConfig,
  sensorConfigText,
  setServices,
  testCertificate,
  withoutServiceWininet,
} from './helpers';

const test = suite('set / clear / plan: MDI');

test('sensor method: URL normalised, password RSA-OAEP-SHA256 over UTF-16LE, only the proxy member changed (BOM, CRLF, deep fields kept)', async () => {
  const machine = dc01();
  const before = readFileSync(join(machine, DC01_CONFIG));
  const run = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'proxy9.contoso.com:3128', userName: 'CONTOSO\\svc-proxy', password: 'Pässwörd-ü' },
  });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.is(run.body.result.changed, true);
  assert.equal(run.body.result.restartedServices, ['AATPSensorUpdater', 'AATPSensor']);
  assert.is(run.body.result.changes[0].target, DC01_CONFIG_WINDOWS);
  assert.is(run.body.result.changes[0].after, 'Url=http://proxy9.contoso.com:3128; UserName=CONTOSO\\svc-proxy; Password=<encrypted>');

  const after = readFileSync(join(machine, DC01_CONFIG));
  assert.equal([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
  const text = sensorConfigText(machine);
  assert.not.match(text.replace(/\r\n/g, ''), /\n/, 'CRLF kept everywhere');
  const json = sensorConfig(machine);
  const proxy = json.SensorProxyConfiguration;
  assert.equal(Object.keys(proxy), ['$type', 'Url', 'UserName', 'EncryptedUserPasswordData']);
  assert.is(proxy.Url, 'http://proxy9.contoso.com:3128');
  assert.is(proxy.EncryptedUserPasswordData.CertificateThumbprint, DC01_THUMBPRINT);
  assert.is(proxy.EncryptedUserPasswordData.SecretVersion, null);
  const clear = privateDecrypt(
    { key: testCertificate().privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(proxy.EncryptedUserPasswordData.EncryptedBytes, 'base64'),
  );
  assert.is(clear.toString('utf16le'), 'Pässwörd-ü');
  assert.equal(json.CustomSettings.Capture.NetworkAdapters[0].Filters.Ports, [88, 389, 445], 'data deeper than depth 2 kept');

  // Byte diff: everything before and after the SensorProxyConfiguration member is identical.
  const oldText = before.toString('utf8');
  const start = oldText.indexOf('"SensorProxyConfiguration"');
  const tailOld = oldText.slice(oldText.indexOf('"WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint"'));
  const newText = after.toString('utf8');
  assert.is(newText.slice(0, start), oldText.slice(0, start));
  assert.ok(newText.endsWith(tailOld));
});

test('no credentials: only $type and Url; a second identical set changes nothing and takes no backup', async () => {
  const machine = dc01();
  const request = { machine, method: 'sensor', proxy: { url: 'http://proxy.contoso.com:8080' } };
  const first = await runCommand('set', request);
  assert.is(first.body.result.changed, true);
  assert.equal(sensorConfig(machine).SensorProxyConfiguration, { $type: 'SensorProxyConfiguration', Url: 'http://proxy.contoso.com:8080' });
  const hashes = hashTree(machine);
  const second = await runCommand('set', request);
  assert.equal(second.body.result, {
    changed: false,
    changes: [],
    backup: null,
    backupPath: null,
    restartedServices: [],
    method: 'sensor',
  });
  assert.equal(hashTree(machine), hashes, 'nothing written, not even a backup');
});

test('the same user without a password keeps the stored ciphertext; another user without one is refused', async () => {
  const machine = dc01();
  const stored = sensorConfig(machine).SensorProxyConfiguration.EncryptedUserPasswordData;
  const same = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\proxyuser' },
  });
  assert.is(same.body.result.changed, false);
  const other = await runCommand('set', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\other' },
  });
  assert.is(other.exit, 2);
  assert.is(other.body.error!.code, 'PROXY_PASSWORD_REQUIRED');
  assert.is(other.body.error!.field, 'proxy.password');
  assert.equal(sensorConfig(machine).SensorProxyConfiguration.EncryptedUserPasswordData, stored);
});

test('clear: SensorProxyConfiguration null; clearing again changes nothing', async () => {
  const machine = dc01();
  const run = await runCommand('clear', { machine, method: 'sensor' });
  assert.is(run.exit, 0);
  assert.is(run.body.result.changes[0].after, null);
  assert.is(sensorConfig(machine).SensorProxyConfiguration, null);
  assert.is((await runCommand('clear', { machine, method: 'sensor' })).body.result.changed, false);
});

test('plan shows exactly what set then does, changes nothing, and never the password', async () => {
  const machine = dc01();
  const request = {
    machine,
    product: 'mdi',
    method: 'wininet',
    proxy: { server: 'proxy.contoso.com:8080', bypass: ['*.contoso.com', '<local>'] },
  };
  const hashes = hashTree(machine);
  const plan = await runCommand('plan', request);
  assert.equal(hashTree(machine), hashes);
  const set = await runCommand('set', request);
  assert.equal(set.body.result.changes, plan.body.result.changes);
  assert.is(plan.body.result.changes.length, 2, 'LocalSystem already matched; LocalService: Default + SavedLegacy');
  assert.ok(plan.body.result.changes.every((c: any) => c.target.includes('S-1-5-19')));
  const secret = await runCommand('plan', {
    machine,
    method: 'sensor',
    proxy: { url: 'http://p:1', userName: 'D\\u', password: 'Sekr3t-plan' },
  });
  assert.not.match(JSON.stringify(secret.body), /Sekr3t-plan/);
  assert.match(JSON.stringify(secret.body), /<encrypted>/);
});

test('method auto: refuses dc01 (sensor AND WinINet proxies), follows the one in use, defaults to sensor (v2) and MDE values (v3)', async () => {
  const ambiguous = await runCommand('set', { machine: dc01(), product: 'mdi', proxy: { url: 'http://p:1' } });
  assert.is(ambiguous.exit, 2);
  assert.is(ambiguous.body.error!.code, 'METHOD_AMBIGUOUS');
  assert.is(ambiguous.body.error!.field, 'method');
  assert.match(ambiguous.body.error!.message, /sensor configuration .* WinINet/);

  const sensorOnly = withoutServiceWininet(dc01());
  const viaSensor = await runCommand('set', { machine: sensorOnly, product: 'mdi', proxy: { url: 'http://p:1' } });
  assert.is(viaSensor.body.result.method, 'sensor');

  const nothing = withoutServiceWininet(dc01());
  await runCommand('clear', { machine: nothing, method: 'sensor' });
  assert.is((await runCommand('set', { machine: nothing, product: 'mdi', proxy: { url: 'http://p:1' } })).body.result.method, 'sensor');

  // A v3 (unified) sensor is activated only once the classic sensor and its services are uninstalled.
  const v3 = withoutServiceWininet(dc01());
  require('node:fs').writeFileSync(join(v3, 'processes.json'), '["SenseIdentity.exe"]');
  require('node:fs').writeFileSync(join(v3, 'services.json'), JSON.stringify({ Sense: { state: 'running', account: 'LocalSystem' } }));
  const viaMde = await runCommand('set', { machine: v3, product: 'mdi', proxy: { url: 'proxy7:8080' } });
  assert.is(viaMde.exit, 0, JSON.stringify(viaMde.body));
  assert.is(viaMde.body.result.method, 'mde-values');
  assert.equal(viaMde.body.result.restartedServices, []);
  const stores = (await runCommand('get', { machine: v3, stores: ['mde-telemetry', 'defender-av'] })).body.result.stores;
  assert.is(stores[0].proxyServer, 'proxy7:8080');
  assert.is(stores[1].proxyServer, 'http://proxy7:8080');
  const creds = await runCommand('set', { machine: v3, product: 'mdi', proxy: { url: 'http://p:1', userName: 'D\\u', password: 'x' } });
  assert.is(creds.body.error!.code, 'PROXY_CREDENTIALS_NOT_STORED');
});

test('wininet copyFromCurrentUser: the documented copy, only where the meaning differs', async () => {
  const machine = dc01();
  const run = await runCommand('set', { machine, store: 'wininet', copyFromCurrentUser: true });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.equal(
    run.body.result.changes.map((c: any) => c.target.split('\\').slice(1, 2)[0] + '\\' + c.target.split('\\').pop()),
    ['S-1-5-19\\DefaultConnectionSettings', 'S-1-5-19\\SavedLegacySettings'],
  );
  const get = (await runCommand('get', { machine, product: 'mdi' })).body.result;
  const service = get.stores.find((e: any) => e.account === 'LocalService');
  const user = get.stores.find((e: any) => e.account === 'CurrentUser');
  assert.equal({ ...service, account: 0, sid: 0, target: 0 }, { ...user, account: 0, sid: 0, target: 0 }, 'bytes pasted as they are');
  assert.equal(get.mdi.methodsFound, ['sensor', 'wininet']);
  const asProduct = await runCommand('plan', { machine: dc01(), product: 'mdi', copyFromCurrentUser: true });
  assert.equal(asProduct.body.result.changes, run.body.result.changes, 'product mdi copies the same way');
  const wrong = await runCommand('plan', { machine, product: 'mdi', method: 'sensor', copyFromCurrentUser: true });
  assert.is(wrong.body.error!.code, 'COPY_ONLY_WININET');
});

test('wininet set: a new blob counts the change counter on by one; clear writes direct access', async () => {
  const machine = dc01();
  await runCommand('set', { machine, store: 'wininet', proxy: { server: 'http=a:80;https=b:443', bypass: ['<local>', '*.x.com'] } });
  let entries = (await runCommand('get', { machine, stores: ['wininet'] })).body.result.stores;
  const system = entries.find((e: any) => e.account === 'LocalSystem');
  assert.is(system.changeCounter, 6);
  assert.is(system.proxyServer, 'http=a:80;https=b:443');
  assert.equal(system.bypassList, ['*.x.com', '<local>']);
  await runCommand('clear', { machine, store: 'wininet' });
  entries = (await runCommand('get', { machine, stores: ['wininet'] })).body.result.stores;
  assert.is(entries.find((e: any) => e.account === 'LocalService').proxyEnabled, false);
  assert.is(entries.find((e: any) => e.account === 'CurrentUser').proxyEnabled, true, 'CurrentUser is never written');
});

test('a sensor that does not come back: previous file restored, exit 3 saying so', async () => {
  const machine = withoutServiceWininet(dc01());
  setServices(machine, (s) => (s.AATPSensor.failsToStart = true));
  const before = readFileSync(join(machine, DC01_CONFIG));
  const run = await runCommand('set', { machine, product: 'mdi', proxy: { url: 'http://p:1' }, serviceTimeoutMs: 10 });
  assert.is(run.exit, 3);
  assert.is(run.body.error!.code, 'SENSOR_DID_NOT_START');
  assert.match(run.body.error!.message, /previous configuration was put back/);
  assert.ok(readFileSync(join(machine, DC01_CONFIG)).equals(before));
  assert.ok(run.body.result.backup);
});

test('bad input: coded error, the field, exit 2, nothing written', async () => {
  const machine = dc01();
  const hashes = hashTree(machine);
  const meaning = await registryMeaning(machine);
  const cases: [object, string, string][] = [
    [{ method: 'sensor', proxy: { url: 'ftp://x' } }, 'PROXY_ADDRESS_INVALID', 'proxy.url'],
    [{ method: 'sensor', proxy: { url: 'http://proxy:70000' } }, 'PROXY_ADDRESS_INVALID', 'proxy.url'],
    [{ method: 'sensor', proxy: { url: 'http://:8080' } }, 'PROXY_ADDRESS_INVALID', 'proxy.url'],
    [{ method: 'sensor', proxy: { url: 'http://p:1', userName: 'proxyuser', password: 'x' } }, 'PROXY_USERNAME_INVALID', 'proxy.userName'],
    [{ method: 'sensor', proxy: { url: 'http://p:1', password: 'x' } }, 'PROXY_PASSWORD_WITHOUT_USER', 'proxy.password'],
    [{ product: 'mdi', method: 'sensor' }, 'CHANGE_PROXY_MISSING', 'proxy'],
    [{ proxy: { url: 'http://p:1' } }, 'CHANGE_TARGET_MISSING', 'product'],
    [{ product: 'mdi', store: 'winhttp', proxy: { url: 'http://p:1' } }, 'STORE_NOT_IN_PRODUCT', 'store'],
    [{ product: 'mde', method: 'sensor', proxy: { url: 'http://p:1' } }, 'METHOD_NOT_FOR_PRODUCT', 'method'],
    [{ store: 'wininet', method: 'sensor', proxy: { url: 'http://p:1' } }, 'METHOD_NOT_FOR_STORE', 'method'],
    [{ product: 'mde', clear: true, proxy: { url: 'http://p:1' } }, 'CHANGE_CLEAR_WITH_PROXY', 'clear'],
    [{ store: 'winhttp', copyFromCurrentUser: true }, 'COPY_ONLY_WININET', 'copyFromCurrentUser'],
    [{ product: 'mde', proxy: { url: 'http://p:1', userName: 'D\\u', password: 'x' } }, 'PROXY_CREDENTIALS_NOT_STORED', 'proxy.userName'],
    [{ store: 'mde-telemetry', proxy: { pacUrl: 'http://wpad/p.pac' } }, 'STORE_NEEDS_PROXY_ADDRESS', 'proxy.url'],
    [{ method: 'sensor', proxy: { url: 'http://p:1', bypass: ['<local>'] } }, 'SENSOR_TAKES_NO_BYPASS', 'proxy.bypass'],
    [{ store: 'winhttp', proxy: { server: 'a:1', bypass: ['bad host!'] } }, 'PROXY_ADDRESS_INVALID', 'proxy.bypass'],
  ];
  for (const [request, code, field] of cases) {
    const run = await runCommand('set', { machine, ...request });
    assert.is(run.exit, 2, `${JSON.stringify(request)} → ${JSON.stringify(run.body)}`);
    assert.is(run.body.error!.code, code, JSON.stringify(request));
    assert.is(run.body.error!.field, field, JSON.stringify(request));
  }
  assert.equal(hashTree(machine), hashes);
  assert.is(await registryMeaning(machine), meaning);
});

test.run();
