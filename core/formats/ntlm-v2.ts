import { createHmac } from 'node:crypto';
import { md4 } from './md4';

/**
 * The NTLMv2 response computation of [MS-NLMP] §3.3.2. Pure: the caller gives the client challenge and the time,
 * so the published vectors (§4.2.4) reproduce exactly. HMAC-MD5 is in OpenSSL 3's default provider; MD4 is not
 * (md4.ts).
 *
 * Secrets: the password, the NT hash and the response key live only in these functions' locals and are zeroed
 * after use; what leaves is what goes on the wire (responses) and the session base key, which callers keep to
 * themselves.
 */

function hmacMd5(key: Buffer, ...parts: Buffer[]): Buffer {
  const hmac = createHmac('md5', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** NTOWFv2: HMAC_MD5(MD4(UNICODE(password)), UNICODE(UPPERCASE(user) + domain)). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  const passwordBytes = Buffer.from(password, 'utf16le');
  const ntHash = md4(passwordBytes);
  try {
    return hmacMd5(ntHash, Buffer.from(user.toUpperCase() + domain, 'utf16le'));
  } finally {
    passwordBytes.fill(0);
    ntHash.fill(0);
  }
}

export interface NtlmV2Input {
  password: string;
  user: string;
  domain: string;
  serverChallenge: Buffer;
  /** 8 random bytes from the client. */
  clientChallenge: Buffer;
  /** FILETIME: the server's MsvAvTimestamp when it sent one, else the client's clock. */
  time: bigint;
  /** The CHALLENGE's TargetInfo, echoed as is. */
  targetInfo: Buffer;
  /** When the server sent MsvAvTimestamp the client sends no LMv2 response: Z(24) ([MS-NLMP] §3.1.5.1.2). */
  omitLmResponse: boolean;
}

export interface NtlmV2Responses {
  lmResponse: Buffer;
  ntResponse: Buffer;
  /** Never shown: it would let anyone holding the conversation derive the session's keys. */
  sessionBaseKey: Buffer;
}

/** The LmChallengeResponse, NtChallengeResponse and SessionBaseKey of an NTLMv2 AUTHENTICATE message. */
export function ntlmV2Responses(input: NtlmV2Input): NtlmV2Responses {
  const responseKey = ntowfV2(input.password, input.user, input.domain);
  try {
    const time = Buffer.alloc(8);
    time.writeBigUInt64LE(input.time);
    // temp = RespType 1, HiRespType 1, Z(6), Time, ClientChallenge, Z(4), ServerName, Z(4)
    const temp = Buffer.concat([
      Buffer.from([1, 1]),
      Buffer.alloc(6),
      time,
      input.clientChallenge,
      Buffer.alloc(4),
      input.targetInfo,
      Buffer.alloc(4),
    ]);
    const ntProof = hmacMd5(responseKey, input.serverChallenge, temp);
    const lmResponse = input.omitLmResponse
      ? Buffer.alloc(24)
      : Buffer.concat([hmacMd5(responseKey, input.serverChallenge, input.clientChallenge), input.clientChallenge]);
    return { lmResponse, ntResponse: Buffer.concat([ntProof, temp]), sessionBaseKey: hmacMd5(responseKey, ntProof) };
  } finally {
    responseKey.fill(0);
  }
}

/** Milliseconds since 1970 as a FILETIME (100 ns intervals since 1601-01-01 UTC). */
export function fileTime(epochMs: number): bigint {
  return (BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n;
}
