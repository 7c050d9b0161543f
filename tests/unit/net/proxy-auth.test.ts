import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseResponseHead } from '../../../core/net/probe/http-head';
import {
  basicAuthorization,
  challengeToken,
  isAuthFailure,
  offeredSchemes,
  startExchange,
  type AuthFailure,
  type AuthStep,
  type ProxyAuthExchange,
} from '../../../core/net/probe/proxy-auth';
import { classifyProxyRefusal } from '../../../core/net/probe/proxy-status';
import { splitUserName, type NtlmEnvironment } from '../../../core/net/probe/ntlm-client';
import { decodeNegTokenResp } from '../../../core/formats/spnego';

const head = (text: string) => parseResponseHead(text)!;
const fixed: () => NtlmEnvironment = () => ({ workstation: 'PROBE', random: (n) => Buffer.alloc(n, 0xaa), now: () => 0 });
const credentials = { userName: 'CONTOSO\\svc', password: 'pä ss' };
const exchange = (text: string, creds: typeof credentials | null = credentials) => startExchange(head(text), creds, fixed);

// [MS-NLMP] §4.2.4.3's CHALLENGE, as a proxy would send it.
const SPEC_CHALLENGE = Buffer.from(
  '4e544c4d53535000020000000c000c0038000000' +
    '33828ae20123456789abcdef00000000000000002400240044000000060070170000000f530065007200760065007200' +
    '02000c0044006f006d00610069006e0001000c00530065007200760065007200' +
    '00000000',
  'hex',
);
// Samba 4.17's gss-spnego server's first answer (accept-incomplete, NTLMSSP, a CHALLENGE with a timestamp).
const SAMBA_NEGOTIATE =
  'oYGBMH+gAwoBAaEMBgorBgEEAYI3AgIKomoEaE5UTE1TU1AAAgAAAAQABAA4AAAABYKKYmDEbkK69Z9JAAAAAAAAAAAsACwAPAAAAAYBAAAAAAAPVgBNAAIABABWAE0AAQAEAFYATQAEAAAAAwAEAHYAbQAHAAgAqunmX4p/3QEAAAAA';

const step = (value: ProxyAuthExchange | AuthStep | AuthFailure) => {
  assert.not.ok(isAuthFailure(value), JSON.stringify(value));
  return value as AuthStep;
};
const failure = (value: ProxyAuthExchange | AuthStep | AuthFailure) => {
  assert.ok(isAuthFailure(value), 'expected a failure');
  return value as AuthFailure;
};
const decode = (authorization: string) => Buffer.from(authorization.split(' ')[1]!, 'base64');

test('a proxy answer head parses with repeated headers kept', () => {
  const h = head(
    'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate\r\nX-Squid-Error: ERR_CACHE_ACCESS_DENIED 0',
  );
  assert.is(h.status, 407);
  assert.equal(h.headers.get('proxy-authenticate'), ['NTLM', 'Negotiate']);
  assert.is(parseResponseHead('SSH-2.0-OpenSSH'), null);
});

test('offered schemes and challenge tokens come from every challenge, quoted parameters ignored', () => {
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="Squid, proxy"')), ['basic']);
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate, NTLM\r\nProxy-Authenticate: Basic realm="a"')), [
    'negotiate',
    'ntlm',
    'basic',
  ]);
  assert.equal(offeredSchemes(head('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM TlRMTVNTUAACAAAA')), ['ntlm']);
  const both = head('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="NTLM TlRM", Negotiate oQcwBaADCgEA\r\nProxy-Authenticate: NTLM');
  assert.is(challengeToken(both, 'negotiate')!.toString('base64'), 'oQcwBaADCgEA');
  assert.is(challengeToken(both, 'ntlm'), null);
  assert.is(challengeToken(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="a"'), 'ntlm'), undefined);
});

test('Basic: one leg, then PROXY_AUTH_FAILED; bare 407 gets Basic; no credentials is PROXY_AUTH_REQUIRED', () => {
  const basic = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="x"') as ProxyAuthExchange;
  assert.is(basic.scheme, 'basic');
  assert.equal(basic.first(), { authorization: basicAuthorization(credentials), fresh: true });
  assert.is(Buffer.from(basicAuthorization(credentials).slice(6), 'base64').toString('utf8'), 'CONTOSO\\svc:pä ss');
  assert.is(failure(basic.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="x"'))).code, 'PROXY_AUTH_FAILED');
  assert.is((exchange('HTTP/1.1 407 x') as ProxyAuthExchange).scheme, 'basic');
  assert.is(failure(exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM', null)).code, 'PROXY_AUTH_REQUIRED');
  assert.equal(failure(exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Digest realm="r", nonce="n"')), {
    code: 'PROXY_AUTH_UNSUPPORTED',
    detail: 'the proxy offers only digest',
  });
});

test('NTLM is preferred, then Negotiate, then Basic', () => {
  assert.is(
    (
      exchange(
        'HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="x"\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM',
      ) as ProxyAuthExchange
    ).scheme,
    'ntlm',
  );
  assert.is(
    (exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="x"\r\nProxy-Authenticate: Negotiate') as ProxyAuthExchange).scheme,
    'negotiate',
  );
});

test('a password that could not be had is reported instead of trying without it', () => {
  const unavailable = { ...credentials, password: '', unavailable: { code: 'SENSOR_PASSWORD_UNAVAILABLE' as const, detail: 'no key' } };
  assert.equal(failure(exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM', unavailable)), unavailable.unavailable);
});

test('NTLM: NEGOTIATE, then an NTLMv2 AUTHENTICATE to the challenge on the same connection, then PROXY_AUTH_FAILED', () => {
  const ntlm = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM') as ProxyAuthExchange;
  const first = ntlm.first();
  assert.is(first.fresh, true);
  assert.is(decode(first.authorization).subarray(0, 12).toString('latin1'), 'NTLMSSP\0\x01\0\0\0');
  const second = step(ntlm.next(head(`HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM ${SPEC_CHALLENGE.toString('base64')}`)));
  assert.is(second.fresh, false);
  const authenticate = decode(second.authorization);
  assert.is(authenticate.readUInt32LE(8), 3);
  // NT response: NTProofStr (16) + blob with time 0 (no server timestamp) and client challenge aa×8.
  const ntLength = authenticate.readUInt16LE(20);
  const nt = authenticate.subarray(authenticate.readUInt32LE(24), authenticate.readUInt32LE(24) + ntLength);
  assert.is(nt.subarray(16, 24).toString('hex'), '0101000000000000');
  assert.is(nt.subarray(32, 40).toString('hex'), 'aaaaaaaaaaaaaaaa');
  const text = (at: number) =>
    authenticate
      .subarray(authenticate.readUInt32LE(at + 4), authenticate.readUInt32LE(at + 4) + authenticate.readUInt16LE(at))
      .toString('utf16le');
  assert.equal([text(28), text(36), text(44)], ['CONTOSO', 'svc', 'PROBE']);
  // Never NTLMv1: the NT response is longer than 24 bytes even though the spec's challenge offers NTLM.
  assert.ok(ntLength > 24);
  assert.not.ok(authenticate.includes(Buffer.from('pä ss', 'utf16le')));
  assert.is(failure(ntlm.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM'))).code, 'PROXY_AUTH_FAILED');
});

test('NTLM: a 407 without a challenge, or a malformed one, is PROXY_AUTH_FAILED with the reason', () => {
  const bare = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM') as ProxyAuthExchange;
  bare.first();
  assert.match(failure(bare.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM'))).detail, /without a challenge/);
  const broken = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM') as ProxyAuthExchange;
  broken.first();
  const cut = SPEC_CHALLENGE.subarray(0, 60).toString('base64');
  const f = failure(broken.next(head(`HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM ${cut}`)));
  assert.is(f.code, 'PROXY_AUTH_FAILED');
  assert.match(f.detail, /malformed.*runs past the end/);
});

test('Negotiate: SPNEGO-wrapped NTLM, answered in SPNEGO; the server timestamp makes the LM response Z(24)', () => {
  const negotiate = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate') as ProxyAuthExchange;
  const first = decode(negotiate.first().authorization);
  assert.is(first[0], 0x60);
  assert.is(first.subarray(2, 10).toString('hex'), '06062b0601050502');
  const second = step(negotiate.next(head(`HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate ${SAMBA_NEGOTIATE}`)));
  assert.is(second.fresh, false);
  const inner = decodeNegTokenResp(decode(second.authorization)).responseToken!;
  assert.is(inner.readUInt32LE(8), 3);
  const lm = inner.subarray(inner.readUInt32LE(16), inner.readUInt32LE(16) + inner.readUInt16LE(12));
  assert.equal(lm, Buffer.alloc(24));
  assert.is(failure(negotiate.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate oQcwBaADCgEC'))).code, 'PROXY_AUTH_FAILED');
});

test('Negotiate: no challenge to SPNEGO → bare NTLM on a fresh connection; none to that either → PROXY_AUTH_KERBEROS_ONLY', () => {
  const negotiate = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate') as ProxyAuthExchange;
  negotiate.first();
  const bare = step(negotiate.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate')));
  assert.is(bare.fresh, true);
  assert.is(decode(bare.authorization).subarray(0, 8).toString('latin1'), 'NTLMSSP\0');
  const kerberos = failure(negotiate.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate oQcwBaADCgEC')));
  assert.is(kerberos.code, 'PROXY_AUTH_KERBEROS_ONLY');
  // A bare NTLM challenge to the bare NEGOTIATE is answered bare.
  const raw = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate') as ProxyAuthExchange;
  raw.first();
  raw.next(head('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate'));
  const answer = step(raw.next(head(`HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate ${SPEC_CHALLENGE.toString('base64')}`)));
  assert.is(decode(answer.authorization).subarray(0, 12).toString('latin1'), 'NTLMSSP\0\x03\0\0\0');
  // A bare CHALLENGE to the SPNEGO offer is answered bare too, on the same connection.
  const mixed = exchange('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate') as ProxyAuthExchange;
  mixed.first();
  const bareAnswer = step(mixed.next(head(`HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate ${SPEC_CHALLENGE.toString('base64')}`)));
  assert.equal([bareAnswer.fresh, decode(bareAnswer.authorization).subarray(0, 8).toString('latin1')], [false, 'NTLMSSP\0']);
});

test('user names: DOMAIN\\user splits; user@dns.domain and a bare user go with an empty domain', () => {
  assert.equal(splitUserName('CONTOSO\\proxyuser'), { domain: 'CONTOSO', user: 'proxyuser' });
  assert.equal(splitUserName('proxyuser@contoso.com'), { domain: '', user: 'proxyuser@contoso.com' });
  assert.equal(splitUserName('proxyuser'), { domain: '', user: 'proxyuser' });
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
