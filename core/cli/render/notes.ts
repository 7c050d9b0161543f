/** The notes a result carries (the documents' warnings, unreadable values) for a person: a labelled list after the rest. */
import { terminalText } from '../../messages';
import { bold, yellow, type Style } from '../style';
import { wrap } from '../text-layout';

export function noteLines(notes: readonly string[] | undefined, style: Style): string[] {
  if (!notes || notes.length === 0) return [];
  const out = ['', bold(style, terminalText('OUT_NOTES'))];
  for (const text of notes) {
    const [first, ...rest] = wrap(text, style.width - 4);
    out.push(`  ${yellow(style, 'i')} ${first}`, ...rest.map((l) => `    ${l}`));
  }
  return out;
}
