/** isInNet's arithmetic (Netscape's PAC functions): IPv4 only, as the functions were defined. */

function ipv4Number(text: string): number | null {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!parts) return null;
  const bytes = parts.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return null;
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** Whether `address` lies in the network `pattern`/`mask` (both dotted quads); false for anything else. */
export function ipv4InNet(address: unknown, pattern: unknown, mask: unknown): boolean {
  if (typeof address !== 'string' || typeof pattern !== 'string' || typeof mask !== 'string') return false;
  const [ip, net, bits] = [ipv4Number(address), ipv4Number(pattern), ipv4Number(mask)];
  if (ip === null || net === null || bits === null) return false;
  return (ip & bits) >>> 0 === (net & bits) >>> 0;
}
