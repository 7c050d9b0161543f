/**
 * IP address literals, as node:net's isIP/isIPv4/isIPv6 judge them. node:net itself is loaded only for an address
 * that may be IPv6: importing it brings streams and sockets (~20 of Node's modules) into every start-up that merely
 * parses a proxy address, which a scripted `get` does. A dotted quad is judged here, exactly as Node does (four
 * numbers from 0 to 255, no leading zeros).
 */
const IPV4_PART = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part));
}

/** Every IPv6 literal has a colon; anything without one is answered without node:net. */
export function isIPv6(text: string): boolean {
  return text.includes(':') && (require('node:net') as typeof import('node:net')).isIPv6(text);
}

/** 4, 6 or 0, as node:net's isIP. */
export function isIP(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}
