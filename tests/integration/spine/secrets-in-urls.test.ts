import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExampleImage } from '../../support/image';
import { runExe } from '../../support/exe';

// A password written into a URL's user-info must never come back: Intune and ConfigMgr keep the executable's
// output. Each request below is refused or fails; neither stdout nor stderr may carry the secret, whole or in
// part, in clear or percent-encoded.
const SECRET = 'Sup3r-S3cret';
const PARTS = [SECRET, 'Sup3r', 'S3cret', encodeURIComponent(`${SECRET} x`)];

const machine = copyExampleImage('dc01');

const VARIANTS = [
  `http://alice:${SECRET}@proxy.contoso.com:8080`,
  `http://alice:${SECRET}@proxy.contoso.com:8080/some/path`,
  `http://alice:${SECRET} @proxy.contoso.com:8080`,
  `http://alice:${SECRET}@ proxy.contoso.com:8080`,
  `http://alice:${SECRET}@proxy.contoso.com:99999`,
  `http://alice:${SECRET}@proxy contoso.com:8080`,
  `http://alice:${SECRET}%zz@proxy.contoso.com:8080`,
  `http://alice%zz:${SECRET}@proxy.contoso.com:8080`,
  `alice:${SECRET}@proxy.contoso.com:8080`,
  `http://alice:${SECRET}@[::1`,
  `http=alice:${SECRET}@a:80;https=b:443`,
  `socks://alice:${SECRET}@proxy.contoso.com:1080`,
  ` http://alice:${SECRET}@proxy.contoso.com:8080?x=1 `,
];

function requestsFor(url: string): [string, object][] {
  return [
    ['plan', { machine, store: 'winhttp', proxy: { url } }],
    ['plan', { machine, store: 'mde-telemetry', proxy: { server: url } }],
    ['set', { machine, product: 'mdi', method: 'sensor', proxy: { url } }],
    ['plan', { machine, store: 'defender-av', proxy: { server: 'proxy:8080', pacUrl: url } }],
    ['test', { product: 'mdi', url: 'https://contoso-corpsensorapi.atp.azure.com/', routes: ['explicit'], proxy: { url }, timeoutMs: 500 }],
    [
      'test',
      { product: 'mdi', url: 'https://contoso-corpsensorapi.atp.azure.com/', routes: ['explicit'], proxy: { server: url }, timeoutMs: 500 },
    ],
    ['test', { product: 'mdi', url: url.replace(/^http:/, 'https:'), routes: ['direct'], timeoutMs: 500 }],
    ['test', { product: 'mde', urls: ['https://x.contoso.test/', url], routes: ['direct'], timeoutMs: 500 }],
    ['compare', { machine, desired: { mdi: { proxyUrl: url, method: 'sensor' } } }],
    ['compare', { machine, desired: { mde: { proxyServer: url } } }],
  ];
}

for (const url of VARIANTS) {
  test(`no part of the user-info comes back: ${url.replace(SECRET, '<secret>')}`, () => {
    for (const [command, request] of requestsFor(url)) {
      const run = runExe([command], request);
      const output = run.stdout + run.stderr;
      for (const part of PARTS)
        assert.not.ok(output.includes(part), `${command} ${JSON.stringify(request)} echoed "${part}":\n${output.slice(0, 600)}`);
      assert.ok(run.json, `${command}: stdout is one JSON document:\n${run.stdout.slice(0, 300)}`);
      assert.is.not(run.json.error?.code, 'INTERNAL', `${command}: ${run.stdout.slice(0, 300)}`);
    }
  });
}

test('a DSC instance with user-info in its URL is refused without echoing it', () => {
  const run = runExe(['dsc', 'test', 'MDIProxy'], { machine, proxyUrl: `http://alice:${SECRET}@proxy:8080` });
  for (const part of PARTS) assert.not.ok((run.stdout + run.stderr).includes(part), run.stdout + run.stderr);
});

test.run();
