import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrContains, parseCidr, parseIp } from '../../../core/net/catalog/cidr';

test('IPv4 prefixes contain exactly their range', () => {
  assert.ok(cidrContains('20.36.0.0/14', '20.36.0.1'));
  assert.ok(cidrContains('20.36.0.0/14', '20.39.255.255'));
  assert.not.ok(cidrContains('20.36.0.0/14', '20.40.0.0'));
  assert.not.ok(cidrContains('20.36.0.0/14', '20.35.255.255'));
  assert.ok(cidrContains('0.0.0.0/0', '198.51.100.7'));
  assert.ok(cidrContains('52.100.0.5/32', '52.100.0.5'));
  assert.not.ok(cidrContains('52.100.0.5/32', '52.100.0.4'));
  assert.ok(cidrContains('10.0.0.0/9', '10.127.1.1'));
  assert.not.ok(cidrContains('10.0.0.0/9', '10.128.0.0'));
});

test('IPv6 prefixes, with :: compression, full form and embedded IPv4', () => {
  assert.ok(cidrContains('2603:1000::/25', '2603:1000:4::1'));
  assert.ok(cidrContains('2603:1000::/25', '2603:107f:ffff:ffff:ffff:ffff:ffff:ffff'));
  assert.not.ok(cidrContains('2603:1000::/25', '2603:1080::'));
  assert.ok(cidrContains('2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:0001'));
  assert.ok(cidrContains('::ffff:0:0/96', '::ffff:192.0.2.1'));
  assert.ok(cidrContains('::/0', 'fe80::1%eth0'));
  assert.ok(cidrContains('2001:db8::1/128', '2001:db8:0:0:0:0:0:1'));
});

test('an IPv4-mapped IPv6 address matches IPv4 prefixes; families never mix otherwise', () => {
  assert.ok(cidrContains('192.0.2.0/24', '::ffff:192.0.2.9'));
  assert.not.ok(cidrContains('192.0.2.0/24', '2001:db8::1'));
  assert.not.ok(cidrContains('2001:db8::/32', '192.0.2.1'));
});

test('malformed input never matches and never throws', () => {
  for (const bad of ['', '1.2.3', '1.2.3.256', '1.2.3.4.5', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7']) {
    assert.is(parseIp(bad), null, bad);
  }
  assert.is(parseCidr('10.0.0.0/33'), null);
  assert.is(parseCidr('2001:db8::/129'), null);
  assert.is(parseCidr('10.0.0.0/8/8'), null);
  assert.not.ok(cidrContains('nonsense', '10.0.0.1'));
  assert.equal(parseIp('::')!.bytes, new Array(16).fill(0));
  assert.equal(parseCidr('10.1.2.3')!.bits, 32);
});

test.run();
