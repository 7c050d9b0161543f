import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseResponseHead } from '../../../core/net/probe/http-head';
import { basicAuthorization, decideAfter407, offeredSchemes } from '../../../core/net/probe/proxy-auth';
import { classifyProxyRefusal } from '../../../core/net/probe/proxy-status';

const head = (text: string) => parseResponseHead(text)!;

test('a proxy answer head parses with repeated headers kept', () => {
  const h = head('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate\r\nX-Squid-Error: ERR_CACHE_ACCESS_DENIED 0');
  assert.is(h.status, 407);
  assert.is(h.reason, 'Proxy Authentication Required');
  assert.equal(h.headers.get('proxy-authenticate'), ['NTLM', 'Negotiate']);
  assert.is(parseResponseHead('SSH-2.0-OpenSSH'), null);
});

test('offered schemes come from every challenge, quoted parameters ignored', () => {
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="Squid, proxy"')), ['basic']);
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate, NTLM\r\nProxy-Authenticate: Basic realm="a"')), ['negotiate', 'ntlm', 'basic']);
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Digest realm="r", nonce="n", qop="auth"')), ['digest']);
});

test('407 decisions: retry with Basic, or say exactly why not', () => {
  const basic = head('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"');
  const ntlm = head('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate');
  const credentials = { userName: 'CONTOSO\\svc', password: 'pä ss' };
  assert.equal(decideAfter407(basic, credentials, false), { action: 'retry-basic', authorization: basicAuthorization(credentials) });
  assert.is(Buffer.from(basicAuthorization(credentials).slice(6), 'base64').toString('utf8'), 'CONTOSO\\svc:pä ss');
  assert.is((decideAfter407(basic, null, false) as { code: string }).code, 'PROXY_AUTH_REQUIRED');
  assert.is((decideAfter407(basic, credentials, true) as { code: string }).code, 'PROXY_AUTH_FAILED');
  assert.is((decideAfter407(ntlm, credentials, false) as { code: string }).code, 'PROXY_AUTH_UNSUPPORTED');
  assert.is((decideAfter407(ntlm, null, false) as { code: string }).code, 'PROXY_AUTH_UNSUPPORTED');
});

test('proxy refusals map to the stage problem they stand for', () => {
  assert.is(classifyProxyRefusal(head('HTTP/1.1 403 Forbidden\r\nX-Squid-Error: ERR_ACCESS_DENIED 0')).code, 'PROXY_FORBIDDEN');
  assert.is(classifyProxyRefusal(head('HTTP/1.1 401 Unauthorized')).code, 'PROXY_FORBIDDEN');
  assert.is(classifyProxyRefusal(head('HTTP/1.1 503 Service Unavailable\r\nX-Squid-Error: ERR_DNS_FAIL 0')).code, 'DNS_FAILED');
  assert.is(classifyProxyRefusal(head('HTTP/1.1 503 Service Unavailable\r\nX-Squid-Error: ERR_CONNECT_FAIL 111')).code, 'CONNECT_REFUSED');
  assert.is(classifyProxyRefusal(head('HTTP/1.1 504 Gateway Timeout')).code, 'CONNECT_TIMEOUT');
  const other = classifyProxyRefusal(head('HTTP/1.1 502 Bad Gateway'));
  assert.is(other.code, 'PROXY_ERROR');
  assert.ok(other.detail.includes('502 Bad Gateway'));
});

test.run();
