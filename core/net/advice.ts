/**
 * Every probe outcome code with the one sentence an admin acts on. Codes are stable: scripts match on them.
 * A code names what happened; the probe's `stage` says where.
 */
export const advice = {
  OK: 'The route works: nothing to do.',
  OK_LEGACY_WORKSPACE:
    'The route works: HTTP 503 "The service is unavailable" is what some older MDI workspaces answer on the ping URL, and Microsoft documents it as success.',
  ROUTE_UNAVAILABLE:
    'This route is not configured on the machine (see detail): configure it, or test another route such as "direct" or "explicit".',
  PAC_FAILED:
    'The proxy auto-config (PAC) file could not be fetched or evaluated: check that its URL answers from this machine and that FindProxyForURL runs without errors.',
  PAC_TIMEOUT:
    'The proxy auto-config (PAC) file did not answer within the time limit (an endless loop, or a DNS look-up that hangs): fix FindProxyForURL, or the DNS it waits on.',
  PAC_MEMORY_LIMIT:
    'The proxy auto-config (PAC) file used more memory than a PAC file may: FindProxyForURL allocates without bound — fix the script.',
  PAC_DNS_LIMIT:
    'The proxy auto-config (PAC) file made more DNS look-ups per URL than a PAC file may (dnsResolve, isResolvable, isInNet): fix the loop in FindProxyForURL.',
  DNS_FAILED:
    'The name does not resolve (on this machine, or on the proxy when the stage is "proxy"): check the DNS servers and forwarders, or use a proxy that resolves external names.',
  CONNECT_REFUSED:
    'The server (or the proxy on its behalf) refused the TCP connection on that port: a firewall or the wrong address is in the way.',
  CONNECT_TIMEOUT:
    'Nothing answered the TCP connection in time: a firewall silently drops the traffic — allow outbound 443 to this host, or go through the proxy.',
  PROXY_REFUSED:
    'The proxy did not accept the TCP connection: check the proxy address and port, that the proxy service runs, and that no firewall blocks the way to it.',
  PROXY_AUTH_REQUIRED:
    'The proxy demands authentication (407): give the sensor a proxy account (MDI) or allow these URLs anonymously — the MDE sensor cannot authenticate to a proxy.',
  PROXY_AUTH_FAILED:
    'The proxy rejected the given user name and password (407 again): check the account, its password and its domain prefix.',
  PROXY_AUTH_UNSUPPORTED:
    'The proxy offers only NTLM/Negotiate (Windows integrated) authentication: allow these URLs anonymously or enable Basic authentication for the sensor account.',
  PROXY_FORBIDDEN:
    'The proxy refused the destination with 401/403 instead of asking for credentials with 407 — the MDI sensor reports this as "licensing issues": allow the URL on the proxy for this machine.',
  PROXY_ERROR:
    'The proxy could not open a tunnel to the destination (see the status in detail): check the proxy logs and its upstream connectivity.',
  TLS_FAILED:
    'The TLS handshake failed: the destination or a device in between does not speak TLS 1.2+ with this machine — check protocol and cipher policy and any SSL inspection.',
  TLS_INTERCEPTED:
    'The certificate chain does not end in the root Microsoft uses for this endpoint: something inspects TLS — exclude these URLs from SSL inspection.',
  TLS_UNEXPECTED_ROOT:
    'The chain ends in a public root that this endpoint does not use: the name leads to another service — check DNS, the hosts file and the URL.',
  TLS_NAME_MISMATCH:
    'The certificate does not name the host that was asked for: DNS, a hosts file entry or a proxy sends the connection to another server.',
  HTTP_FAILED:
    'The connection broke before an HTTP answer came: a proxy or firewall resets it after the handshake — check its logs for this URL.',
  HTTP_UNEXPECTED_STATUS:
    'The service answered with an HTTP status that does not prove the route (see httpStatus): a proxy or gateway answered in its place, or the URL is wrong.',
  HTTP_UNEXPECTED_BODY:
    'The ping answered 200 but not with "Ok" or a sensor version: a proxy or captive portal answered in the service\'s place.',
  TIMEOUT:
    'No answer within the time limit at this stage: the proxy or a device in between holds the connection open without answering — check its policy and logs.',
} as const;

export type ProbeCode = keyof typeof advice;

export function adviceFor(code: ProbeCode): string {
  return advice[code];
}

/** Codes that count as a passed probe. */
export const PASSING_CODES: ReadonlySet<ProbeCode> = new Set<ProbeCode>(['OK', 'OK_LEGACY_WORKSPACE']);
