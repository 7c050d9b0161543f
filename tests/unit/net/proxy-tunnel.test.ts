import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseResponseHead } from '../../../core/net/probe/http-head';
import { bodyFraming, chunkedBodyEnd, keepsAlive } from '../../../core/net/probe/proxy-tunnel';

const head = (text: string) => parseResponseHead(text)!;

test("how a proxy answer's body ends: none after a tunnel, its length, chunked, or the end of the connection", () => {
  assert.equal(bodyFraming(head('HTTP/1.1 200 Connection established'), 'CONNECT'), { kind: 'none' });
  assert.equal(bodyFraming(head('HTTP/1.1 407 x\r\nContent-Length: 3069'), 'CONNECT'), { kind: 'length', length: 3069 });
  assert.equal(bodyFraming(head('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5'), 'GET'), { kind: 'chunked' });
  assert.equal(bodyFraming(head('HTTP/1.1 407 x'), 'CONNECT'), { kind: 'close' });
  assert.equal(bodyFraming(head('HTTP/1.1 304 Not Modified\r\nContent-Length: 9'), 'GET'), { kind: 'none' });
  assert.equal(bodyFraming(head('HTTP/1.1 407 x\r\nContent-Length: -1'), 'GET'), { kind: 'close' });
});

test('a connection is kept unless the proxy says close (Connection or Proxy-Connection)', () => {
  assert.ok(keepsAlive(head('HTTP/1.1 407 x\r\nConnection: keep-alive')));
  assert.ok(keepsAlive(head('HTTP/1.1 407 x')));
  assert.not.ok(keepsAlive(head('HTTP/1.1 407 x\r\nProxy-Connection: close')));
  assert.not.ok(keepsAlive(head('HTTP/1.1 407 x\r\nConnection: Upgrade, Close')));
});

test('a chunked body ends after the zero chunk and its trailers; -1 until then; a bad size throws', () => {
  const body = Buffer.from('5\r\nhello\r\n0\r\n\r\nNEXT');
  assert.is(chunkedBodyEnd(body), body.length - 4);
  assert.is(chunkedBodyEnd(Buffer.from('5\r\nhel')), -1);
  const trailed = Buffer.from('5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n');
  assert.is(chunkedBodyEnd(trailed), trailed.length);
  assert.is(chunkedBodyEnd(Buffer.from('0\r\n')), -1);
  assert.throws(() => chunkedBodyEnd(Buffer.from('zz\r\n')), /malformed chunk size/);
});

test.run();
