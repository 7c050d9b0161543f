/**
 * `test` for a person: one row per URL, one column per route; a pass shows its HTTP status and time, a failure the
 * stage and code that broke. Below, what to do about each kind of failure, once.
 */
import type { Probe, Route, TestResult } from '../../protocol';
import { terminalText } from '../../messages';
import { bold, dim, green, red, type Style } from '../style';
import { table, wrap } from '../text-layout';
import { noteLines } from './notes';

function cell(probe: Probe | undefined, style: Style): string {
  if (!probe) return '';
  if (probe.verdict === 'pass') {
    const { httpStatus: status, elapsedMs } = probe;
    return green(
      style,
      status === null ? terminalText('OUT_PROBE_PASS_NO_STATUS', { elapsedMs }) : terminalText('OUT_PROBE_PASS', { status, elapsedMs }),
    );
  }
  return red(style, terminalText('OUT_PROBE_FAIL', { stage: probe.stage, code: probe.code }));
}

/** URLs without their scheme when every URL is https: the column is the widest, and the scheme says nothing. */
function urlLabels(urls: string[]): Map<string, string> {
  const allHttps = urls.every((u) => u.startsWith('https://'));
  return new Map(urls.map((u) => [u, allHttps ? u.slice('https://'.length) : u]));
}

function adviceLines(failures: Probe[], style: Style): string[] {
  const byAdvice = new Map<string, { code: string; count: number }>();
  for (const probe of failures) {
    const seen = byAdvice.get(probe.advice);
    if (seen) seen.count++;
    else byAdvice.set(probe.advice, { code: probe.code, count: 1 });
  }
  const out: string[] = [];
  for (const [advice, { code, count }] of byAdvice) {
    const [first, ...rest] = wrap(terminalText('OUT_ADVICE', { code, count, advice }), style.width - 4);
    out.push(`  ${red(style, '-')} ${first}`, ...rest.map((l) => `    ${l}`));
  }
  return out;
}

export function renderTest(result: TestResult, style: Style): string[] {
  const urls = [...new Set(result.probes.map((p) => p.url))];
  const routes = [...new Set(result.probes.map((p) => p.route))] as Route[];
  const labels = urlLabels(urls);
  const find = (url: string, route: Route) => result.probes.find((p) => p.url === url && p.route === route);
  const columns = [
    { header: bold(style, terminalText('OUT_COLUMN_URL')), shrink: true, cutIn: 'middle' as const },
    ...routes.map((r) => ({ header: bold(style, r) })),
  ];
  const rows = urls.map((url) => [labels.get(url)!, ...routes.map((route) => cell(find(url, route), style))]);
  const out = table(columns, rows, style.width);
  const failures = result.probes.filter((p) => p.verdict === 'fail');
  const passed = result.probes.length - failures.length;
  const seconds = ((result.elapsedMs ?? 0) / 1000).toFixed(1);
  const total = terminalText('OUT_TEST_TOTAL', { passed, total: result.probes.length, seconds });
  out.push('', result.passed ? green(style, total) : red(style, total));
  if (failures.length > 0) out.push('', bold(style, terminalText('OUT_WHAT_TO_DO')), ...adviceLines(failures, style));
  out.push(...noteLines(result.warnings, style));
  if (result.reportPath) out.push('', dim(style, terminalText('OUT_REPORT', { path: result.reportPath })));
  return out;
}
