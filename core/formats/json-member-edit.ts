import { detail } from '../messages';
/**
 * Replaces one top-level member of a JSON object in its text, leaving every other byte alone: unknown
 * fields at any depth, key order, number spellings, indentation and line endings stay as they were.
 * (Microsoft's writer re-serialises the whole file at depth 2 and loses deeper data; this does not.)
 */

export interface JsonTextStyle {
  /** One level of indentation; '' for a compact one-line file. */
  indent: string;
  eol: '\r\n' | '\n';
  /** What follows a colon: ' ' in indented files, '' in compact ones. */
  colonSpace: string;
}

export function detectJsonStyle(text: string): JsonTextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)"/.exec(text);
  const colon = /"\s*:( ?)/.exec(text);
  return { indent: indented ? indented[1]! : '', eol, colonSpace: colon ? colon[1]! : '' };
}

/** The value rendered the way the file writes values `depth` levels deep. */
export function renderJsonValue(value: unknown, style: JsonTextStyle, depth: number): string {
  if (style.indent === '') return JSON.stringify(value);
  const base = style.indent.repeat(depth);
  return JSON.stringify(value, null, style.indent)
    .split('\n')
    .map((line, i) => (i === 0 ? line : base + line))
    .join(style.eol);
}

interface MemberSpan {
  valueStart: number;
  valueEnd: number;
}

/**
 * Sets member `name` of the top-level object to `value` (inserting it at the end when absent). Returns the
 * new text; the text unchanged when the member already holds an equal value.
 */
export function setTopLevelMember(text: string, name: string, value: unknown): string {
  const style = detectJsonStyle(text);
  const scan = scanTopLevel(text);
  const existing = scan.members.get(name);
  const rendered = renderJsonValue(value, style, 1);
  if (existing) return text.slice(0, existing.valueStart) + rendered + text.slice(existing.valueEnd);
  const member = `${JSON.stringify(name)}:${style.colonSpace}${rendered}`;
  const separator = style.indent === '' ? '' : style.eol + style.indent;
  if (scan.lastValueEnd === null) {
    const closing = style.indent === '' ? '' : style.eol;
    return text.slice(0, scan.openBrace + 1) + separator + member + closing + text.slice(scan.closeBrace);
  }
  return text.slice(0, scan.lastValueEnd) + ',' + separator + member + text.slice(scan.lastValueEnd);
}

interface TopLevelScan {
  openBrace: number;
  closeBrace: number;
  lastValueEnd: number | null;
  members: Map<string, MemberSpan>;
}

/** Finds the spans of the top-level members; expects text that JSON.parse accepted. */
function scanTopLevel(text: string): TopLevelScan {
  const members = new Map<string, MemberSpan>();
  let i = skipBlank(text, 0);
  if (text[i] !== '{') throw new Error(detail('JSON_NOT_OBJECT'));
  const openBrace = i;
  let lastValueEnd: number | null = null;
  i = skipBlank(text, i + 1);
  while (text[i] !== '}') {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipBlank(text, keyEnd);
    i = skipBlank(text, i + 1); // the colon
    const valueEnd = skipValue(text, i);
    members.set(key, { valueStart: i, valueEnd });
    lastValueEnd = valueEnd;
    i = skipBlank(text, valueEnd);
    if (text[i] === ',') i = skipBlank(text, i + 1);
  }
  return { openBrace, closeBrace: i, lastValueEnd, members };
}

function skipBlank(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** From an opening quote to just after the closing one. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = skipString(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error(detail('JSON_UNTERMINATED'));
  }
  let j = i;
  while (j < text.length && !/[\s,}\]]/.test(text[j]!)) j++;
  return j;
}
