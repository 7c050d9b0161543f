/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpBytes {
  family: 4 | 6;
  bytes: number[];
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  let body = text.replace(/%.*$/, '');
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4) return null;
    tail.push(...v4);
    body = body.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = groups.flatMap((g) => {
    const value = parseInt(g, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

export function parseIp(text: string): IpBytes | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const bytes = parseIpv6(trimmed);
    return bytes ? { family: 6, bytes } : null;
  }
  const bytes = parseIpv4(trimmed);
  return bytes ? { family: 4, bytes } : null;
}

/** `::ffff:a.b.c.d` is the IPv4 address a.b.c.d (how dual-stack sockets show IPv4 peers). */
function unmapped(address: IpBytes): IpBytes {
  const b = address.bytes;
  if (address.family === 6 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff)
    return { family: 4, bytes: b.slice(12) };
  return address;
}

export interface Cidr extends IpBytes {
  bits: number;
}

/** `a.b.c.d/n` or `x::y/n`; a bare address is a /32 or /128. */
export function parseCidr(text: string): Cidr | null {
  const [addressText = '', bitsText, ...extra] = text.trim().split('/');
  if (extra.length > 0) return null;
  const address = parseIp(addressText);
  if (!address) return null;
  const max = address.family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  return bits >= 0 && bits <= max ? { ...address, bits } : null;
}

/** Whether the address lies inside the prefix; false for unparsable input or different families. */
export function cidrContains(cidr: Cidr | string, addressText: string): boolean {
  const prefix = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const parsed = parseIp(addressText);
  if (!prefix || !parsed) return false;
  const address = prefix.family === 4 ? unmapped(parsed) : parsed;
  if (address.family !== prefix.family) return false;
  for (let bit = 0; bit < prefix.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((address.bytes[byte]! & mask) !== (prefix.bytes[byte]! & mask)) return false;
  }
  return true;
}
