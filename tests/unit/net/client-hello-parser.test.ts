import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseClientHello } from '../../support/client-hello';

// The recorder that checks what a probe offers reads ClientHellos with this parser: it is checked here against the
// ClientHello published in RFC 8448 §3 (Simple 1-RTT Handshake), byte for byte as the RFC prints it.
const RFC8448_CLIENT_HELLO = `
  01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83
  02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01
  00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 23 00 00 00 33 00
  26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69
  1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01
  05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01`;

const bytes = Buffer.from(RFC8448_CLIENT_HELLO.replace(/\s+/g, ''), 'hex');

test('RFC 8448 §3: suites, groups, key share, versions and name as the RFC describes them', () => {
  const hello = parseClientHello(bytes);
  assert.is(hello.length, 196);
  assert.is(hello.legacyVersion, 0x0303);
  assert.equal(hello.cipherSuites, [0x1301, 0x1303, 0x1302]);
  // x25519, secp256r1, secp384r1, secp521r1, ffdhe2048 … ffdhe8192
  assert.equal(hello.groups, [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104]);
  assert.equal(hello.keyShareGroups, [0x001d]);
  assert.equal(hello.supportedVersions, [0x0304]);
  assert.is(hello.serverName, 'server');
  assert.equal(hello.alpn, []);
  // server_name, renegotiation_info, supported_groups, session_ticket, key_share, supported_versions,
  // signature_algorithms, psk_key_exchange_modes, record_size_limit
  assert.equal(hello.extensions, [0, 0xff01, 10, 35, 51, 43, 13, 45, 28]);
});

test('a message cut short or of another type is refused, not half read', () => {
  assert.throws(() => parseClientHello(bytes.subarray(0, 100)), /truncated/);
  assert.throws(() => parseClientHello(Buffer.concat([Buffer.from([2]), bytes.subarray(1)])), /not a ClientHello/);
});

test.run();
