/** plan, set, clear and restore for a person: what changes, each value before → after, and the backup taken. */
import type { Change, PlanResult, SetResult } from '../../protocol';
import { terminalText } from '../../messages';
import { bold, cyan, dim, green, red, type Style } from '../style';
import { visibleLength, wrap } from '../text-layout';
import { noteLines } from './notes';

function value(text: string | null, style: Style): string {
  return text === null ? dim(style, terminalText('OUT_NONE')) : text;
}

/** `before -> after` on one line when it fits, else on two labelled lines. */
function changeLines(change: Change, style: Style): string[] {
  const before = red(style, value(change.before, style));
  const after = green(style, value(change.after, style));
  const head = `  ${cyan(style, change.store)}  ${change.target}`;
  const oneLine = `      ${before} -> ${after}`;
  if (visibleLength(oneLine) <= style.width) return [head, oneLine];
  const labelled = (label: string, text: string | null, paint: (s: Style, t: string) => string) => {
    const [first, ...rest] = wrap(text ?? terminalText('OUT_NONE'), style.width - 14);
    return [`      ${label.padEnd(8)}${paint(style, first!)}`, ...rest.map((l) => `              ${paint(style, l)}`)];
  };
  return [head, ...labelled(terminalText('OUT_BEFORE'), change.before, red), ...labelled(terminalText('OUT_AFTER'), change.after, green)];
}

function methodNote(method: string | null | undefined): string {
  return method ? terminalText('OUT_CHANGE_METHOD', { method }) : '';
}

/** The headline of a plan or a change: one sentence for one value, another for several. */
function countText(count: number, one: 'OUT_PLAN_ONE' | 'OUT_CHANGED_ONE', many: 'OUT_PLAN' | 'OUT_CHANGED', method: string): string {
  return count === 1 ? terminalText(one, { method }) : terminalText(many, { count, method });
}

export function renderPlan(result: PlanResult, style: Style): string[] {
  if (!result.changed) return [terminalText('OUT_NOTHING_TO_CHANGE')];
  return [
    bold(style, countText(result.changes.length, 'OUT_PLAN_ONE', 'OUT_PLAN', methodNote(result.method))),
    '',
    ...result.changes.flatMap((c) => changeLines(c, style)),
    ...noteLines(result.warnings, style),
  ];
}

export function renderSet(result: SetResult, style: Style): string[] {
  if (!result.changed) return [terminalText('OUT_NOTHING_TO_CHANGE')];
  const out = [
    bold(style, countText(result.changes.length, 'OUT_CHANGED_ONE', 'OUT_CHANGED', methodNote(result.method))),
    '',
    ...result.changes.flatMap((c) => changeLines(c, style)),
    '',
  ];
  if (result.backup) out.push(terminalText('OUT_BACKUP', { id: result.backup, path: result.backupPath ?? '' }));
  if (result.restartedServices.length > 0) out.push(terminalText('OUT_RESTARTED', { services: result.restartedServices.join(', ') }));
  out.push(...noteLines(result.warnings, style));
  return out;
}
