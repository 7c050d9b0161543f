/** The status line and headers of an HTTP/1.x response (a proxy's answer to CONNECT). */
export interface ResponseHead {
  status: number;
  reason: string;
  /** Lower-case header names; repeated headers keep every value. */
  headers: Map<string, string[]>;
}

/** Parses the text before the blank line; null when it is not an HTTP response. */
export function parseResponseHead(text: string): ResponseHead | null {
  const lines = text.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/.exec(lines[0] ?? '');
  if (!match) return null;
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers };
}

export function headerValues(head: ResponseHead, name: string): string[] {
  return head.headers.get(name.toLowerCase()) ?? [];
}
