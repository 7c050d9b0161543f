import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePacResult } from '../../../core/net/routes/pac-result';
import { compilePac, PacLimitError } from '../../../core/net/routes/pac';
import { ipv4InNet } from '../../../core/net/routes/pac-net';
import { capWasmMemory } from '../../../core/net/routes/wasm-memory-cap';
import { quickjsWasm } from '../../../core/net/routes/quickjs-wasm';

test('FindProxyForURL results parse in order, DIRECT and HTTP synonyms included', () => {
  assert.equal(parsePacResult('PROXY a:8080; PROXY b:3128; DIRECT'), [
    { kind: 'proxy', address: 'a:8080' },
    { kind: 'proxy', address: 'b:3128' },
    { kind: 'direct' },
  ]);
  assert.equal(parsePacResult('HTTP proxy.contoso.com:80'), [{ kind: 'proxy', address: 'proxy.contoso.com:80' }]);
  assert.equal(parsePacResult('  direct  '), [{ kind: 'direct' }]);
});

test('an empty result is DIRECT; SOCKS and HTTPS proxies are kept as unsupported', () => {
  assert.equal(parsePacResult(''), [{ kind: 'direct' }]);
  assert.equal(parsePacResult(null), [{ kind: 'direct' }]);
  assert.equal(parsePacResult('SOCKS5 s:1080; HTTPS t:443; PROXY'), [
    { kind: 'unsupported', text: 'SOCKS5 s:1080' },
    { kind: 'unsupported', text: 'HTTPS t:443' },
    { kind: 'unsupported', text: 'PROXY' },
  ]);
});

test("a PAC script runs in QuickJS with the request's resolve map behind dnsResolve and isInNet", async () => {
  const script = `function FindProxyForURL(url, host) {
    if (isPlainHostName(host)) return "DIRECT";
    if (shExpMatch(host, "*.atp.azure.com") && isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "PROXY 127.0.0.1:3128; DIRECT";
    if (dnsDomainIs(host, ".endpoint.security.microsoft.com")) return "PROXY 127.0.0.1:8080";
    return "DIRECT";
  }`;
  const pac = await compilePac(script, { 'contoso-corpsensorapi.atp.azure.com': '10.1.2.3' });
  try {
    assert.is(await pac.findProxy('https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'), 'PROXY 127.0.0.1:3128; DIRECT');
    assert.is(await pac.findProxy('https://edr-cus.us.endpoint.security.microsoft.com/edr/commands/test'), 'PROXY 127.0.0.1:8080');
    assert.is(await pac.findProxy('http://intranet/'), 'DIRECT');
  } finally {
    pac.dispose();
  }
});

test('a PAC script that throws rejects, and one without FindProxyForURL does not compile', async () => {
  const throwing = await compilePac('function FindProxyForURL(u, h) { throw new Error("boom"); }', {});
  try {
    await throwing.findProxy('https://x.example/').then(
      () => assert.unreachable('should reject'),
      (e) => assert.match(String(e), /boom/),
    );
  } finally {
    throwing.dispose();
  }
  await compilePac('var x = 1;', {}).then(
    () => assert.unreachable('should reject'),
    (e) => assert.match(String(e), /FindProxyForURL/),
  );
});

test("isInNet resolves a name through the request's resolve map and counts it as a look-up", async () => {
  const pac = await compilePac(
    'function FindProxyForURL(u, h) { return isInNet(h, "10.0.0.0", "255.0.0.0") ? "PROXY inner:1" : "DIRECT"; }',
    {
      'intranet.contoso.test': '10.9.8.7',
    },
  );
  try {
    assert.is(await pac.findProxy('https://intranet.contoso.test/'), 'PROXY inner:1');
    assert.is(await pac.findProxy('https://198.51.100.7/'), 'DIRECT');
  } finally {
    pac.dispose();
  }
});

test('isInNet arithmetic: dotted quads only, the mask applied to both sides', () => {
  assert.ok(ipv4InNet('10.1.2.3', '10.0.0.0', '255.0.0.0'));
  assert.ok(ipv4InNet('192.168.7.1', '192.168.0.0', '255.255.0.0'));
  assert.not.ok(ipv4InNet('11.1.2.3', '10.0.0.0', '255.0.0.0'));
  assert.ok(ipv4InNet('1.2.3.4', '0.0.0.0', '0.0.0.0'));
  for (const bad of [
    ['10.1.2', '10.0.0.0', '255.0.0.0'],
    ['10.1.2.300', '10.0.0.0', '255.0.0.0'],
    ['fe80::1', '10.0.0.0', '255.0.0.0'],
    [null, '10.0.0.0', '255.0.0.0'],
  ]) {
    assert.not.ok(ipv4InNet(bad[0], bad[1], bad[2]), JSON.stringify(bad));
  }
});

test("the engine's memory gets a maximum: the capped module declares it, and still compiles", async () => {
  const capped = Buffer.from(capWasmMemory(quickjsWasm(), 8 * 1024 * 1024));
  await (globalThis as any).WebAssembly.compile(capped);
  // Memory section: id 5, size 5, one memory, flags 1 (has a maximum), 18 pages initial, 128 pages maximum.
  assert.ok(capped.indexOf(Buffer.from([5, 5, 1, 1, 0x12, 0x80, 0x01])) > 0, 'memory section with a maximum of 128 pages');
  assert.throws(() => capWasmMemory(Buffer.from('0061736d01000000', 'hex'), 1 << 20), /no memory/);
});

test('a script over its DNS budget stops with PAC_DNS_LIMIT, and later URLs get the same answer at once', async () => {
  const names: Record<string, string> = {};
  for (let i = 0; i < 200; i++) names[`n${i}.contoso.test`] = '10.0.0.1';
  const pac = await compilePac(
    'function FindProxyForURL(u, h) { for (var i = 0; i < 200; i++) dnsResolve("n" + i + ".contoso.test"); return "DIRECT"; }',
    names,
    {
      dnsLookupsPerUrl: 10,
    },
  );
  try {
    for (const url of ['https://a.test/', 'https://b.test/']) {
      const error = await pac.findProxy(url).then(
        () => null,
        (e) => e,
      );
      assert.instance(error, PacLimitError);
      assert.is(error.code, 'PAC_DNS_LIMIT');
      assert.match(error.message, /more than 10 DNS look-ups per URL/);
    }
  } finally {
    pac.dispose();
  }
});

test('repeated look-ups of one name count each time (a loop over one name is still a loop)', async () => {
  const pac = await compilePac(
    'function FindProxyForURL(u, h) { for (var i = 0; i < 50; i++) dnsResolve("same.contoso.test"); return "DIRECT"; }',
    { 'same.contoso.test': '10.0.0.1' },
    { dnsLookupsPerUrl: 20 },
  );
  try {
    const error = await pac.findProxy('https://a.test/').then(
      () => null,
      (e) => e,
    );
    assert.is(error?.code, 'PAC_DNS_LIMIT');
  } finally {
    pac.dispose();
  }
});

test.run();
