import { detail } from '../messages';
import { FormatError } from '../errors';

/**
 * The three NTLM messages of [MS-NLMP] §2.2.1 (NEGOTIATE, CHALLENGE, AUTHENTICATE) as bytes. Pure: no I/O, no
 * randomness, no clock; the response computation is in ntlm-v2.ts.
 */

export const NTLM_FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  LM_KEY: 0x00000080,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSION_SECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

/** AV pair ids of a CHALLENGE's TargetInfo ([MS-NLMP] §2.2.2.1). */
export const AV_ID = { EOL: 0, NB_COMPUTER: 1, NB_DOMAIN: 2, DNS_COMPUTER: 3, DNS_DOMAIN: 4, DNS_TREE: 5, FLAGS: 6, TIMESTAMP: 7 } as const;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const FORMAT = detail('FORMAT_NTLM_MESSAGE');

export function isNtlmMessage(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.subarray(0, 8).equals(SIGNATURE);
}

/** NEGOTIATE_MESSAGE without domain, workstation or version: 32 bytes ([MS-NLMP] §2.2.1.1). */
export function encodeNegotiate(flags: number): Buffer {
  const message = Buffer.alloc(32);
  SIGNATURE.copy(message);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(flags >>> 0, 12);
  // DomainNameFields and WorkstationFields stay zero: length 0, offset 0.
  return message;
}

export interface ChallengeMessage {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  /** The raw AV pairs, echoed into the NTLMv2 response as they came. */
  targetInfo: Buffer;
  /** MsvAvTimestamp (FILETIME, 100 ns since 1601) when the server sent one. */
  timestamp: bigint | null;
}

function fail(offset: number, detail: string): FormatError {
  return new FormatError('NTLM_MESSAGE_INVALID', FORMAT, offset, detail);
}

/** A security buffer (length, max length, offset) at `at`, bounds-checked against the message. */
function readField(message: Buffer, at: number, name: string): Buffer {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length)
    throw fail(at, detail('NTLM_FIELD_PAST_END', { field: name, length, offset, size: message.length }));
  return message.subarray(offset, offset + length);
}

/**
 * The TargetName, or '' when its field points outside the message. It is only shown, never computed with, and
 * squid's own ntlm_fake_auth (5.7) writes an uninitialised offset there (0xaaaaaaae): a client must not choke on it.
 */
function readTargetName(message: Buffer, unicode: boolean): string {
  const length = message.readUInt16LE(12);
  const offset = message.readUInt32LE(16);
  if (length === 0 || offset + length > message.length) return '';
  return message.subarray(offset, offset + length).toString(unicode ? 'utf16le' : 'latin1');
}

/** Walks AV pairs up to MsvAvEOL; throws when a pair runs past the end. */
export function readAvPairs(info: Buffer): Map<number, Buffer> {
  const pairs = new Map<number, Buffer>();
  let at = 0;
  while (at + 4 <= info.length) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (id === AV_ID.EOL) return pairs;
    if (at + 4 + length > info.length) throw fail(at, detail('NTLM_AV_PAIR_PAST_END', { id, length }));
    pairs.set(id, info.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (info.length > 0) throw fail(at, detail('NTLM_TARGET_INFO_UNENDED'));
  return pairs;
}

/** CHALLENGE_MESSAGE ([MS-NLMP] §2.2.1.2). Throws FormatError NTLM_MESSAGE_INVALID on anything malformed. */
export function decodeChallenge(message: Buffer): ChallengeMessage {
  if (message.length < 32) throw fail(0, detail('NTLM_CHALLENGE_TOO_SHORT', { length: message.length }));
  if (!message.subarray(0, 8).equals(SIGNATURE)) throw fail(0, detail('NTLM_SIGNATURE_INVALID'));
  const type = message.readUInt32LE(8);
  if (type !== 2) throw fail(8, detail('NTLM_NOT_CHALLENGE', { type }));
  const flags = message.readUInt32LE(20);
  const unicode = (flags & NTLM_FLAGS.UNICODE) !== 0;
  const targetName = readTargetName(message, unicode);
  // TargetInfoFields sit at 40; a short (NTLMv1-era) message without them has none.
  const targetInfo =
    message.length >= 48 && (flags & NTLM_FLAGS.TARGET_INFO) !== 0 ? Buffer.from(readField(message, 40, 'TargetInfo')) : Buffer.alloc(0);
  const stamp = readAvPairs(targetInfo).get(AV_ID.TIMESTAMP);
  if (stamp && stamp.length !== 8) throw fail(40, detail('NTLM_TIMESTAMP_SIZE', { length: stamp.length }));
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName,
    targetInfo,
    timestamp: stamp ? stamp.readBigUInt64LE(0) : null,
  };
}

export interface AuthenticateFields {
  flags: number;
  lmResponse: Buffer;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  /** Only with KEY_EXCH, which this client does not negotiate; the spec's vectors carry one. */
  encryptedRandomSessionKey?: Buffer;
  /** The 8-byte VERSION structure, written when `flags` has VERSION. */
  version?: Buffer;
}

/**
 * AUTHENTICATE_MESSAGE ([MS-NLMP] §2.2.1.3), without a MIC: payload in the order Windows writes it (domain,
 * user, workstation, LM response, NT response, session key), strings in UTF-16LE when `flags` has UNICODE.
 */
export function encodeAuthenticate(fields: AuthenticateFields): Buffer {
  const unicode = (fields.flags & NTLM_FLAGS.UNICODE) !== 0;
  const text = (value: string) => Buffer.from(value, unicode ? 'utf16le' : 'latin1');
  const withVersion = (fields.flags & NTLM_FLAGS.VERSION) !== 0;
  const headerLength = 64 + (withVersion ? 8 : 0);
  const payload = [
    text(fields.domain),
    text(fields.user),
    text(fields.workstation),
    fields.lmResponse,
    fields.ntResponse,
    fields.encryptedRandomSessionKey ?? Buffer.alloc(0),
  ];
  const fieldAt = [28, 36, 44, 12, 20, 52];
  const message = Buffer.alloc(headerLength + payload.reduce((sum, part) => sum + part.length, 0));
  SIGNATURE.copy(message);
  message.writeUInt32LE(3, 8);
  let offset = headerLength;
  payload.forEach((part, i) => {
    if (part.length > 0xffff) throw fail(fieldAt[i]!, detail('NTLM_FIELD_TOO_LARGE', { length: part.length }));
    message.writeUInt16LE(part.length, fieldAt[i]!);
    message.writeUInt16LE(part.length, fieldAt[i]! + 2);
    message.writeUInt32LE(offset, fieldAt[i]! + 4);
    part.copy(message, offset);
    offset += part.length;
  });
  message.writeUInt32LE(fields.flags >>> 0, 60);
  if (withVersion) (fields.version ?? Buffer.alloc(8)).copy(message, 64, 0, 8);
  return message;
}
