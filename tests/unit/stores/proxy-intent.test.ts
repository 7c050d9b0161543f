import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ToolError } from '../../../core/errors';
import { normalizeProxy } from '../../../core/stores/proxy-intent';

function refusal(server: string): ToolError {
  try {
    normalizeProxy({ server });
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error(`${server} was accepted`);
}

test('two addresses for every scheme (blanks separate entries, as in Windows): the second would be ignored, so refused, naming both', () => {
  const error = refusal('proxy.contoso.com proxy2.contoso.com:8080');
  assert.is(error.code, 'PROXY_LIST_REPEATS_SCHEME');
  assert.is(error.exit, 2);
  assert.is(error.field, 'proxy.server');
  assert.match(error.message, /"proxy\.server" gives every scheme more than one proxy \(proxy\.contoso\.com, proxy2\.contoso\.com:8080\)/);
  assert.is(refusal('not a proxy').code, 'PROXY_LIST_REPEATS_SCHEME');
  // A blank typed for the colon leaves a port alone as an entry: no host, refused as an address.
  assert.is(refusal('proxy.contoso.com 8080').code, 'PROXY_ADDRESS_INVALID');
});

test('two proxies for one scheme are refused; one per scheme, or one for all, are kept as Windows writes them', () => {
  assert.match(refusal('http=a:80;https=b:443;http=c:81').message, /gives http= more than one proxy \(a:80, c:81\)/);
  assert.is(normalizeProxy({ server: 'http=a:80 https=b:443' }).server, 'http=a:80;https=b:443');
  assert.is(normalizeProxy({ server: 'proxy.contoso.com:8080' }).server, 'proxy.contoso.com:8080');
});

test.run();
