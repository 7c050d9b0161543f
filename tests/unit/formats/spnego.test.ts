import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { decodeChallenge } from '../../../core/formats/ntlm-messages';
import { NTLMSSP_OID, decodeNegTokenResp, encodeNegTokenInit, encodeNegTokenResp, isSpnegoToken } from '../../../core/formats/spnego';

/**
 * Tokens written by Samba 4.17's own SPNEGO (ntlm_auth --helper-protocol=gss-spnego-client / gss-spnego, the
 * server half of which the integration tests put behind squid), recorded here as the reference encoding.
 */
const SAMBA = {
  // Client NegTokenInit around a 40-byte NTLM NEGOTIATE.
  init: 'YEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoioEKE5UTE1TU1AAAQAAAAWCCGIAAAAAKAAAAAAAAAAoAAAABgEAAAAAAA8=',
  // Server's first answer: accept-incomplete, NTLMSSP chosen, an NTLM CHALLENGE (target "VM", with a timestamp).
  challenge:
    'oYGBMH+gAwoBAaEMBgorBgEEAYI3AgIKomoEaE5UTE1TU1AAAgAAAAQABAA4AAAABYKKYmDEbkK69Z9JAAAAAAAAAAAsACwAPAAAAAYBAAAAAAAPVgBNAAIABABWAE0AAQAEAFYATQAEAAAAAwAEAHYAbQAHAAgAqunmX4p/3QEAAAAA',
  // Server's last word: accept-completed and nothing else.
  completed: 'oQcwBaADCgEA',
};

test('our NegTokenInit is the DER Samba writes for the same NTLM token', () => {
  const samba = Buffer.from(SAMBA.init, 'base64');
  const ntlm = samba.subarray(samba.indexOf('NTLMSSP'));
  assert.is(encodeNegTokenInit(ntlm).toString('base64'), SAMBA.init);
  assert.ok(isSpnegoToken(samba));
  assert.not.ok(isSpnegoToken(ntlm));
});

test('a NegTokenResp carries a token and reads back; long forms of the length are used past 127 bytes', () => {
  for (const size of [3, 127, 128, 255, 256, 4000]) {
    const token = Buffer.alloc(size, 0x4e);
    const resp = encodeNegTokenResp(token);
    assert.equal(decodeNegTokenResp(resp), { negState: null, supportedMech: null, responseToken: token });
  }
  assert.is(encodeNegTokenResp(Buffer.alloc(0x138)).subarray(0, 4).toString('hex'), 'a1820144');
});

test('the server answers: accept-incomplete with NTLMSSP and a challenge; accept-completed alone; reject', () => {
  assert.equal(decodeNegTokenResp(Buffer.from(SAMBA.completed, 'base64')), {
    negState: 'accept-completed',
    supportedMech: null,
    responseToken: null,
  });
  const incomplete = decodeNegTokenResp(Buffer.from(SAMBA.challenge, 'base64'));
  assert.equal([incomplete.negState, incomplete.supportedMech], ['accept-incomplete', NTLMSSP_OID]);
  assert.is(incomplete.responseToken!.length, 0x68);
  assert.is(incomplete.responseToken!.subarray(0, 12).toString('latin1'), 'NTLMSSP\0\x02\0\0\0');
  const challenge = decodeChallenge(incomplete.responseToken!);
  assert.equal([challenge.targetName, challenge.timestamp], ['VM', 0x01dd7f8a5fe6e9aan]);
  assert.is(decodeNegTokenResp(Buffer.from('a1073005a0030a0102', 'hex')).negState, 'reject');
});

test('malformed tokens are FormatErrors with an offset', () => {
  for (const [bytes, offset] of [
    ['a1073005a0030a0104', 8],
    ['a10830', 0],
    ['a1023003', 2],
    ['3003a00100', 0],
    ['a184ffffffff', 1],
  ] as const) {
    try {
      decodeNegTokenResp(Buffer.from(bytes, 'hex'));
      assert.unreachable(bytes);
    } catch (error) {
      assert.instance(error, FormatError, bytes);
      assert.is((error as FormatError).code, 'SPNEGO_TOKEN_INVALID');
      assert.is((error as FormatError).offset, offset, bytes);
    }
  }
});

test.run();
