import { headerValues, type ResponseHead } from './http-head';

export interface ProxyCredentials {
  /** As the admin writes it, `DOMAIN\user` or `user`. */
  userName: string;
  password: string;
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

export function basicAuthorization(credentials: ProxyCredentials): string {
  return 'Basic ' + Buffer.from(`${credentials.userName}:${credentials.password}`, 'utf8').toString('base64');
}

export type AuthDecision =
  | { action: 'retry-basic'; authorization: string }
  | { action: 'fail'; code: 'PROXY_AUTH_REQUIRED' | 'PROXY_AUTH_FAILED' | 'PROXY_AUTH_UNSUPPORTED'; detail: string };

/** What to do after a 407: retry once with Basic when we can, otherwise the precise reason we cannot. */
export function decideAfter407(head: ResponseHead, credentials: ProxyCredentials | null, alreadySent: boolean): AuthDecision {
  const schemes = offeredSchemes(head);
  const offered = schemes.length > 0 ? schemes.join(', ') : 'no scheme';
  if (alreadySent) return { action: 'fail', code: 'PROXY_AUTH_FAILED', detail: `the proxy answered 407 again after Basic credentials (offers: ${offered})` };
  // NTLM/Negotiate (and Digest) need a handshake this probe does not speak; a bare 407 still gets a Basic try.
  if (schemes.length > 0 && !schemes.includes('basic')) {
    return { action: 'fail', code: 'PROXY_AUTH_UNSUPPORTED', detail: `the proxy offers only ${offered}` };
  }
  if (!credentials) return { action: 'fail', code: 'PROXY_AUTH_REQUIRED', detail: `407 ${head.reason} (offers: ${offered}); no credentials were given` };
  return { action: 'retry-basic', authorization: basicAuthorization(credentials) };
}
