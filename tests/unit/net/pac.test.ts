import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePacResult } from '../../../core/net/routes/pac-result';
import { compilePac } from '../../../core/net/routes/pac';

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

test('a PAC script runs in QuickJS with the request\'s resolve map behind dnsResolve and isInNet', async () => {
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
    await throwing.findProxy('https://x.example/').then(() => assert.unreachable('should reject'), (e) => assert.match(String(e), /boom/));
  } finally {
    throwing.dispose();
  }
  await compilePac('var x = 1;', {}).then(() => assert.unreachable('should reject'), (e) => assert.match(String(e), /FindProxyForURL/));
});

test.run();
