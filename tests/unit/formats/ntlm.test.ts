import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FormatError } from '../../../core/errors';
import { NTLM_FLAGS, decodeChallenge, encodeAuthenticate, encodeNegotiate, readAvPairs } from '../../../core/formats/ntlm-messages';
import { fileTime, ntlmV2Responses, ntowfV2 } from '../../../core/formats/ntlm-v2';

/**
 * [MS-NLMP] §4.2.1 common values and §4.2.4 "NTLMv2 Authentication": user "User", domain "Domain", password
 * "Password", workstation "COMPUTER", server challenge 0123456789abcdef, client challenge aa×8, time 0.
 */
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const SPEC = {
  serverChallenge: hex('0123456789abcdef'),
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  // §4.2.4.3 CHALLENGE_MESSAGE: flags e28a8233, target name "Server", AV pairs NbDomain "Domain", NbComputer "Server".
  challenge: hex(`4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000 24002400 44000000
    060070170000000f 530065007200760065007200 02000c00 44006f006d00610069006e00 01000c00 530065007200760065007200 00000000`),
  // §4.2.4.1.1 NTOWFv2, §4.2.4.1.2 SessionBaseKey, §4.2.4.2.1 LMv2 response, §4.2.4.2.2 NTProofStr.
  ntowfV2: '0c868a403bfd7a93a3001ef22ef02e3f',
  sessionBaseKey: '8de40ccadbc14a82f15cb0ad0de95ca3',
  lmv2: '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
  ntProofStr: '68cd0ab851e51c96aabc927bebef6a1c',
  // §4.2.4.3 AUTHENTICATE_MESSAGE (flags e2888235, version 05 01 28 0a 00 00 00 0f, EncryptedRandomSessionKey
  // c5dad254…, the RC4 of RandomSessionKey 55×16 under the KeyExchangeKey: given as is, this client does no KEY_EXCH).
  authenticate: hex(`4e544c4d5353500003000000180018006c00000054005400840000000c000c00
    480000000800080054000000100010005c00000010001000d8000000358288e2
    0501280a0000000f44006f006d00610069006e00550073006500720043004f00
    4d005000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaa
    aaaaaaaa68cd0ab851e51c96aabc927bebef6a1c010100000000000000000000
    00000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e00
    01000c005300650072007600650072000000000000000000c5dad2544fc97990
    94ce1ce90bc9d03e`),
};

test('MS-NLMP 4.2.4.1.1: NTOWFv2("Password", "User", "Domain")', () => {
  assert.is(ntowfV2('Password', 'User', 'Domain').toString('hex'), SPEC.ntowfV2);
  // Only the user is upper-cased; the domain goes in as written.
  assert.is(ntowfV2('Password', 'user', 'Domain').toString('hex'), SPEC.ntowfV2);
  assert.is.not(ntowfV2('Password', 'User', 'DOMAIN').toString('hex'), SPEC.ntowfV2);
});

test('MS-NLMP 4.2.4.3: the CHALLENGE message decodes to its flags, challenge, target name and AV pairs', () => {
  const challenge = decodeChallenge(SPEC.challenge);
  assert.is(challenge.flags >>> 0, 0xe28a8233);
  assert.is(challenge.serverChallenge.toString('hex'), '0123456789abcdef');
  assert.is(challenge.targetName, 'Server');
  assert.is(challenge.timestamp, null);
  const pairs = readAvPairs(challenge.targetInfo);
  assert.is(pairs.get(2)!.toString('utf16le'), 'Domain');
  assert.is(pairs.get(1)!.toString('utf16le'), 'Server');
  assert.is(challenge.targetInfo.length, 36);
});

/** The NTLMv2 responses of MS-NLMP 4.2.4: User, Domain, Password, the spec's challenges, time 0. */
function specResponses(): ReturnType<typeof ntlmV2Responses> {
  const challenge = decodeChallenge(SPEC.challenge);
  return ntlmV2Responses({
    password: 'Password',
    user: 'User',
    domain: 'Domain',
    serverChallenge: challenge.serverChallenge,
    clientChallenge: SPEC.clientChallenge,
    time: 0n,
    targetInfo: challenge.targetInfo,
    omitLmResponse: false,
  });
}

test('MS-NLMP 4.2.4.2: LMv2 response, NTProofStr and SessionBaseKey', () => {
  const responses = specResponses();
  assert.is(responses.lmResponse.toString('hex'), SPEC.lmv2);
  assert.is(responses.ntResponse.subarray(0, 16).toString('hex'), SPEC.ntProofStr);
  assert.is(responses.ntResponse.length, 84);
  assert.is(responses.sessionBaseKey.toString('hex'), SPEC.sessionBaseKey);
});

test('MS-NLMP 4.2.4.3: the AUTHENTICATE message, byte for byte', () => {
  const { lmResponse, ntResponse } = specResponses();
  const message = encodeAuthenticate({
    flags: 0xe2888235,
    lmResponse,
    ntResponse,
    domain: 'Domain',
    user: 'User',
    workstation: 'COMPUTER',
    encryptedRandomSessionKey: hex('c5dad2544fc9799094ce1ce90bc9d03e'),
    version: hex('0501280a0000000f'),
  });
  assert.is(message.toString('hex'), SPEC.authenticate.toString('hex'));
});

test('a server timestamp replaces the LMv2 response by Z(24) and goes into the blob', () => {
  const responses = ntlmV2Responses({
    password: 'Password',
    user: 'User',
    domain: 'Domain',
    serverChallenge: SPEC.serverChallenge,
    clientChallenge: SPEC.clientChallenge,
    time: 0x01d2c3b4a5968778n,
    targetInfo: Buffer.alloc(4),
    omitLmResponse: true,
  });
  assert.equal(responses.lmResponse, Buffer.alloc(24));
  assert.is(responses.ntResponse.subarray(24, 32).toString('hex'), '788796a5b4c3d201');
});

test('FILETIME: 1970-01-01 is 116444736000000000; 2026-11-23 12:00 UTC as Windows counts it', () => {
  assert.is(fileTime(0), 116444736000000000n);
  assert.is(fileTime(Date.UTC(2026, 10, 23, 12)), (BigInt(Date.UTC(2026, 10, 23, 12)) + 11644473600000n) * 10000n);
});

test('NEGOTIATE carries the flags and nothing else (32 bytes)', () => {
  const message = encodeNegotiate(NTLM_FLAGS.UNICODE | NTLM_FLAGS.NTLM | NTLM_FLAGS.N56);
  assert.is(message.length, 32);
  assert.is(message.subarray(0, 12).toString('hex'), '4e544c4d5353500001000000');
  assert.is(message.readUInt32LE(12) >>> 0, 0x80000201);
});

test("squid 5.7 ntlm_fake_auth's CHALLENGE, whose TargetName offset is garbage, still decodes (the name is only shown)", () => {
  const fake = Buffer.from('TlRMTVNTUAACAAAACQAJAK6qqqoHgggATFlKH7lr58gAAAAAAAA6AFdPUktHUk9VUA==', 'base64');
  const challenge = decodeChallenge(fake);
  assert.equal(
    [challenge.targetName, challenge.flags, challenge.serverChallenge.toString('hex'), challenge.targetInfo.length],
    ['', 0x88207, '4c594a1fb96be7c8', 0],
  );
});

test('malformed CHALLENGE messages are FormatErrors naming the offset', () => {
  const broken = (bytes: Buffer, offset: number) => {
    try {
      decodeChallenge(bytes);
      assert.unreachable('decoded');
    } catch (error) {
      assert.instance(error, FormatError);
      assert.is((error as FormatError).code, 'NTLM_MESSAGE_INVALID');
      assert.is((error as FormatError).offset, offset);
    }
  };
  broken(SPEC.challenge.subarray(0, 20), 0);
  broken(Buffer.concat([Buffer.from('NTLMSSQ\0'), SPEC.challenge.subarray(8)]), 0);
  const type3 = Buffer.from(SPEC.challenge);
  type3.writeUInt32LE(3, 8);
  broken(type3, 8);
  const pastEnd = Buffer.from(SPEC.challenge);
  pastEnd.writeUInt16LE(0x200, 40);
  broken(pastEnd, 40);
  const pairPastEnd = Buffer.from(SPEC.challenge);
  pairPastEnd.writeUInt16LE(0x40, 0x44 + 2);
  broken(pairPastEnd, 0);
});

test.run();
