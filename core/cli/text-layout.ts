/** Laying out text for a terminal: widths that ignore colour codes, wrapping, padding, cutting. Pure. */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this measures out
const ANSI = /\x1b\[[0-9;]*m/g;

/** Characters a terminal shows (colour codes take no room). */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}

/** Cuts plain text to `width` characters, ending with "..." when something was cut. */
export function cut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 3) return chars.slice(0, width).join('');
  return chars.slice(0, width - 3).join('') + '...';
}

/** Cuts plain text to `width` characters in the middle, keeping both ends: URLs differ at their ends. */
export function cutMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 3) return chars.slice(0, width).join('');
  const head = Math.ceil((width - 3) / 2);
  return chars.slice(0, head).join('') + '...' + chars.slice(chars.length - (width - 3 - head)).join('');
}

/** Words of plain text in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (visibleLength(line) + 1 + visibleLength(word) <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** `first` then the wrapped text indented under it: `--flag TYPE   description...`. */
export function hangingIndent(first: string, text: string, indent: number, width: number): string[] {
  const room = Math.max(20, width - indent);
  const body = wrap(text, room);
  if (visibleLength(first) + 2 <= indent) return [padEnd(first, indent) + body[0], ...body.slice(1).map((l) => ' '.repeat(indent) + l)];
  return [first, ...body.map((l) => ' '.repeat(indent) + l)];
}

export interface Column {
  header: string;
  /** Narrowed first when the table is wider than the terminal; other columns keep their width. */
  shrink?: boolean;
  /** Where a cell too wide is cut: at its end (the default) or in its middle (URLs). */
  cutIn?: 'end' | 'middle';
}

/**
 * Rows under a header, columns two spaces apart. When the table is wider than `width`, the shrinkable columns are
 * cut (never below 12 characters). Cells may carry colour: it is measured out.
 */
export function table(columns: Column[], rows: string[][], width: number): string[] {
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  for (let i = 0; i < columns.length && total() > width; i++) {
    if (columns[i]!.shrink) widths[i] = Math.max(12, widths[i]! - (total() - width));
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const cutter = columns[i]!.cutIn === 'middle' ? cutMiddle : cut;
        const fitted = visibleLength(cell) > widths[i]! ? cutter(cell.replace(ANSI, ''), widths[i]!) : cell;
        return i === cells.length - 1 ? fitted : padEnd(fitted, widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}
