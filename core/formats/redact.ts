/**
 * A URL's user-info is a password more often than not (`http://user:secret@proxy:8080`), and Intune and
 * ConfigMgr keep whatever the executable prints. Text that may hold one is shown with the user-info replaced.
 * Pure.
 */

export const REDACTED = '***';

/**
 * `text` with everything between the start of its address and its last `@` replaced by `***`: after the first
 * `://` when there is one before that `@`, else after the first `=` (a per-scheme list entry), else from the
 * start. Generous on purpose: a password may hold spaces, `:` or `/`, and showing too little is harmless.
 */
export function redactUserInfo(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const scheme = text.indexOf('://');
  const equals = text.indexOf('=');
  const start = scheme !== -1 && scheme < at ? scheme + 3 : equals !== -1 && equals < at ? equals + 1 : leadingBlanks(text);
  return text.slice(0, start) + REDACTED + text.slice(at);
}

/** Whether a URL-ish text carries user-info: an `@` after its scheme (or anywhere in a bare address). */
export function hasUserInfo(text: string): boolean {
  return text.includes('@');
}

function leadingBlanks(text: string): number {
  return text.length - text.trimStart().length;
}
