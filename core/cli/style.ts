/**
 * Colour for a terminal, or none: with `color` false every function returns its text unchanged, so renderers are
 * written once. SGR codes only (libuv turns them into console attributes on older Windows consoles).
 */
export interface Style {
  color: boolean;
  /** Columns of the terminal (or of the page when not on one). */
  width: number;
}

function sgr(open: number, close: number) {
  return (style: Style, text: string): string => (style.color && text !== '' ? `\x1b[${open}m${text}\x1b[${close}m` : text);
}

export const bold = sgr(1, 22);
export const dim = sgr(2, 22);
export const red = sgr(31, 39);
export const green = sgr(32, 39);
export const yellow = sgr(33, 39);
export const cyan = sgr(36, 39);
