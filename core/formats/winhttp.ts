/**
 * WinHTTP `WinHttpSettings` (REG_BINARY, FORMATS.md §2), what `netsh winhttp set/reset proxy` writes:
 * version, a word Windows leaves 0, flags, proxy server and bypass list as counted single-byte strings.
 */
import { BlobReader, countedAsciiBytes, splitStoredBypassList, u32Bytes } from './wininet';
import { formatBypassList, parsePerSchemeList, parseProxyAddress } from './proxy-address';

export const WINHTTP_FORMAT = 'winhttp WinHttpSettings';

/** 0x18: Wine and KB 4494447; 0x28: other captures. Both are read; a rewrite keeps the machine's. */
export const WINHTTP_VERSION = { KB4494447: 0x18, ALTERNATE: 0x28 } as const;

export const WINHTTP_FLAG = { DIRECT: 0x1, PROXY: 0x2 } as const;

export interface WinhttpSettings {
  version: number;
  /** The word at offset 4: 0 as Windows writes it; kept as found. */
  reserved: number;
  flags: number;
  proxyServer: string;
  bypassList: string;
  /** Bytes after the bypass list: none on known versions, kept verbatim if a later one adds some. */
  tail: Buffer;
}

export interface DecodedWinhttp extends WinhttpSettings {
  direct: boolean;
  /** Flag bit 0x2 (Windows writes 3, Wine 2). */
  proxy: boolean;
  bypass: string[];
}

export interface WinhttpFields {
  flags: number;
  proxyServer: string;
  bypassList: string;
  version?: number;
  reserved?: number;
  tail?: Buffer;
}

const INVALID = 'WINHTTP_BLOB_INVALID';
const NOT_ASCII = 'WINHTTP_TEXT_NOT_ASCII';

/** Decodes any version whose structure fits. Throws FormatError WINHTTP_BLOB_INVALID naming the offset. */
export function decodeWinhttp(blob: Buffer, format: string = WINHTTP_FORMAT): DecodedWinhttp {
  const reader = new BlobReader(blob, format, INVALID);
  const version = reader.u32('version');
  const reserved = reader.u32('reserved word');
  const flags = reader.u32('flags');
  const proxyServer = reader.countedString('proxy server');
  const bypassList = reader.countedString('bypass list');
  const tail = reader.rest();
  return {
    version,
    reserved,
    flags,
    proxyServer,
    bypassList,
    tail,
    direct: (flags & WINHTTP_FLAG.DIRECT) !== 0,
    proxy: (flags & WINHTTP_FLAG.PROXY) !== 0,
    bypass: splitStoredBypassList(bypassList),
  };
}

/** Version, reserved word and tail default to the replaced blob's (else 0x18, 0, none). ASCII only. */
export function encodeWinhttp(fields: WinhttpFields, previous?: WinhttpSettings | null, format: string = WINHTTP_FORMAT): Buffer {
  return Buffer.concat([
    u32Bytes(fields.version ?? previous?.version ?? WINHTTP_VERSION.KB4494447),
    u32Bytes(fields.reserved ?? previous?.reserved ?? 0),
    u32Bytes(fields.flags),
    countedAsciiBytes(fields.proxyServer, 'proxy server', format, NOT_ASCII),
    countedAsciiBytes(fields.bypassList, 'bypass list', format, NOT_ASCII),
    fields.tail ?? previous?.tail ?? Buffer.alloc(0),
  ]);
}

function previousSettings(previous: Buffer | WinhttpSettings | null | undefined, format: string): WinhttpSettings | null {
  if (!previous) return null;
  return Buffer.isBuffer(previous) ? decodeWinhttp(previous, format) : previous;
}

function keepUnknownFlags(previous: WinhttpSettings | null, flags: number): number {
  const known = WINHTTP_FLAG.DIRECT | WINHTTP_FLAG.PROXY;
  return ((previous ? previous.flags & ~known : 0) | flags) >>> 0;
}

/**
 * `netsh winhttp set proxy <server> [bypass-list="..."]`: flags 3 like Windows, `<local>` last in the bypass
 * list, the machine's version kept. `server` is `host:port` or `http=a:80;https=b:443`.
 */
export function buildWinhttpProxyBlob(
  server: string,
  bypass: readonly string[] = [],
  previous?: Buffer | WinhttpSettings | null,
  format: string = WINHTTP_FORMAT,
): Buffer {
  const before = previousSettings(previous, format);
  const proxyServer = server.trim();
  if (proxyServer === '') parseProxyAddress(proxyServer); // throws: a proxy server is required
  parsePerSchemeList(proxyServer);
  return encodeWinhttp(
    {
      flags: keepUnknownFlags(before, WINHTTP_FLAG.DIRECT | WINHTTP_FLAG.PROXY),
      proxyServer,
      bypassList: formatBypassList(bypass),
    },
    before,
    format,
  );
}

/** `netsh winhttp reset proxy`: direct access, empty strings, the machine's version kept. */
export function buildWinhttpResetBlob(previous?: Buffer | WinhttpSettings | null, format: string = WINHTTP_FORMAT): Buffer {
  const before = previousSettings(previous, format);
  return encodeWinhttp({ flags: keepUnknownFlags(before, WINHTTP_FLAG.DIRECT), proxyServer: '', bypassList: '' }, before, format);
}
