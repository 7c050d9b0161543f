/**
 * FORMATS.md §1–2 vectors exactly as written there, each with the meaning FORMATS.md gives it, plus a
 * tiny encoder of the documented layouts for blobs FORMATS.md has no vector for (per-scheme lists, long
 * bypass lists). Independent of core/formats on purpose: tests compare the product against the document.
 */

const Z32 = '0'.repeat(64);

export interface WininetMeaning {
  version: number;
  changeCounter: number;
  /** 0x1 direct, 0x2 manual proxy, 0x4 PAC, 0x8 auto-detect. */
  flags: number;
  proxyServer: string;
  bypassList: string;
  autoConfigUrl: string;
}

export interface WininetVector extends WininetMeaning {
  hex: string;
}

export const WININET_VECTORS = {
  /** 0x3C (IE6), counter 58, flags 9 (auto-detect). */
  ie6AutoDetect: {
    hex: '3C0000003A000000090000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    version: 0x3c,
    changeCounter: 58,
    flags: 9,
    proxyServer: '',
    bypassList: '',
    autoConfigUrl: '',
  },
  /** 0x46, counter 58, direct, 56 bytes. */
  ie7Direct: {
    hex: '460000003A000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    version: 0x46,
    changeCounter: 58,
    flags: 1,
    proxyServer: '',
    bypassList: '',
    autoConfigUrl: '',
  },
  /** flags 0x0F, proxy google.com:42, bypass Lol;<local>, PAC http://google.fr/. */
  allFlags: {
    hex:
      '46000000400000000F0000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
      Z32,
    version: 0x46,
    changeCounter: 0x40,
    flags: 0x0f,
    proxyServer: 'google.com:42',
    bypassList: 'Lol;<local>',
    autoConfigUrl: 'http://google.fr/',
  },
  /** The same strings, flags 1: all disabled but stored; counter 0x44. */
  storedButOff: {
    hex:
      '4600000044000000010000000D000000676F6F676C652E636F6D3A34320B0000004C6F6C3B3C6C6F63616C3E11000000687474703A2F2F676F6F676C652E66722F' +
      Z32,
    version: 0x46,
    changeCounter: 0x44,
    flags: 1,
    proxyServer: 'google.com:42',
    bypassList: 'Lol;<local>',
    autoConfigUrl: 'http://google.fr/',
  },
  /** NetworkingDsc, manual testproxy:8888, no PAC length (4 bytes shorter than Windows' blobs). */
  dscManual: {
    hex: '4600000008000000030000000e0000007465737470726f78793a3838383800000000' + Z32,
    version: 0x46,
    changeCounter: 8,
    flags: 3,
    proxyServer: 'testproxy:8888',
    bypassList: '',
    autoConfigUrl: '',
  },
  /** NetworkingDsc, manual + bypass <local>, no PAC length. */
  dscManualLocal: {
    hex: '4600000008000000030000000e0000007465737470726f78793a38383838070000003c6c6f63616c3e' + Z32,
    version: 0x46,
    changeCounter: 8,
    flags: 3,
    proxyServer: 'testproxy:8888',
    bypassList: '<local>',
    autoConfigUrl: '',
  },
} satisfies Record<string, WininetVector>;

export interface WinhttpMeaning {
  version: number;
  flags: number;
  proxyServer: string;
  bypassList: string;
}

export interface WinhttpVector extends WinhttpMeaning {
  hex: string;
}

export const WINHTTP_VECTORS = {
  /** What `netsh winhttp reset proxy` leaves (KB 4494447). */
  reset: { hex: '1800000000000000010000000000000000000000', version: 0x18, flags: 1, proxyServer: '', bypassList: '' },
  /** vbfox: direct, version 0x28. */
  direct28: { hex: '2800000000000000010000000000000000000000', version: 0x28, flags: 1, proxyServer: '', bypassList: '' },
  /** vbfox: proxy a:42, bypass *.42. */
  proxyA42: {
    hex: '28000000000000000300000004000000613A3432040000002A2E3432',
    version: 0x28,
    flags: 3,
    proxyServer: 'a:42',
    bypassList: '*.42',
  },
} satisfies Record<string, WinhttpVector>;

function u32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b.toString('hex');
}

function counted(text: string): string {
  return u32(text.length) + Buffer.from(text, 'latin1').toString('hex');
}

/** A Windows-shaped 0x46 blob (PAC length always written, 32-byte tail) from the FORMATS.md §1 table. */
export function wininetBlob(meaning: Omit<WininetMeaning, 'version'>): WininetVector {
  const hex =
    u32(0x46) +
    u32(meaning.changeCounter) +
    u32(meaning.flags) +
    counted(meaning.proxyServer) +
    counted(meaning.bypassList) +
    counted(meaning.autoConfigUrl) +
    Z32;
  return { hex: hex.toUpperCase(), version: 0x46, ...meaning };
}

/** A WinHTTP blob from the FORMATS.md §2 table (no tail). */
export function winhttpBlob(meaning: WinhttpMeaning): WinhttpVector {
  const hex = u32(meaning.version) + u32(0) + u32(meaning.flags) + counted(meaning.proxyServer) + counted(meaning.bypassList);
  return { hex: hex.toUpperCase(), ...meaning };
}

/** What `get` must report for a WinINet blob: strings stored while their flag is off are still reported. */
export function expectedWininetFields(m: WininetMeaning) {
  return {
    present: true,
    proxyEnabled: (m.flags & 0x2) !== 0,
    proxyServer: m.proxyServer || null,
    bypassList: m.bypassList ? m.bypassList.split(';') : [],
    autoConfigUrl: m.autoConfigUrl || null,
    autoDetect: (m.flags & 0x8) !== 0,
    version: m.version,
    changeCounter: m.changeCounter,
    error: null,
  };
}

/** What `get` must report for a WinHTTP blob: the proxy bit (0x2) decides. */
export function expectedWinhttpFields(m: WinhttpMeaning) {
  return {
    present: true,
    direct: (m.flags & 0x2) === 0,
    proxyServer: m.proxyServer || null,
    bypassList: m.bypassList ? m.bypassList.split(';') : [],
    error: null,
  };
}

export interface DecodedWininetLayout extends WininetMeaning {
  /** Bytes after the auto-config URL (Windows writes 32, the IE6 format 28). */
  tailLength: number;
  tailFirstWord: number;
}

/** Successive u32-length-prefixed single-byte strings from `start`, as both blob layouts store them. */
function countedStrings(b: Buffer, start: number): { next(): string; offset(): number } {
  let at = start;
  return {
    next(): string {
      const n = b.readUInt32LE(at);
      if (at + 4 + n > b.length) throw new Error(`string at ${at} runs past the end of the blob`);
      const s = b.toString('latin1', at + 4, at + 4 + n);
      at += 4 + n;
      return s;
    },
    offset: () => at,
  };
}

/** Reads a blob by the FORMATS.md §1 table, as Windows writes it (PAC length always present). */
export function readWininetLayout(hex: string): DecodedWininetLayout {
  const b = Buffer.from(hex, 'hex');
  const reader = countedStrings(b, 12);
  const text = reader.next;
  const proxyServer = text();
  const bypassList = text();
  const autoConfigUrl = text();
  const at = reader.offset();
  const tailLength = b.length - at;
  return {
    version: b.readUInt32LE(0),
    changeCounter: b.readUInt32LE(4),
    flags: b.readUInt32LE(8),
    proxyServer,
    bypassList,
    autoConfigUrl,
    tailLength,
    tailFirstWord: tailLength >= 4 ? b.readUInt32LE(at) : -1,
  };
}

/** Reads a WinHTTP blob by the FORMATS.md §2 table; throws when bytes are left over (it has no tail). */
export function readWinhttpLayout(hex: string): WinhttpMeaning {
  const b = Buffer.from(hex, 'hex');
  const reader = countedStrings(b, 12);
  const text = reader.next;
  const proxyServer = text();
  const bypassList = text();
  const at = reader.offset();
  if (at !== b.length) throw new Error(`${b.length - at} bytes follow the bypass list: WinHttpSettings has no tail`);
  return { version: b.readUInt32LE(0), flags: b.readUInt32LE(8), proxyServer, bypassList };
}
