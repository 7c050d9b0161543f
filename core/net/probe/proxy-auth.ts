import { detail } from '../../messages';
import { FormatError } from '../../errors';
import { isNtlmMessage } from '../../formats/ntlm-messages';
import { decodeNegTokenResp, encodeNegTokenInit, encodeNegTokenResp, isSpnegoToken } from '../../formats/spnego';
import type { ProbeCode } from './advice';
import { headerValues, type ResponseHead } from './http-head';
import { NtlmClient, type NtlmEnvironment } from './ntlm-client';

export interface ProxyCredentials {
  /** As the admin writes it, `DOMAIN\user` or `user`. */
  userName: string;
  password: string;
  /**
   * Set when the password could not be had (the sensor's stored one could not be decrypted): a probe that the
   * proxy asks for credentials reports this instead of trying without them.
   */
  unavailable?: { code: ProbeCode; detail: string };
}

/** The authentication schemes a 407 offers, lower-case (`basic`, `ntlm`, `negotiate`, `digest`…). */
export function offeredSchemes(head: ResponseHead): string[] {
  const schemes = new Set<string>();
  for (const value of headerValues(head, 'proxy-authenticate')) {
    // One header may list several challenges: "Basic realm="x", NTLM". A scheme is a token not followed by "=".
    for (const match of value.matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9_-]*)(?=\s|,|$)/g)) schemes.add(match[1]!.toLowerCase());
  }
  return [...schemes];
}

/**
 * The token of a connection-based scheme's challenge: undefined when the scheme is not offered, null when it is
 * offered bare (`NTLM`), the decoded bytes when it carries one (`NTLM TlRMTVNT…`).
 */
export function challengeToken(head: ResponseHead, scheme: 'ntlm' | 'negotiate'): Buffer | null | undefined {
  let offered = false;
  for (const value of headerValues(head, 'proxy-authenticate')) {
    for (const match of value.matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9_-]*)(?:\s+([A-Za-z0-9+/]+=*))?\s*(?=,|$)/g)) {
      if (match[1]!.toLowerCase() !== scheme) continue;
      if (match[2]) return Buffer.from(match[2], 'base64');
      offered = true;
    }
  }
  return offered ? null : undefined;
}

export function basicAuthorization(credentials: ProxyCredentials): string {
  return 'Basic ' + Buffer.from(`${credentials.userName}:${credentials.password}`, 'utf8').toString('base64');
}

export interface AuthFailure {
  code: ProbeCode;
  detail: string;
}

/** The next Proxy-Authorization to send. `fresh`: it starts a new handshake, so a new connection will do. */
export interface AuthStep {
  authorization: string;
  fresh: boolean;
}

/** One authentication conversation with a proxy: what to send first, then what to send after each 407. */
export interface ProxyAuthExchange {
  readonly scheme: 'basic' | 'ntlm' | 'negotiate';
  first(): AuthStep;
  next(head: ResponseHead): AuthStep | AuthFailure;
}

export function isAuthFailure(value: AuthStep | AuthFailure | ProxyAuthExchange): value is AuthFailure {
  return 'code' in value;
}

class BasicExchange implements ProxyAuthExchange {
  readonly scheme = 'basic';
  constructor(private readonly credentials: ProxyCredentials) {}
  first(): AuthStep {
    return { authorization: basicAuthorization(this.credentials), fresh: true };
  }
  next(head: ResponseHead): AuthFailure {
    return {
      code: 'PROXY_AUTH_FAILED',
      detail: detail('PROXY_BASIC_REJECTED', { user: this.credentials.userName, offers: offeredList(head) }),
    };
  }
}

function malformed(scheme: string, error: unknown): AuthFailure {
  if (!(error instanceof FormatError)) throw error;
  return { code: 'PROXY_AUTH_FAILED', detail: detail('PROXY_CHALLENGE_MALFORMED', { scheme, message: error.message }) };
}

/** NTLM (`Proxy-Authorization: NTLM …`): NEGOTIATE, the proxy's CHALLENGE, AUTHENTICATE, on one connection. */
class NtlmExchange implements ProxyAuthExchange {
  readonly scheme = 'ntlm';
  private sentAuthenticate = false;
  private readonly client: NtlmClient;
  constructor(
    private readonly credentials: ProxyCredentials,
    environment: NtlmEnvironment,
  ) {
    this.client = new NtlmClient(credentials.userName, credentials.password, environment);
  }
  first(): AuthStep {
    return { authorization: `NTLM ${this.client.negotiate().toString('base64')}`, fresh: true };
  }
  next(head: ResponseHead): AuthStep | AuthFailure {
    if (this.sentAuthenticate) {
      return { code: 'PROXY_AUTH_FAILED', detail: detail('PROXY_NTLM_REJECTED', { user: this.credentials.userName }) };
    }
    const token = challengeToken(head, 'ntlm');
    if (!token || !isNtlmMessage(token))
      return { code: 'PROXY_AUTH_FAILED', detail: detail('PROXY_NTLM_NO_CHALLENGE', { offers: offeredList(head) }) };
    try {
      this.sentAuthenticate = true;
      return { authorization: `NTLM ${this.client.authenticate(token).toString('base64')}`, fresh: false };
    } catch (error) {
      return malformed('NTLM', error);
    }
  }
}

/**
 * Negotiate (RFC 4559) with NTLM inside: first wrapped in SPNEGO, as RFC 4178 and Windows' SSPI write it; if the
 * proxy gives no NTLM challenge back, once more with the bare NTLM token, which Windows sends when it has no
 * Kerberos ticket and which squid's negotiate_wrapper hands to its NTLM helper. A proxy that answers neither
 * with a challenge accepts Kerberos only.
 */
class NegotiateExchange implements ProxyAuthExchange {
  readonly scheme = 'negotiate';
  private wrapping: 'spnego' | 'bare' = 'spnego';
  private sentAuthenticate = false;
  private readonly client: NtlmClient;
  constructor(
    private readonly credentials: ProxyCredentials,
    environment: NtlmEnvironment,
  ) {
    this.client = new NtlmClient(credentials.userName, credentials.password, environment);
  }
  first(): AuthStep {
    return { authorization: `Negotiate ${encodeNegTokenInit(this.client.negotiate()).toString('base64')}`, fresh: true };
  }
  next(head: ResponseHead): AuthStep | AuthFailure {
    if (this.sentAuthenticate) {
      return { code: 'PROXY_AUTH_FAILED', detail: detail('PROXY_NEGOTIATE_NTLM_REJECTED', { user: this.credentials.userName }) };
    }
    let challenge: { message: Buffer; wrapped: boolean } | null;
    try {
      challenge = this.ntlmChallenge(challengeToken(head, 'negotiate'));
    } catch (error) {
      return malformed('Negotiate', error);
    }
    if (!challenge) {
      if (this.wrapping === 'bare') {
        return { code: 'PROXY_AUTH_KERBEROS_ONLY', detail: detail('PROXY_KERBEROS_ONLY', { offers: offeredList(head) }) };
      }
      this.wrapping = 'bare';
      return { authorization: `Negotiate ${this.client.negotiate().toString('base64')}`, fresh: true };
    }
    try {
      const authenticate = this.client.authenticate(challenge.message);
      this.sentAuthenticate = true;
      // Answer in the form the challenge came in: some servers answer a SPNEGO offer with a bare CHALLENGE.
      const token = challenge.wrapped ? encodeNegTokenResp(authenticate) : authenticate;
      return { authorization: `Negotiate ${token.toString('base64')}`, fresh: false };
    } catch (error) {
      return malformed('Negotiate', error);
    }
  }
  /** The NTLM CHALLENGE in the proxy's Negotiate token and whether it came in SPNEGO; null when it sent none (or refused). */
  private ntlmChallenge(token: Buffer | null | undefined): { message: Buffer; wrapped: boolean } | null {
    if (!token || token.length === 0) return null;
    if (isNtlmMessage(token)) return { message: token, wrapped: false };
    if (!isSpnegoToken(token)) return null;
    const answer = decodeNegTokenResp(token);
    if (answer.negState === 'reject' || !answer.responseToken || !isNtlmMessage(answer.responseToken)) return null;
    return { message: answer.responseToken, wrapped: true };
  }
}

function offeredList(head: ResponseHead): string {
  const schemes = offeredSchemes(head);
  return schemes.length > 0 ? schemes.join(', ') : detail('PROXY_OFFERS_NO_SCHEME');
}

/** Preference among what a proxy offers, as Windows orders them, but NTLM before Negotiate: this client's Negotiate is NTLM anyway. */
const PREFERENCE = ['ntlm', 'negotiate', 'basic'] as const;

/**
 * The exchange to answer a 407 with, or the precise reason there is none. A bare 407 (no scheme named) gets a
 * Basic try, as before.
 */
export function startExchange(
  head: ResponseHead,
  credentials: ProxyCredentials | null,
  environment: () => NtlmEnvironment,
): ProxyAuthExchange | AuthFailure {
  const schemes = offeredSchemes(head);
  const scheme = schemes.length === 0 ? 'basic' : PREFERENCE.find((s) => schemes.includes(s));
  if (!scheme) return { code: 'PROXY_AUTH_UNSUPPORTED', detail: detail('PROXY_OFFERS_ONLY', { offers: offeredList(head) }) };
  if (!credentials)
    return { code: 'PROXY_AUTH_REQUIRED', detail: detail('PROXY_NO_CREDENTIALS', { reason: head.reason, offers: offeredList(head) }) };
  if (credentials.unavailable) return credentials.unavailable;
  if (scheme === 'basic') return new BasicExchange(credentials);
  return scheme === 'ntlm' ? new NtlmExchange(credentials, environment()) : new NegotiateExchange(credentials, environment());
}
