/**
 * A response as a person reads it on a terminal (or with --format table): the result rendered for its command,
 * or the error with its code. Pure; the JSON response stays the contract, this is only its reading.
 */
import type {
  BackupResult,
  CaptureResult,
  CatalogResult,
  CompareResult,
  ComplianceResult,
  GetResult,
  PlanResult,
  SetResult,
  TestResult,
} from '../../protocol';
import { terminalText } from '../../messages';
import { dim, red, type Style } from '../style';
import { wrap } from '../text-layout';
import { renderGet } from './get';
import { renderTest } from './test';
import { renderPlan, renderSet } from './change';
import { renderBackups, renderCapture, renderCatalog, renderCompare, renderCompliance } from './other';

export interface ResponseBody {
  ok: boolean;
  command: string;
  result?: unknown;
  error?: { code: string; message: string; field?: string };
}

const RENDERERS: Record<string, (result: never, style: Style) => string[]> = {
  get: (r: GetResult, s) => renderGet(r, s),
  test: (r: TestResult, s) => renderTest(r, s),
  plan: (r: PlanResult, s) => renderPlan(r, s),
  set: (r: SetResult, s) => renderSet(r, s),
  clear: (r: SetResult, s) => renderSet(r, s),
  restore: (r: SetResult, s) => renderSet(r, s),
  compare: (r: CompareResult, s) => renderCompare(r, s),
  compliance: (r: ComplianceResult, s) => renderCompliance(r, s),
  backup: (r: BackupResult, s) => renderBackups(r, s),
  catalog: (r: CatalogResult, s) => renderCatalog(r, s),
  capture: (r: CaptureResult, s) => renderCapture(r, s),
};

function errorLines(error: NonNullable<ResponseBody['error']>, style: Style): string[] {
  const [first, ...rest] = wrap(terminalText('OUT_ERROR', { code: error.code, message: error.message }), style.width);
  const lines = [red(style, first!), ...rest.map((l) => red(style, l))];
  if (error.field) lines.push(dim(style, terminalText('OUT_ERROR_FIELD', { field: error.field })));
  return lines;
}

export function renderResponse(body: ResponseBody, style: Style): string {
  const render = RENDERERS[body.command];
  const lines: string[] = [];
  // A failed response may carry what was found before the failure (e.g. the stores a get could read).
  if (body.result !== undefined)
    lines.push(...(render ? render(body.result as never, style) : JSON.stringify(body.result, null, 2).split('\n')));
  if (body.error) lines.push(...(lines.length > 0 ? [''] : []), ...errorLines(body.error, style));
  return lines.join('\n') + '\n';
}
