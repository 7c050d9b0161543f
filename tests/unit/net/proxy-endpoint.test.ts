import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { proxyEndpointFor } from '../../../core/net/probe/proxy-endpoint';

test('URLs, host:port and bare hosts (port 80) become an HTTP proxy endpoint', () => {
  assert.equal(proxyEndpointFor('http://Proxy.Contoso.com:8080/', 'https'), {
    proxy: { host: 'proxy.contoso.com', port: 8080, url: 'http://proxy.contoso.com:8080', credentials: null },
  });
  assert.equal(proxyEndpointFor('proxy.contoso.com:3128', 'https'), {
    proxy: { host: 'proxy.contoso.com', port: 3128, url: 'http://proxy.contoso.com:3128', credentials: null },
  });
  assert.is((proxyEndpointFor('proxy', 'https') as { proxy: { port: number } }).proxy.port, 80);
  assert.is((proxyEndpointFor('[fe80::1]:8080', 'https') as { proxy: { url: string } }).proxy.url, 'http://[fe80::1]:8080');
});

test('credentials in the URL are used unless given apart', () => {
  assert.equal((proxyEndpointFor('http://alice:s%40cret@p:1', 'https') as { proxy: { credentials: unknown } }).proxy.credentials, {
    userName: 'alice',
    password: 's@cret',
  });
  assert.equal(
    (proxyEndpointFor('http://alice:x@p:1', 'https', { userName: 'bob', password: 'y' }) as { proxy: { credentials: unknown } }).proxy
      .credentials,
    { userName: 'bob', password: 'y' },
  );
});

test("per-scheme lists pick the scheme's entry; none for it means direct", () => {
  assert.is((proxyEndpointFor('http=a:80;https=b:443', 'https') as { proxy: { host: string } }).proxy.host, 'b');
  assert.is((proxyEndpointFor('http=a:80;https=b:443', 'http') as { proxy: { host: string } }).proxy.host, 'a');
  assert.ok('direct' in proxyEndpointFor('http=a:80', 'https'));
});

test('TLS and SOCKS proxies and garbage are errors with a reason', () => {
  assert.match((proxyEndpointFor('https://p:443', 'https') as { error: string }).error, /https:\/\/ proxy/);
  assert.match((proxyEndpointFor('socks://p:1080', 'https') as { error: string }).error, /socks/);
  assert.match((proxyEndpointFor('proxy:99999', 'https') as { error: string }).error, /port/);
});

test.run();
