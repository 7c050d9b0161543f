/**
 * `.reg` files as `reg export` writes them and `reg import` / regedit read them (FORMATS.md §3).
 * Pure: text in, document out, and back. Value data is kept as the raw bytes Windows stores.
 */
import { FormatError } from '../errors';
import { detail } from '../messages';
import { type TextEncoding, decodeText, encodeText } from './text-encoding';
import { REG, type RegKey, type RegValue, canonicalKeyPath, sameName } from './registry-model';

export type RegFileEncoding = TextEncoding;

export const REG_FILE_HEADER_V5 = 'Windows Registry Editor Version 5.00';
export const REG_FILE_HEADER_V4 = 'REGEDIT4';
export type RegFileHeader = typeof REG_FILE_HEADER_V5 | typeof REG_FILE_HEADER_V4;

export interface RegFileKey {
  /** Canonical full root name, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\...`. */
  path: string;
  /** `[-KEY]`: the key and everything below it is deleted. */
  deleteKey: boolean;
  values: RegValue[];
  /** `"name"=-` (or `@=-` for the default value, name ''). */
  deletedValues: string[];
}

export interface RegFileDocument {
  header: RegFileHeader;
  keys: RegFileKey[];
}

const MALFORMED = 'REG_FILE_MALFORMED';
const DEFAULT_FORMAT_NAME = detail('FORMAT_REG_FILE');
const CRLF = '\r\n';
/** reg.exe / regedit wrap hex data once a line reaches this many characters (wine programs/reg/export.c). */
const MAX_HEX_LINE_CHARS = 77;
const HEX_CONTINUATION = '\\' + CRLF + '  ';

// ─── bytes ⇄ text ───────────────────────────────────────────────────────────────────────────────────

/** FF FE → UTF-16LE; EF BB BF → UTF-8 with BOM; anything else → UTF-8. The BOM is not part of the text. */
export function decodeRegFileBytes(bytes: Buffer): { text: string; encoding: RegFileEncoding } {
  return decodeText(bytes);
}

/** UTF-16LE always carries the BOM FF FE, as `reg export` writes it. */
export function encodeRegFileBytes(text: string, encoding: RegFileEncoding): Buffer {
  return encodeText(text, encoding);
}

// ─── convenience ────────────────────────────────────────────────────────────────────────────────────

/** A version 5.00 document that sets exactly these keys and values. */
export function regFileFromKeys(keys: RegKey[]): RegFileDocument {
  return {
    header: REG_FILE_HEADER_V5,
    keys: keys.map((key) => ({
      path: canonicalKeyPath(key.path),
      deleteKey: false,
      values: key.values.map((v) => ({ name: v.name, type: v.type, data: Buffer.from(v.data) })),
      deletedValues: [],
    })),
  };
}

// ─── parse ──────────────────────────────────────────────────────────────────────────────────────────

interface PhysicalLine {
  text: string;
  /** Character offset of the line's first character in the whole text. */
  offset: number;
  /** 1-based. */
  number: number;
}

function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    lines.push({ text: text.slice(start, m.index), offset: start, number: lines.length + 1 });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), offset: start, number: lines.length + 1 });
  return lines;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function skipBlanks(s: string, pos: number): number {
  while (isBlank(s[pos])) pos++;
  return pos;
}

/** Nothing but blanks, or a `;` comment, from `pos` to the end of the line. */
function restIsEmpty(s: string, pos: number): boolean {
  pos = skipBlanks(s, pos);
  return pos >= s.length || s[pos] === ';';
}

/**
 * Parses a .reg file. Throws FormatError REG_FILE_MALFORMED naming the line and the character offset.
 * Within one `[KEY]` section a later line for the same value name wins (set after delete, delete after set),
 * so `values` and `deletedValues` never name the same value.
 */
export function parseRegFile(text: string, fileName: string = DEFAULT_FORMAT_NAME): RegFileDocument {
  return new RegFileParser(text, fileName, false).parse();
}

/** A line regedit would skip, and why: reported as a warning instead of refusing the whole file. */
export interface RegFileWarning {
  /** 1-based line number of the first line skipped. */
  line: number;
  /** The reason, naming the line (as FormatError messages do). */
  message: string;
}

/**
 * Reads a .reg file the way regedit imports one: a line it does not recognise (a bad value, text that is
 * neither a key nor a value, a `#` line, a value line before any key or after a `[-KEY]` deletion, the lines
 * of a key whose path is unusable) is skipped, and the rest is read. Hand-edited images from support cases
 * hold such lines. Only the header stays mandatory, as for regedit. A genuine `reg export` reads exactly as
 * parseRegFile reads it, with no warnings.
 */
export function parseRegFileLeniently(
  text: string,
  fileName: string = DEFAULT_FORMAT_NAME,
): { document: RegFileDocument; warnings: RegFileWarning[] } {
  const parser = new RegFileParser(text, fileName, true);
  const document = parser.parse();
  return { document, warnings: parser.warnings };
}

/** Lines under a key line that could not be read: regedit drops them with the key. */
const UNUSABLE_KEY = Symbol('unusable key');

class RegFileParser {
  private readonly lines: PhysicalLine[];
  private index = 0;
  private header: RegFileHeader = REG_FILE_HEADER_V5;
  readonly warnings: RegFileWarning[] = [];

  constructor(
    text: string,
    private readonly formatName: string,
    private readonly lenient: boolean,
  ) {
    this.lines = splitLines(text);
  }

  parse(): RegFileDocument {
    this.header = this.parseHeader();
    const keys: RegFileKey[] = [];
    let current: RegFileKey | typeof UNUSABLE_KEY | null = null;
    for (this.index = 1; this.index < this.lines.length; this.index++) {
      const line = this.lines[this.index]!;
      const pos = skipBlanks(line.text, 0);
      const c = line.text[pos];
      if (c === undefined || c === ';') continue;
      try {
        if (c === '[') {
          current = UNUSABLE_KEY;
          current = this.parseKeyLine(line, pos);
          keys.push(current);
        } else if (c === '@' || c === '"') {
          if (!current) throw this.error(line, pos, detail('REG_VALUE_BEFORE_KEY'));
          if (current === UNUSABLE_KEY) throw this.error(line, pos, detail('REG_VALUE_UNDER_UNUSABLE_KEY'));
          if (current.deleteKey) throw this.error(line, pos, detail('REG_VALUE_AFTER_KEY_DELETION'));
          this.parseValueLine(current, line, pos);
        } else {
          throw this.error(line, pos, detail('REG_UNEXPECTED_TEXT', { text: excerpt(line.text.slice(pos)) }));
        }
      } catch (error) {
        if (!this.lenient || !(error instanceof FormatError)) throw error;
        this.warnings.push({
          line: line.number,
          message: detail('REG_LINE_SKIPPED', { reason: error.message.replace(/ \(at offset \d+\)$/, '') }),
        });
      }
    }
    return { header: this.header, keys };
  }

  private error(line: PhysicalLine, column: number, reason: string): FormatError {
    return new FormatError(MALFORMED, this.formatName, line.offset + column, detail('REG_AT_LINE', { line: line.number, detail: reason }));
  }

  private parseHeader(): RegFileHeader {
    const line = this.lines[0]!;
    const start = line.text.startsWith('\uFEFF') ? 1 : 0;
    const found = line.text.slice(start).replace(/^[ \t]+|[ \t]+$/g, '');
    if (found === REG_FILE_HEADER_V5 || found === REG_FILE_HEADER_V4) return found;
    throw this.error(line, 0, detail('REG_HEADER_EXPECTED', { v5: REG_FILE_HEADER_V5, v4: REG_FILE_HEADER_V4, found: excerpt(found) }));
  }

  private parseKeyLine(line: PhysicalLine, open: number): RegFileKey {
    const close = line.text.lastIndexOf(']');
    if (close < open) throw this.error(line, open, detail('REG_KEY_UNCLOSED'));
    if (!restIsEmpty(line.text, close + 1)) {
      throw this.error(line, close + 1, detail('REG_KEY_TRAILING_TEXT'));
    }
    let inner = line.text.slice(open + 1, close);
    const deleteKey = inner.startsWith('-');
    if (deleteKey) inner = inner.slice(1);
    if (inner.length === 0) throw this.error(line, open, detail('REG_KEY_EMPTY'));
    let path: string;
    try {
      path = canonicalKeyPath(inner);
    } catch {
      throw this.error(line, open + 1, detail('REG_KEY_ROOT_UNKNOWN', { path: excerpt(inner) }));
    }
    return { path, deleteKey, values: [], deletedValues: [] };
  }

  private parseValueLine(key: RegFileKey, line: PhysicalLine, start: number): void {
    const s = line.text;
    let name: string;
    let pos: number;
    if (s[start] === '@') {
      name = '';
      pos = start + 1;
    } else {
      const quoted = this.readQuoted(line, start);
      name = quoted.text;
      pos = quoted.end;
    }
    pos = skipBlanks(s, pos);
    if (s[pos] !== '=') throw this.error(line, pos, detail('REG_EQUALS_EXPECTED'));
    pos = skipBlanks(s, pos + 1);

    if (s[pos] === '-' && restIsEmpty(s, pos + 1)) {
      deleteValue(key, name);
      return;
    }
    setValue(key, { name, ...this.parseData(line, pos) });
  }

  private parseData(line: PhysicalLine, pos: number): { type: number; data: Buffer } {
    const s = line.text;
    if (s[pos] === '"') {
      const quoted = this.readQuoted(line, pos);
      if (!restIsEmpty(s, quoted.end)) throw this.error(line, quoted.end, detail('REG_QUOTE_TRAILING_TEXT'));
      return { type: REG.SZ, data: Buffer.from(quoted.text + '\0', 'utf16le') };
    }
    const rest = s.slice(pos);
    const dword = /^dword:/i.exec(rest);
    if (dword) return { type: REG.DWORD, data: this.parseDword(line, pos + dword[0].length) };
    const hex = /^hex(?:\(([0-9a-fA-F]*)\))?:/i.exec(rest);
    if (hex) {
      const type = hex[1] === undefined ? REG.BINARY : this.parseHexType(line, pos, hex[1]);
      const bytes = this.parseHexBytes(line, pos + hex[0].length);
      return { type, data: this.header === REG_FILE_HEADER_V4 && isStringType(type) ? widenAnsi(bytes) : bytes };
    }
    throw this.error(line, pos, detail('REG_VALUE_DATA_UNKNOWN', { data: excerpt(rest) }));
  }

  private parseHexType(line: PhysicalLine, pos: number, digits: string): number {
    if (digits.length === 0 || digits.length > 8) {
      throw this.error(line, pos, detail('REG_HEX_TYPE_INVALID', { digits: excerpt(digits) }));
    }
    return parseInt(digits, 16);
  }

  private parseDword(line: PhysicalLine, pos: number): Buffer {
    const s = line.text;
    const m = /^[0-9a-fA-F]*/.exec(s.slice(pos))![0];
    if (m.length === 0 || m.length > 8 || !restIsEmpty(s, pos + m.length)) {
      throw this.error(line, pos, detail('REG_DWORD_INVALID', { data: excerpt(s.slice(pos)) }));
    }
    const data = Buffer.alloc(4);
    data.writeUInt32LE(parseInt(m, 16));
    return data;
  }

  /**
   * Comma-separated hex bytes; a line ending in `\` continues on the next line, whose leading blanks are
   * skipped (comment lines in between are skipped too). Advances `this.index` past continuation lines.
   */
  private parseHexBytes(first: PhysicalLine, pos: number): Buffer {
    const bytes: number[] = [];
    let expectByte = true;
    let line = first;
    for (;;) {
      const s = line.text;
      const comment = s.indexOf(';', pos);
      let end = comment === -1 ? s.length : comment;
      while (end > pos && isBlank(s[end - 1])) end--;
      const continues = end > pos && s[end - 1] === '\\';
      if (continues) end--;

      for (let p = skipBlanks(s, pos); p < end; p = skipBlanks(s, p)) {
        if (expectByte) {
          let q = p;
          while (q < end && s[q] !== ',' && !isBlank(s[q])) q++;
          if (!/^[0-9a-fA-F]{1,2}$/.test(s.slice(p, q))) {
            const token = s.slice(p, Math.max(q, p + 1));
            throw this.error(line, p, detail('REG_HEX_BYTE_INVALID', { token: excerpt(token) }));
          }
          bytes.push(parseInt(s.slice(p, q), 16));
          expectByte = false;
          p = q;
        } else {
          if (s[p] !== ',') throw this.error(line, p, detail('REG_HEX_COMMA_EXPECTED', { found: s[p] ?? '' }));
          expectByte = true;
          p++;
        }
      }

      if (!continues) break;
      const next = this.nextContinuationLine();
      if (!next) break;
      line = next;
      pos = 0;
    }
    // A trailing comma (`01,02,`) is tolerated, as regedit does.
    return Buffer.from(bytes);
  }

  private nextContinuationLine(): PhysicalLine | null {
    while (this.index + 1 < this.lines.length) {
      const line = this.lines[++this.index]!;
      const p = skipBlanks(line.text, 0);
      if (line.text[p] === ';') continue;
      return line;
    }
    return null;
  }

  /** `"..."` starting at `open`; escapes `\\` `\"` (and, as wine writes them, `\n` `\r` `\0`). */
  private readQuoted(line: PhysicalLine, open: number): { text: string; end: number } {
    const s = line.text;
    let text = '';
    for (let p = open + 1; p < s.length; p++) {
      const c = s[p];
      if (c === '"') return { text, end: p + 1 };
      if (c !== '\\') {
        text += c;
        continue;
      }
      const escaped = s[++p];
      if (escaped === undefined) break;
      const replacement = UNESCAPES[escaped];
      if (replacement === undefined) {
        throw this.error(line, p - 1, detail('REG_ESCAPE_UNKNOWN', { escaped }));
      }
      text += replacement;
    }
    throw this.error(line, open, detail('REG_STRING_UNTERMINATED'));
  }
}

const UNESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', '0': '\0' };

function excerpt(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

function setValue(key: RegFileKey, value: RegValue): void {
  key.deletedValues = key.deletedValues.filter((n) => !sameName(n, value.name));
  const existing = key.values.findIndex((v) => sameName(v.name, value.name));
  if (existing === -1) key.values.push(value);
  else key.values[existing] = value;
}

function deleteValue(key: RegFileKey, name: string): void {
  key.values = key.values.filter((v) => !sameName(v.name, name));
  if (!key.deletedValues.some((n) => sameName(n, name))) key.deletedValues.push(name);
}

// ─── REGEDIT4: string types are stored as single-byte (ANSI, read here as Latin-1) ──────────────────

function isStringType(type: number): boolean {
  return type === REG.SZ || type === REG.EXPAND_SZ || type === REG.MULTI_SZ;
}

function widenAnsi(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1'), 'utf16le');
}

function narrowToAnsi(data: Buffer): Buffer | null {
  if (data.length % 2 !== 0) return null;
  const out = Buffer.alloc(data.length / 2);
  for (let i = 0; i < out.length; i++) {
    const unit = data.readUInt16LE(i * 2);
    if (unit > 0xff) return null;
    out[i] = unit;
  }
  return out;
}

// ─── format ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Canonical `reg export` text with CRLF line ends: header, then per key a blank line, `[path]` and its values
 * (deleted values after them), and an extra CRLF at the end. Hex data wraps exactly as reg.exe wraps it.
 */
export function formatRegFile(doc: RegFileDocument): string {
  let out = doc.header + CRLF;
  for (const key of doc.keys) {
    out += CRLF + (key.deleteKey ? `[-${key.path}]` : `[${key.path}]`) + CRLF;
    for (const value of key.values) out += formatValueLine(value, doc.header) + CRLF;
    for (const name of key.deletedValues) out += formatValueName(name) + '-' + CRLF;
  }
  return out + CRLF;
}

function formatValueName(name: string): string {
  return name === '' ? '@=' : `"${escapeQuoted(name)}"=`;
}

function escapeQuoted(s: string): string {
  return s.replace(/[\\"\n\r\0]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

function formatValueLine(value: RegValue, header: RegFileHeader): string {
  const namePart = formatValueName(value.name);
  if (value.type === REG.SZ) {
    const text = plainRegSzText(value.data);
    if (text !== null) return namePart + `"${escapeQuoted(text)}"`;
  }
  if (value.type === REG.DWORD && value.data.length === 4) {
    return namePart + 'dword:' + value.data.readUInt32LE(0).toString(16).padStart(8, '0');
  }
  let data = value.data;
  if (header === REG_FILE_HEADER_V4 && isStringType(value.type)) {
    const narrow = narrowToAnsi(data);
    if (!narrow) {
      throw new FormatError(
        'REG_FILE_UNREPRESENTABLE',
        detail('FORMAT_REGEDIT4_FILE'),
        0,
        detail('REG_VALUE_NOT_ANSI', { name: value.name }),
      );
    }
    data = narrow;
  }
  return formatHexData(namePart, value.type, data);
}

/**
 * The text of a REG_SZ that a `"..."` form carries without loss: a whole UTF-16 string ending in exactly one
 * NUL, with no other NUL, no line breaks and no unpaired surrogate; else null (the caller writes hex(1):).
 */
function plainRegSzText(data: Buffer): string | null {
  if (data.length < 2 || data.length % 2 !== 0) return null;
  const text = data.toString('utf16le');
  if (!text.endsWith('\0')) return null;
  const body = text.slice(0, -1);
  if (/[\0\r\n]/.test(body)) return null;
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(body)) return null;
  return body;
}

/** `hex:` / `hex(N):` lowercase bytes, wrapped the way reg.exe wraps them. */
function formatHexData(namePart: string, type: number, data: Buffer): string {
  const prefix = type === REG.BINARY ? 'hex:' : `hex(${type.toString(16)}):`;
  const parts: string[] = [namePart, prefix];
  let lineLength = namePart.length + prefix.length;
  for (let i = 0; i < data.length; i++) {
    parts.push(HEX_BYTES[data[i]!]!);
    if (i === data.length - 1) break;
    parts.push(',');
    lineLength += 3;
    if (lineLength >= MAX_HEX_LINE_CHARS) {
      parts.push(HEX_CONTINUATION);
      lineLength = 2;
    }
  }
  return parts.join('');
}

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
