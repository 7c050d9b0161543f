import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as net from 'node:net';
import { isIP, isIPv4, isIPv6 } from '../../../core/formats/ip-address';

// Judged against node:net itself, which this module stands in for.
const CANDIDATES = [
  '0.0.0.0',
  '10.0.0.6',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '1.2.3.04',
  '00.0.0.0',
  '1..2.3',
  '.1.2.3',
  '1.2.3.',
  '1.2.3.4 ',
  ' 1.2.3.4',
  '1.2.3.-4',
  '1e1.2.3.4',
  '0x1.2.3.4',
  '١.٢.٣.٤',
  '',
  '192.168.001.1',
  '199.200.249.250',
  '249.250.251.252',
  '260.0.0.0',
  '::',
  '::1',
  'fe80::1',
  'fe80::1%eth0',
  '2001:db8::8a2e:370:7334',
  '::ffff:10.0.0.6',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  ':::',
  'gg::1',
  '1::2::3',
  'proxy.contoso.com',
  'proxy',
  '[::1]',
];

test('isIPv4, isIPv6 and isIP answer as node:net does', () => {
  for (const text of CANDIDATES) {
    assert.is(isIPv4(text), net.isIPv4(text), `isIPv4(${JSON.stringify(text)})`);
    assert.is(isIPv6(text), net.isIPv6(text), `isIPv6(${JSON.stringify(text)})`);
    assert.is(isIP(text), net.isIP(text), `isIP(${JSON.stringify(text)})`);
  }
});

test('every dotted quad of one varying part agrees with node:net (0-999, with and without leading zeros)', () => {
  for (let n = 0; n < 1000; n++) {
    for (const part of [String(n), String(n).padStart(2, '0'), String(n).padStart(3, '0')]) {
      for (const text of [`${part}.1.1.1`, `1.1.1.${part}`]) assert.is(isIPv4(text), net.isIPv4(text), text);
    }
  }
});

test.run();
