import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { NTLM_FLAGS, decodeChallenge, encodeAuthenticate, encodeNegotiate } from '../../formats/ntlm-messages';
import { fileTime, ntlmV2Responses } from '../../formats/ntlm-v2';

/** What the client offers: NTLMv2 only (extended session security, no LM key), no signing, sealing or key exchange. */
const CLIENT_FLAGS =
  NTLM_FLAGS.UNICODE |
  NTLM_FLAGS.OEM |
  NTLM_FLAGS.REQUEST_TARGET |
  NTLM_FLAGS.NTLM |
  NTLM_FLAGS.ALWAYS_SIGN |
  NTLM_FLAGS.EXTENDED_SESSION_SECURITY |
  NTLM_FLAGS.N128 |
  NTLM_FLAGS.N56;

/** `DOMAIN\user` → domain and user; `user@dns.domain` and a bare `user` go as the user with an empty domain, as Windows sends them. */
export function splitUserName(userName: string): { domain: string; user: string } {
  const slash = userName.indexOf('\\');
  return slash === -1 ? { domain: '', user: userName } : { domain: userName.slice(0, slash), user: userName.slice(slash + 1) };
}

export interface NtlmEnvironment {
  /** The NetBIOS-style name the AUTHENTICATE message gives as the workstation. */
  workstation: string;
  random: (size: number) => Buffer;
  now: () => number;
}

export const systemNtlmEnvironment = (): NtlmEnvironment => ({
  workstation: (hostname().split('.')[0] ?? '').toUpperCase().slice(0, 15),
  random: randomBytes,
  now: Date.now,
});

/**
 * The client side of one NTLM handshake ([MS-NLMP] §3.1.5): NEGOTIATE, then AUTHENTICATE with an NTLMv2 response
 * to the server's CHALLENGE. Never NTLMv1 or LM, whatever the server offers.
 */
export class NtlmClient {
  constructor(
    private readonly userName: string,
    private readonly password: string,
    private readonly environment: NtlmEnvironment,
  ) {}

  negotiate(): Buffer {
    return encodeNegotiate(CLIENT_FLAGS);
  }

  /** Throws FormatError when the challenge is malformed. */
  authenticate(challengeBytes: Buffer): Buffer {
    const challenge = decodeChallenge(challengeBytes);
    const { domain, user } = splitUserName(this.userName);
    const charset = challenge.flags & NTLM_FLAGS.UNICODE ? NTLM_FLAGS.UNICODE : NTLM_FLAGS.OEM;
    const flags =
      (challenge.flags & CLIENT_FLAGS & ~(NTLM_FLAGS.UNICODE | NTLM_FLAGS.OEM)) | charset | (challenge.flags & NTLM_FLAGS.TARGET_INFO);
    const responses = ntlmV2Responses({
      password: this.password,
      user,
      domain,
      serverChallenge: challenge.serverChallenge,
      clientChallenge: this.environment.random(8),
      time: challenge.timestamp ?? fileTime(this.environment.now()),
      targetInfo: challenge.targetInfo,
      omitLmResponse: challenge.timestamp !== null,
    });
    // Without key exchange, signing or a MIC the session key has no use here: it goes no further.
    responses.sessionBaseKey.fill(0);
    return encodeAuthenticate({
      flags: flags >>> 0,
      lmResponse: responses.lmResponse,
      ntResponse: responses.ntResponse,
      domain,
      user,
      workstation: this.environment.workstation,
    });
  }
}
