import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHttpFileServer } from '../../support/http-file-server';
import { runExeAsync } from '../../support/exe-async';

// The PAC engine's .wasm travels inside the executable as a SEA asset: this proves the built binary has it.
test('the Linux executable evaluates a PAC file fetched over HTTP', async () => {
  const pac = 'function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:9; DIRECT"; }';
  const server = await startHttpFileServer({ '/proxy.pac': pac });
  try {
    const result = await runExeAsync(['test'], {
      product: 'mdi',
      url: 'https://sensor.contoso.test:1/tri/sensor/api/ping',
      resolve: { 'sensor.contoso.test': '127.0.0.1' },
      routes: ['pac'],
      proxy: { pacUrl: server.url('/proxy.pac') },
      timeoutMs: 3000,
    });
    assert.is(result.status, 1, result.stdout);
    const probe = result.json.result.probes[0];
    assert.is.not(probe.code, 'PAC_FAILED', probe.detail);
    assert.match(probe.detail, /PROXY 127\.0\.0\.1:9; DIRECT/);
    assert.is(probe.code, 'CONNECT_REFUSED', 'the PAC said try the dead proxy, then direct to a closed port');
    assert.equal(server.requests, ['/proxy.pac']);
  } finally {
    await server.stop();
  }
});

test.run();
