/**
 * `reg export` text reduced to what it means for a comparison: per key, its value lines with the hex
 * continuation lines joined (FORMATS.md §3: `,\` CRLF and two spaces); keys without values are left out,
 * since deleting a key's last value leaves the key, and reg.exe cannot tell "empty" from "never there".
 */
export function valuesByKey(exports: Record<string, string | null>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const text of Object.values(exports)) {
    if (text === null) continue;
    let key: string | null = null;
    const joined = text.replace(/\\\r?\n\s+/g, '');
    for (const line of joined.split(/\r?\n/)) {
      const header = /^\[(.+)\]$/.exec(line);
      if (header) key = header[1]!;
      else if (key !== null && (line.startsWith('"') || line.startsWith('@='))) (result[key] ??= []).push(line);
    }
  }
  for (const key of Object.keys(result)) result[key]!.sort();
  return result;
}
