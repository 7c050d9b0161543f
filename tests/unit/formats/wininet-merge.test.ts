import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeWininet, encodeWininet } from '../../../core/formats/wininet';
import { mergeWininetChange } from '../../../core/formats/wininet-merge';

// FORMATS.md §1, vbfox fixture: flags 0x0F, proxy google.com:42, bypass Lol;<local>, PAC http://google.fr/.
const ALL_ON = decodeWininet(
  Buffer.from(
    '46000000400000000F0000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
      '0'.repeat(64),
    'hex',
  ),
);
// The same strings with every flag off but direct (stored, not in effect), counter 0x44.
const ALL_OFF = decodeWininet(
  Buffer.from(
    '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
      '0'.repeat(64),
    'hex',
  ),
);

test('a new proxy keeps the bypass list, the PAC file and auto-detect the request does not name', () => {
  const fields = mergeWininetChange({ proxyServer: 'proxy.contoso.com:8080' }, ALL_ON);
  assert.equal(fields, {
    flags: 0x0f,
    proxyServer: 'proxy.contoso.com:8080',
    bypassList: 'Lol;<local>',
    autoConfigUrl: 'http://google.fr/',
  });
  const blob = decodeWininet(encodeWininet(fields, ALL_ON));
  assert.equal([blob.proxy, blob.autoConfig, blob.autoDetect, blob.changeCounter], [true, true, true, 0x41]);
});

test('what the request names replaces what was there: a bypass list, an empty PAC URL', () => {
  assert.is(mergeWininetChange({ proxyServer: 'p:1', bypass: ['*.contoso.com'] }, ALL_ON).bypassList, '*.contoso.com');
  const noPac = mergeWininetChange({ proxyServer: 'p:1', autoConfigUrl: '' }, ALL_ON);
  assert.equal([noPac.autoConfigUrl, noPac.flags & 0x4], ['', 0]);
});

test('strings stored with their flag off stay stored and off; only a PAC URL given keeps the manual proxy as it was', () => {
  const fields = mergeWininetChange({ autoConfigUrl: 'http://pac.contoso.com/proxy.pac' }, ALL_OFF);
  assert.equal(fields, {
    flags: 0x05,
    proxyServer: 'google.com:42',
    bypassList: 'Lol;<local>',
    autoConfigUrl: 'http://pac.contoso.com/proxy.pac',
  });
});

test('no blob before: exactly the request', () => {
  assert.equal(mergeWininetChange({ proxyServer: 'p:1' }, null), { flags: 0x03, proxyServer: 'p:1', bypassList: '', autoConfigUrl: '' });
});

test.run();
