import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import {
  sameBypassList,
  bypassMatches,
  formatBypassList,
  formatPerSchemeList,
  normalizeProxyUrl,
  parseBypassList,
  parsePerSchemeList,
  parseProxyAddress,
  proxyForScheme,
  toHostPort,
  proxyIpAddress,
} from '../../../core/formats/proxy-address';

function expectInvalid(fn: () => unknown, offset: number | null, mentions: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, FormatError);
    const error = e as FormatError;
    assert.is(error.code, 'PROXY_ADDRESS_INVALID');
    assert.ok(error.format.length > 0);
    if (offset !== null) assert.is(error.offset, offset, error.message);
    assert.match(error.message, mentions);
    return;
  }
  assert.unreachable('expected PROXY_ADDRESS_INVALID');
}

// ─── parseProxyAddress ──────────────────────────────────────────────────────────────────────────────

const parse = suite('proxy-address parse');

parse('a full URL with credentials and a trailing slash', () => {
  assert.equal(parseProxyAddress('http://user@proxy:8080/'), { scheme: 'http', host: 'proxy', port: 8080, userInfo: 'user' });
  assert.equal(parseProxyAddress('HTTPS://DOM\\u:p@ss@Proxy.Contoso.com:443'), {
    scheme: 'https',
    host: 'Proxy.Contoso.com',
    port: 443,
    userInfo: 'DOM\\u:p@ss',
  });
});

parse('bare host:port — the case WHATWG URL gets wrong', () => {
  assert.is(new URL('proxy.contoso.com:8080').protocol, 'proxy.contoso.com:', 'the trap this module avoids');
  assert.equal(parseProxyAddress('proxy.contoso.com:8080'), { scheme: null, host: 'proxy.contoso.com', port: 8080, userInfo: null });
  assert.equal(parseProxyAddress('  10.0.0.6:3128/ '), { scheme: null, host: '10.0.0.6', port: 3128, userInfo: null });
});

parse('bare host and scheme-only URLs keep port null', () => {
  assert.equal(parseProxyAddress('proxy'), { scheme: null, host: 'proxy', port: null, userInfo: null });
  assert.equal(parseProxyAddress('http://proxy.contoso.com'), { scheme: 'http', host: 'proxy.contoso.com', port: null, userInfo: null });
});

parse('IPv6 literals in brackets, with and without scheme and port', () => {
  assert.equal(parseProxyAddress('[::1]:3128'), { scheme: null, host: '::1', port: 3128, userInfo: null });
  assert.equal(parseProxyAddress('http://[fe80::1]:8080'), { scheme: 'http', host: 'fe80::1', port: 8080, userInfo: null });
  assert.equal(parseProxyAddress('[2001:db8::10]'), { scheme: null, host: '2001:db8::10', port: null, userInfo: null });
  assert.equal(parseProxyAddress('[fe80::1%eth0]:80').host, 'fe80::1%eth0');
  assert.equal(parseProxyAddress('[::ffff:10.0.0.1]:80').host, '::ffff:10.0.0.1');
});

parse('other schemes parse (normalizeProxyUrl decides)', () => {
  assert.is(parseProxyAddress('socks://s:1080').scheme, 'socks');
});

parse('rejects with offsets and sentences', () => {
  expectInvalid(() => parseProxyAddress(''), 0, /empty; expected a proxy address like/);
  expectInvalid(() => parseProxyAddress('   '), 0, /empty/);
  expectInvalid(() => parseProxyAddress('proxy :8080'), 5, /contains a space/);
  expectInvalid(() => parseProxyAddress(' http://a b'), 9, /space/);
  expectInvalid(() => parseProxyAddress('http://'), 7, /host is missing/);
  expectInvalid(() => parseProxyAddress('http://:8080'), 7, /host is missing/);
  expectInvalid(() => parseProxyAddress('proxy:0'), 6, /port "0" is not a number from 1 to 65535/);
  expectInvalid(() => parseProxyAddress('proxy:65536'), 6, /65535/);
  expectInvalid(() => parseProxyAddress('proxy:80a'), 6, /port "80a"/);
  expectInvalid(() => parseProxyAddress('proxy:'), 6, /port ""/);
  expectInvalid(() => parseProxyAddress('proxy:-1'), 6, /port/);
  expectInvalid(() => parseProxyAddress('http://proxy:8080/path'), 17, /path or query/);
  expectInvalid(() => parseProxyAddress('proxy:8080?x'), 10, /path or query/);
  expectInvalid(() => parseProxyAddress('fe80::1:8080'), 0, /brackets/);
  expectInvalid(() => parseProxyAddress('[fe80::1:8080'), 0, /closing "\]"/);
  expectInvalid(() => parseProxyAddress('[fe80::1]8080'), 9, /":port"/);
  expectInvalid(() => parseProxyAddress('[not-ipv6]:80'), 1, /not an IPv6 address/);
  expectInvalid(() => parseProxyAddress('http://pröxy:80'), 9, /not a valid host name/);
  expectInvalid(() => parseProxyAddress('a..b:80'), 0, /not a valid host name/);
  expectInvalid(() => parseProxyAddress('http=a:80;https=b:443'), 4, /looks like a list/);
});

parse.run();

// ─── normalizeProxyUrl / toHostPort ─────────────────────────────────────────────────────────────────

const normalize = suite('proxy-address normalize');

normalize('normalizeProxyUrl → scheme://host:port, lowercase host, default ports filled', () => {
  assert.is(normalizeProxyUrl('proxy.contoso.com:8080'), 'http://proxy.contoso.com:8080');
  assert.is(normalizeProxyUrl('http://Proxy.Contoso.com:8080/'), 'http://proxy.contoso.com:8080');
  assert.is(normalizeProxyUrl('HTTPS://proxy:8443'), 'https://proxy:8443');
  assert.is(normalizeProxyUrl('proxy'), 'http://proxy:80');
  assert.is(normalizeProxyUrl('https://proxy'), 'https://proxy:443');
  assert.is(normalizeProxyUrl('10.0.0.6:8080'), 'http://10.0.0.6:8080');
  assert.is(normalizeProxyUrl('[::1]:3128'), 'http://[::1]:3128');
  assert.is(normalizeProxyUrl('http://[FE80::1]:8080'), 'http://[fe80::1]:8080');
});

normalize('normalizeProxyUrl rejects other schemes and credentials', () => {
  expectInvalid(() => normalizeProxyUrl('socks://s:1080'), null, /expected http:\/\/ or https:\/\//);
  expectInvalid(() => normalizeProxyUrl('ftp://s'), null, /"ftp:\/\/" is not supported/);
  expectInvalid(() => normalizeProxyUrl('http://user@proxy:8080/'), 11, /credentials/);
  expectInvalid(() => normalizeProxyUrl('http://u:p@proxy:8080'), 10, /never in the URL/);
  expectInvalid(() => normalizeProxyUrl('http://proxy:99999'), null, /65535/);
});

normalize('toHostPort → host:port for TelemetryProxyServer', () => {
  assert.is(toHostPort('proxy.contoso.com:8080'), 'proxy.contoso.com:8080');
  assert.is(toHostPort('http://proxy.contoso.com:8080/'), 'proxy.contoso.com:8080');
  assert.is(toHostPort('proxy'), 'proxy:80');
  assert.is(toHostPort(' [fe80::1]:8080 '), '[fe80::1]:8080');
  expectInvalid(() => toHostPort('https://proxy:443'), null, /cannot be kept in a host:port setting/);
  expectInvalid(() => toHostPort('user@proxy:80'), 4, /credentials/);
  expectInvalid(() => toHostPort('proxy: 80'), 6, /space/);
});

normalize.run();

// ─── per-scheme lists ───────────────────────────────────────────────────────────────────────────────

const lists = suite('proxy-address per-scheme lists');

lists('parse, format and pick per scheme', () => {
  const list = parsePerSchemeList('http=a:80;https=b:443;socks=s:1080');
  assert.equal(
    list.map((e) => [e.scheme, e.address.host, e.address.port]),
    [
      ['http', 'a', 80],
      ['https', 'b', 443],
      ['socks', 's', 1080],
    ],
  );
  assert.is(formatPerSchemeList(list), 'http=a:80;https=b:443;socks=s:1080');
  assert.is(proxyForScheme(list, 'https')!.host, 'b');
  assert.is(proxyForScheme(list, 'HTTP')!.host, 'a');
  assert.is(proxyForScheme(list, 'ftp'), null, 'no entry for the scheme and no bare entry: direct');
});

lists('a bare entry serves every scheme; an explicit one wins', () => {
  assert.is(proxyForScheme('proxy:8080', 'https')!.port, 8080);
  assert.is(proxyForScheme('proxy:8080;https=secure:443', 'https')!.host, 'secure');
  assert.is(proxyForScheme('proxy:8080;https=secure:443', 'http')!.host, 'proxy');
  assert.is(proxyForScheme('', 'http'), null);
});

lists('blank separators, schemes inside values, IPv6, upper-case scheme names', () => {
  const list = parsePerSchemeList('  HTTP=http://a:80   https=[::1]:3128 ;; ');
  assert.equal(list[0], { scheme: 'http', address: { scheme: 'http', host: 'a', port: 80, userInfo: null } });
  assert.equal(list[1].address.host, '::1');
  assert.is(formatPerSchemeList(list), 'http=http://a:80;https=[::1]:3128');
  assert.is(formatPerSchemeList(parsePerSchemeList('proxy')), 'proxy');
});

lists('errors point into the list', () => {
  expectInvalid(() => parsePerSchemeList('http=a:80;https=b:0'), 18, /in "https=b:0": the port "0"/);
  expectInvalid(() => parsePerSchemeList('=a:80'), 0, /does not start with a scheme/);
  expectInvalid(() => parsePerSchemeList('http=a:80;9x=b'), 10, /scheme/);
  expectInvalid(() => parsePerSchemeList('http='), 5, /empty/);
});

lists.run();

// ─── bypass lists ───────────────────────────────────────────────────────────────────────────────────

const bypass = suite('proxy-address bypass lists');

bypass('split on ; , and blanks; dedupe keeping order; <local> last', () => {
  assert.equal(parseBypassList('<local>;*.contoso.com, 10.*  intranet;*.CONTOSO.com;<LOCAL>'), [
    '*.contoso.com',
    '10.*',
    'intranet',
    '<local>',
  ]);
  assert.equal(parseBypassList(['a', 'b;<local>', 'A']), ['a', 'b', '<local>']);
  assert.equal(parseBypassList(''), []);
  assert.equal(parseBypassList(' ; ,, '), []);
  assert.equal(parseBypassList('<-loopback>;x'), ['<-loopback>', 'x']);
});

bypass('formatBypassList writes Windows form', () => {
  assert.is(formatBypassList(['<local>', '*.contoso.com', 'host']), '*.contoso.com;host;<local>');
  assert.is(formatBypassList([]), '');
  assert.is(formatBypassList(['[fe80::1]', 'http://x.com', '10.0.0.0:8080']), '[fe80::1];http://x.com;10.0.0.0:8080');
});

bypass('rejects entries that are not hosts', () => {
  expectInvalid(() => parseBypassList('ok;<lokal>'), 3, /only <…> entries are <local> and <-loopback>/);
  expectInvalid(() => parseBypassList('a;bad"entry'), 5, /contains """/);
  expectInvalid(() => parseBypassList('ünicode.com'), 0, /ASCII/);
});

bypass('bypassMatches: <local>, exact, wildcards, case, ports and schemes in entries', () => {
  const list = '*.contoso.com;10.*;exact.example.org;<local>';
  assert.ok(bypassMatches('intranet', list), '<local>: no dot');
  assert.not.ok(bypassMatches('intranet.lan', '<local>'));
  assert.not.ok(bypassMatches('::1', '<local>'), 'an IPv6 literal is not a local name');
  assert.ok(bypassMatches('WWW.Contoso.COM', list));
  assert.ok(bypassMatches('a.b.contoso.com', list));
  assert.not.ok(bypassMatches('contoso.com', list), '*.contoso.com needs a label before the dot');
  assert.not.ok(bypassMatches('evilcontoso.com', list));
  assert.ok(bypassMatches('10.1.2.3', list));
  assert.not.ok(bypassMatches('110.1.2.3', list));
  assert.ok(bypassMatches('exact.example.org', list));
  assert.ok(bypassMatches('exact.example.org.', list), 'trailing dot of an FQDN');
  assert.not.ok(bypassMatches('sub.exact.example.org', list));
  assert.ok(bypassMatches('host.contoso.com', ['http://*.contoso.com']));
  assert.ok(bypassMatches('host.contoso.com', ['*.contoso.com:8080']));
  assert.ok(bypassMatches('[fe80::1]', ['[fe80::1]']));
  assert.ok(bypassMatches('fe80::1', ['[fe80::1]:80']));
  assert.ok(bypassMatches('anything', ['*']));
  assert.not.ok(bypassMatches('', ['*']));
  assert.not.ok(bypassMatches('x', ['<-loopback>']));
  assert.ok(bypassMatches('a+b.com', ['a+b.com']), 'odd entries a machine holds match literally, never throw');
  assert.not.ok(bypassMatches('aab.com', ['a+b.com']), 'regex characters are literal');
  assert.ok(bypassMatches('intranet', '<LOCAL>'));
});

bypass('sameBypassList: the same entries in any order and case are the same list; another entry is not', () => {
  assert.ok(sameBypassList('<local>;*.contoso.com', ['*.CONTOSO.com', '<local>']));
  assert.ok(sameBypassList('a.com; b.com', 'b.com,a.com'));
  assert.ok(sameBypassList('', []));
  assert.not.ok(sameBypassList('<local>', ['<local>', '*.contoso.com']));
  assert.not.ok(sameBypassList('a.com;b.com', 'a.com;c.com'));
});

bypass.run();

// ─── a proxy given as an IP address (000: use a DNS A record) ───

const ip = suite('proxy-address IP addresses');

ip('a proxy given as an IP address is recognised however it is written; a name is not', () => {
  assert.is(proxyIpAddress('http://10.0.0.6:8080'), '10.0.0.6');
  assert.is(proxyIpAddress('10.0.0.6:8080'), '10.0.0.6');
  assert.is(proxyIpAddress('http=a:80;https=192.168.1.5:3128'), '192.168.1.5');
  assert.is(proxyIpAddress('http://[2001:db8::1]:8080'), '2001:db8::1');
  assert.is(proxyIpAddress('proxy.contoso.com:8080'), null);
  assert.is(proxyIpAddress('not a proxy ::'), null);
});

ip.run();
