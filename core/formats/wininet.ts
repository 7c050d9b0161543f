import { detail } from '../messages';
/**
 * WinINet `DefaultConnectionSettings` / `SavedLegacySettings` (REG_BINARY, FORMATS.md §1): version, change
 * counter, flags, three counted single-byte strings (proxy server, bypass list, auto-config URL) and a tail
 * whose meaning is undocumented and which is therefore kept byte for byte.
 */
import { FormatError } from '../errors';
import { formatBypassList, parsePerSchemeList } from './proxy-address';

export const WININET_FORMAT = detail('FORMAT_WININET');

export const WININET_VERSION = { IE7: 0x46, IE6: 0x3c } as const;

export const WININET_FLAG = { DIRECT: 0x1, PROXY: 0x2, AUTO_CONFIG: 0x4, AUTO_DETECT: 0x8 } as const;
const KNOWN_FLAGS = 0xf;

/** The blob's fields, enough to write it back unchanged. */
export interface WininetSettings {
  version: number;
  changeCounter: number;
  /** Raw flags; bits above 0x8 are kept as found. */
  flags: number;
  proxyServer: string;
  /** Raw `;`-separated list as stored. */
  bypassList: string;
  autoConfigUrl: string;
  /** Bytes after the auto-config URL (32 on 0x46 blobs, 28 on 0x3C), kept verbatim. */
  tail: Buffer;
}

/** What decodeWininet reports: the fields plus their meaning. Strings may be stored while their flag is off. */
export interface DecodedWininet extends WininetSettings {
  direct: boolean;
  proxy: boolean;
  autoConfig: boolean;
  autoDetect: boolean;
  bypass: string[];
  /** False for NetworkingDsc's blobs, which omit the auto-config URL length when there is no URL. */
  hasPacLength: boolean;
}

/** What encodeWininet writes; version and tail default to the replaced blob's (else 0x46 and zeros). */
export interface WininetFields {
  flags: number;
  proxyServer: string;
  bypassList: string;
  autoConfigUrl: string;
  version?: number;
  tail?: Buffer;
  /** Used only when there is no previous blob to count on from. */
  changeCounter?: number;
}

// ─── shared with winhttp.ts: u32 LE lengths and single-byte strings ─────────────────────────────────

/** Reads u32 LE fields and counted strings with a bounds check on every step. */
export class BlobReader {
  offset = 0;

  constructor(
    readonly blob: Buffer,
    private readonly format: string,
    private readonly code: string,
  ) {}

  get remaining(): number {
    return this.blob.length - this.offset;
  }

  fail(offset: number, detail: string): FormatError {
    return new FormatError(this.code, this.format, offset, detail);
  }

  u32(field: string): number {
    if (this.remaining < 4) {
      throw this.fail(this.offset, detail('WININET_BLOB_ENDS_IN_FIELD', { size: this.blob.length, field }));
    }
    const value = this.blob.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** u32 length, then that many single-byte characters (read as Latin-1), no NUL. */
  countedString(field: string): string {
    const at = this.offset;
    const length = this.u32(`${field} length`);
    if (length > this.remaining) {
      throw this.fail(at, detail('WININET_LENGTH_PAST_END', { field, length, size: this.blob.length }));
    }
    const text = this.blob.toString('latin1', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  rest(): Buffer {
    const rest = Buffer.from(this.blob.subarray(this.offset));
    this.offset = this.blob.length;
    return rest;
  }
}

export function u32Bytes(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** u32 length + ASCII bytes; non-ASCII text is refused with `code` naming the field and position. */
export function countedAsciiBytes(text: string, field: string, format: string, code: string): Buffer {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, is what is allowed
  const bad = text.search(/[^\x00-\x7f]/);
  if (bad !== -1) {
    throw new FormatError(code, format, bad, detail('WININET_NOT_ASCII', { field, text, character: text[bad]!, position: bad }));
  }
  return Buffer.concat([u32Bytes(text.length), Buffer.from(text, 'latin1')]);
}

export function splitStoredBypassList(list: string): string[] {
  return list
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
}

// ─── decode / encode ────────────────────────────────────────────────────────────────────────────────

const INVALID = 'WININET_BLOB_INVALID';
const NOT_ASCII = 'WININET_TEXT_NOT_ASCII';
const TAIL_LENGTH_IE7 = 32;
const TAIL_LENGTH_IE6 = 28;

function defaultTail(version: number): Buffer {
  return Buffer.alloc(version === WININET_VERSION.IE6 ? TAIL_LENGTH_IE6 : TAIL_LENGTH_IE7);
}

/**
 * Decodes any version whose structure fits (0x46, 0x3C and unknown ones). Throws FormatError
 * WININET_BLOB_INVALID with the offset of the field that does not fit.
 */
export function decodeWininet(blob: Buffer, format: string = WININET_FORMAT): DecodedWininet {
  const reader = new BlobReader(blob, format, INVALID);
  const version = reader.u32('version');
  const changeCounter = reader.u32('change counter');
  const flags = reader.u32('flags');
  const proxyServer = reader.countedString('proxy server');
  const bypassList = reader.countedString('bypass list');

  let autoConfigUrl = '';
  let hasPacLength = false;
  let tail: Buffer;
  if (reader.remaining < 4) {
    tail = reader.rest();
  } else {
    const pacAt = reader.offset;
    autoConfigUrl = reader.countedString('auto-config URL');
    hasPacLength = true;
    tail = reader.rest();
    // NetworkingDsc writes no auto-config length when there is no URL: what reads as an empty URL is the first
    // word of its 32-byte tail, leaving 28.
    if (version === WININET_VERSION.IE7 && autoConfigUrl === '' && tail.length === TAIL_LENGTH_IE7 - 4) {
      hasPacLength = false;
      tail = Buffer.from(blob.subarray(pacAt));
    }
  }

  return {
    version,
    changeCounter,
    flags,
    proxyServer,
    bypassList,
    autoConfigUrl,
    tail,
    direct: (flags & WININET_FLAG.DIRECT) !== 0,
    proxy: (flags & WININET_FLAG.PROXY) !== 0,
    autoConfig: (flags & WININET_FLAG.AUTO_CONFIG) !== 0,
    autoDetect: (flags & WININET_FLAG.AUTO_DETECT) !== 0,
    bypass: splitStoredBypassList(bypassList),
    hasPacLength,
  };
}

/**
 * Writes the blob as Windows does: full u32 lengths, the auto-config length always present, ASCII only.
 * With `previous` (the blob being replaced) the change counter is previous + 1 and version and tail default
 * to the previous ones; without it the counter is `fields.changeCounter` (default 1).
 */
export function encodeWininet(fields: WininetFields, previous?: WininetSettings | null, format: string = WININET_FORMAT): Buffer {
  const version = fields.version ?? previous?.version ?? WININET_VERSION.IE7;
  const changeCounter = previous ? (previous.changeCounter + 1) >>> 0 : (fields.changeCounter ?? 1);
  const tail = fields.tail ?? previous?.tail ?? defaultTail(version);
  return Buffer.concat([
    u32Bytes(version),
    u32Bytes(changeCounter),
    u32Bytes(fields.flags),
    countedAsciiBytes(fields.proxyServer, 'proxy server', format, NOT_ASCII),
    countedAsciiBytes(fields.bypassList, 'bypass list', format, NOT_ASCII),
    countedAsciiBytes(fields.autoConfigUrl, 'auto-config URL', format, NOT_ASCII),
    tail,
  ]);
}

// ─── builders ───────────────────────────────────────────────────────────────────────────────────────

export interface WininetProxyRequest {
  /** `host:port` or a per-scheme list `http=a:80;https=b:443`. */
  proxyServer?: string;
  bypass?: readonly string[];
  autoConfigUrl?: string;
  autoDetect?: boolean;
}

function previousSettings(previous: Buffer | WininetSettings | null | undefined, format: string): WininetSettings | null {
  if (!previous) return null;
  return Buffer.isBuffer(previous) ? decodeWininet(previous, format) : previous;
}

/**
 * The blob for exactly this configuration (strings not given are written empty), replacing `previous`
 * (raw or decoded; a raw one that does not decode throws its FormatError — pass null to start afresh).
 * The bypass list is written with `<local>` last.
 */
export function buildWininetBlob(
  request: WininetProxyRequest,
  previous?: Buffer | WininetSettings | null,
  format: string = WININET_FORMAT,
): Buffer {
  const before = previousSettings(previous, format);
  const proxyServer = (request.proxyServer ?? '').trim();
  if (proxyServer !== '') parsePerSchemeList(proxyServer);
  const autoConfigUrl = (request.autoConfigUrl ?? '').trim();
  let flags = WININET_FLAG.DIRECT as number;
  if (proxyServer !== '') flags |= WININET_FLAG.PROXY;
  if (autoConfigUrl !== '') flags |= WININET_FLAG.AUTO_CONFIG;
  if (request.autoDetect) flags |= WININET_FLAG.AUTO_DETECT;
  return encodeWininet(
    {
      flags: keepUnknownFlags(before, flags),
      proxyServer,
      bypassList: formatBypassList(request.bypass ?? []),
      autoConfigUrl,
    },
    before,
    format,
  );
}

/** Direct access: flags 1, empty strings, counter + 1, the previous version and tail kept. */
export function buildWininetClearBlob(previous?: Buffer | WininetSettings | null, format: string = WININET_FORMAT): Buffer {
  const before = previousSettings(previous, format);
  return encodeWininet(
    { flags: keepUnknownFlags(before, WININET_FLAG.DIRECT), proxyServer: '', bypassList: '', autoConfigUrl: '' },
    before,
    format,
  );
}

function keepUnknownFlags(previous: WininetSettings | null, flags: number): number {
  return ((previous ? previous.flags & ~KNOWN_FLAGS : 0) | flags) >>> 0;
}
