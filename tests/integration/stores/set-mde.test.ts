import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../support/stores';
import { hashTree } from '../../support/image';
import { decodeWinhttp } from '../../../core/formats/winhttp';
import { openImageHost } from '../../../core/host/image';
import { binaryValue, findValue, szValue } from '../../../core/formats/registry-model';
import { KEYS } from '../../../core/stores/keys';
import { dc01 } from './helpers';

const test = suite('set / clear: MDE stores');

async function stores(machine: string) {
  const entries = (await runCommand('get', { machine, product: 'mde' })).body.result.stores;
  return Object.fromEntries(entries.map((e: any) => [e.store, e]));
}

test('every MDE store named: WinHTTP like netsh, TelemetryProxyServer host:port + DisableEnterpriseAuthProxy, Defender AV with its scheme, PAC and bypass', async () => {
  const machine = dc01();
  const run = await runCommand('set', {
    machine,
    product: 'mde',
    stores: ['winhttp', 'mde-telemetry', 'defender-av'],
    proxy: { server: 'proxy2.contoso.com:3128', bypass: ['<local>', '*.contoso.com'], pacUrl: 'http://wpad.contoso.com/proxy.pac' },
  });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  const s = await stores(machine);
  assert.equal(s.winhttp, {
    ...s.winhttp,
    direct: false,
    proxyServer: 'proxy2.contoso.com:3128',
    bypassList: ['*.contoso.com', '<local>'],
  });
  assert.equal(s['mde-telemetry'], {
    store: 'mde-telemetry',
    proxyServer: 'proxy2.contoso.com:3128',
    disableEnterpriseAuthProxy: true,
    preferStaticProxyForHttpRequest: null,
    unreadableKeys: [],
  });
  assert.equal(s['defender-av'], {
    store: 'defender-av',
    proxyServer: 'http://proxy2.contoso.com:3128',
    proxyPacUrl: 'http://wpad.contoso.com/proxy.pac',
    proxyBypass: ['*.contoso.com', '<local>'],
    unreadableKeys: [],
  });
  const blob = findValue(await openImageHost(machine).readKey(KEYS.winhttp), 'WinHttpSettings')!.data;
  assert.is(decodeWinhttp(blob).version, 0x18, "the machine's WinHTTP version kept");
  assert.is(decodeWinhttp(blob).flags, 3);
  const hashes = hashTree(machine);
  const again = await runCommand('set', {
    machine,
    product: 'mde',
    stores: ['winhttp', 'mde-telemetry', 'defender-av'],
    proxy: { server: 'proxy2.contoso.com:3128', bypass: ['*.contoso.com', '<local>'], pacUrl: 'http://wpad.contoso.com/proxy.pac' },
  });
  assert.is(again.body.result.changed, false);
  assert.equal(hashTree(machine), hashes);
});

test('defender-av alone: a bare host:port gets http://; what the request leaves out is removed', async () => {
  const machine = dc01();
  await runCommand('set', { machine, store: 'defender-av', proxy: { url: 'http://a:1', bypass: ['x.com'] } });
  const run = await runCommand('set', { machine, store: 'defender-av', proxy: { server: '10.0.0.6:8080' } });
  assert.equal(
    run.body.result.changes.map((c: any) => [c.target.split('\\').pop(), c.after]),
    [
      ['ProxyServer', 'http://10.0.0.6:8080'],
      ['ProxyBypass', null],
    ],
  );
});

test('clear: netsh winhttp reset proxy, both telemetry values removed, the three AV values removed', async () => {
  const machine = dc01();
  await runCommand('set', {
    machine,
    product: 'mde',
    stores: ['winhttp', 'mde-telemetry', 'defender-av'],
    proxy: { url: 'http://p:1', bypass: ['<local>'] },
  });
  const run = await runCommand('clear', { machine, product: 'mde', stores: ['winhttp', 'mde-telemetry', 'defender-av'] });
  assert.is(run.exit, 0);
  const s = await stores(machine);
  assert.is(s.winhttp.direct, true);
  assert.is(s.winhttp.proxyServer, null);
  assert.equal(s['mde-telemetry'], {
    store: 'mde-telemetry',
    proxyServer: null,
    disableEnterpriseAuthProxy: null,
    preferStaticProxyForHttpRequest: null,
    unreadableKeys: [],
  });
  assert.equal(s['defender-av'], { store: 'defender-av', proxyServer: null, proxyPacUrl: null, proxyBypass: null, unreadableKeys: [] });
  assert.is(
    (await runCommand('clear', { machine, product: 'mde', stores: ['winhttp', 'mde-telemetry', 'defender-av'] })).body.result.changed,
    false,
  );
});

test('product mde alone writes TelemetryProxyServer and Defender AV, not the machine-wide WinHTTP proxy (002); naming WinHTTP writes it with the caution', async () => {
  const machine = dc01();
  const winhttpBefore = (await stores(machine)).winhttp;
  const run = await runCommand('set', { machine, product: 'mde', proxy: { server: 'proxy9.contoso.com:8080' } });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.equal([...new Set(run.body.result.changes.map((c: any) => c.store))], ['mde-telemetry', 'defender-av']);
  assert.equal((await stores(machine)).winhttp, winhttpBefore);
  assert.not.ok((run.body.result.warnings ?? []).some((w: string) => /WinHTTP's proxy is machine-wide/.test(w)));
  const named = await runCommand('plan', { machine, store: 'winhttp', proxy: { server: 'proxy.contoso.com:8080' } });
  assert.ok(
    named.body.result.warnings.some((w: string) => /machine-wide.*laptops that change topology.*TelemetryProxyServer \(002\)/.test(w)),
    JSON.stringify(named.body.result.warnings),
  );
});

test("Defender AV changes carry the documents' notes: no static proxy for updates, the last working proxy cached, https:// on some platforms only", async () => {
  const machine = dc01();
  const plain = (await runCommand('plan', { machine, store: 'defender-av', proxy: { url: 'http://proxy.contoso.com:8080' } })).body.result
    .warnings;
  assert.ok(plain.some((w: string) => /not use this static proxy for Windows Update or Microsoft Update/.test(w)));
  assert.ok(plain.some((w: string) => /caches the last known working proxy/.test(w)));
  assert.not.ok(plain.some((w: string) => /some platform versions/.test(w)));
  const https = (await runCommand('plan', { machine, store: 'defender-av', proxy: { url: 'https://proxy.contoso.com:8443' } })).body.result
    .warnings;
  assert.ok(https.some((w: string) => /https:\/\/, which works only on some platform versions/.test(w)));
});

test('a per-scheme server list goes to WinHTTP as it is', async () => {
  const machine = dc01();
  const run = await runCommand('set', { machine, stores: ['winhttp'], proxy: { server: 'http=a:80;https=b:443', bypass: ['<local>'] } });
  assert.is(run.exit, 0);
  assert.is((await stores(machine)).winhttp.proxyServer, 'http=a:80;https=b:443');
});

/** WinHttpSettings as netsh writes it, with the bypass list in the order given (FORMATS.md §2). */
function winhttpBlob(server: string, bypass: string): Buffer {
  const counted = (text: string) => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    return Buffer.concat([length, Buffer.from(text, 'latin1')]);
  };
  return Buffer.concat([Buffer.from('180000000000000003000000', 'hex'), counted(server), counted(bypass)]);
}

test('bypass lists stored in another order are the same list: a set asking for it writes nothing', async () => {
  const machine = dc01();
  const host = openImageHost(machine);
  await host.setValue(KEYS.winhttp, binaryValue('WinHttpSettings', winhttpBlob('proxy2.contoso.com:3128', '<local>;*.contoso.com')));
  await host.setValue(KEYS.defenderPolicy, szValue('ProxyServer', 'http://proxy2.contoso.com:3128'));
  await host.setValue(KEYS.defenderPolicy, szValue('ProxyBypass', '<local>;*.CONTOSO.com'));
  const hashes = hashTree(machine);
  const run = await runCommand('set', {
    machine,
    stores: ['winhttp', 'defender-av'],
    proxy: { server: 'proxy2.contoso.com:3128', bypass: ['*.contoso.com', '<local>'] },
  });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.is(run.body.result.changed, false, JSON.stringify(run.body.result.changes));
  assert.equal(hashTree(machine), hashes);
  const other = await runCommand('plan', {
    machine,
    stores: ['winhttp'],
    proxy: { server: 'proxy2.contoso.com:3128', bypass: ['<local>'] },
  });
  assert.is(other.body.result.changed, true, 'a different list is still a change');
});

test.run();
