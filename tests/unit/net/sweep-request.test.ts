import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TestRequest } from '../../../core/protocol';
import { ToolError } from '../../../core/errors';
import { checkTestRequest, trustedRootsOf } from '../../../core/net/sweep-request';
import { needsSensorWorkspace, testTargets } from '../../../core/net/sweep-targets';

function refusal(request: TestRequest, routes = request.routes ?? ['direct']): ToolError {
  try {
    checkTestRequest(request, routes);
    trustedRootsOf(request);
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  return assert.unreachable('expected a refusal') as never;
}

test('requests that cannot be probed are refused with the field at fault (exit 2)', () => {
  const cases: [TestRequest, string, string][] = [
    [{ product: 'mdi', url: 'ftp://x/' }, 'URL_INVALID', 'url'],
    [{ product: 'mdi', workspace: 'contoso corp' }, 'WORKSPACE_INVALID', 'workspace'],
    [{ product: 'mdi', url: 'https://x/', routes: ['explicit'] }, 'EXPLICIT_ROUTE_NEEDS_PROXY', 'proxy'],
    [{ product: 'mdi', url: 'https://x/', proxy: { url: 'socks://p:1' } }, 'PROXY_INVALID', 'proxy.url'],
    [{ product: 'mdi', url: 'https://x/', proxy: { pacUrl: 'file:///c/x.pac' } }, 'URL_INVALID', 'proxy.pacUrl'],
    [{ product: 'mdi', url: 'https://x/', timeoutMs: 0 }, 'FIELD_INVALID', 'timeoutMs'],
    [{ product: 'mdi', url: 'https://x/', resolve: { x: 'localhost' } }, 'FIELD_INVALID', 'resolve.x'],
    [{ product: 'mde' }, 'GEO_REQUIRED', 'geo'],
    [{ product: 'mde', urls: ['https://x/', 'ftp://y/'] }, 'URL_INVALID', 'urls[1]'],
    [{ product: 'mdi', url: 'http://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping' }, 'SENSOR_URL_NOT_HTTPS', 'url'],
    [{ product: 'mdi', urls: ['https://x/', 'http://contoso-corpsensorapi.atp.azure.us/'] }, 'SENSOR_URL_NOT_HTTPS', 'urls[1]'],
    [
      { product: 'mdi', url: 'https://x/', trustedRoots: ['-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----'] },
      'TRUSTED_ROOT_INVALID',
      'trustedRoots[0]',
    ],
  ];
  for (const [request, code, field] of cases) {
    const error = refusal(request);
    assert.is(error.code, code, JSON.stringify(request));
    assert.is(error.field, field);
    assert.is(error.exit, 2);
  }
});

test('a plain URL test over direct or an explicit proxy passes the checks', () => {
  assert.not.throws(() => checkTestRequest({ product: 'mdi', url: 'https://x/', proxy: { url: 'proxy:8080' } }, ['direct', 'explicit']));
  assert.is(trustedRootsOf({ product: 'mdi' }), null);
});

test('a list of URLs stands in for the catalog: no geo or workspace needed, each probed as `url` would be', () => {
  assert.not.throws(() => checkTestRequest({ product: 'mde', urls: ['https://a.example/', 'http://b.example/x'] }, ['direct']));
  const targets = testTargets({ product: 'mdi', urls: ['https://a.example/', 'http://b.example/x'] }, []);
  assert.equal(
    targets.map((t) => [t.host, t.port, t.secure, t.expectation.kind]),
    [
      ['a.example', 443, true, 'success'],
      ['b.example', 80, false, 'success'],
    ],
  );
  assert.is(needsSensorWorkspace({ product: 'mdi', urls: ['https://a.example/'] }), false);
});

test("an http:// sensor URL is refused with the documents' sentence; a US Government tenant needs no geo", () => {
  assert.match(
    refusal({ product: 'mdi', url: 'http://contoso-corpsensorapi.atp.azure.com/' }).message,
    /you must specify HTTPS, not HTTP, to properly test connectivity/,
  );
  checkTestRequest({ product: 'mde', cloud: 'gcc-high' }, ['direct']);
  assert.is(refusal({ product: 'mde', cloud: 'commercial' }).code, 'GEO_REQUIRED');
});

test.run();
