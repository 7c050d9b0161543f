import { terminalText } from '../messages';
import type { Probe, Route, TestResult } from '../protocol';

/** Everything printed into the page goes through here: probe data can hold any text (URLs, proxy answers). */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:20px;margin:0 0 4px}
.summary{margin:0 0 16px;color:#444}
.summary b.pass{color:#1d6b2a}.summary b.fail{color:#a4161a}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #9a9a9a;padding:6px 8px;vertical-align:top;font-size:12px;text-align:left;word-wrap:break-word}
th{background:#e9ecef}
th.url{width:28%}
td.url{font-family:Consolas,monospace;background:#f8f9fa}
td.pass{background:#9be7a5}
td.fail{background:#f4a3a3}
td.none{background:#eee;color:#777}
.code{font-weight:bold;font-size:13px}
.meta{color:#333}
.advice{margin-top:4px}
.detail{margin-top:4px;color:#444;font-family:Consolas,monospace;font-size:11px}
.badge{display:inline-block;background:#6a040f;color:#fff;border-radius:3px;padding:0 4px;margin-left:4px;font-size:11px}
details{margin-top:4px}summary{cursor:pointer}
.warning{color:#7a4b00}
.legend span{display:inline-block;padding:2px 8px;margin-right:8px;border:1px solid #9a9a9a}
`;

function cell(probe: Probe | undefined): string {
  if (!probe) return '<td class="none">not probed</td>';
  const timings = Object.entries(probe.timings)
    .map(([stage, ms]) => `${stage.replace(/Ms$/, '')} ${ms} ms`)
    .join(' · ');
  const chain = probe.chain.length
    ? `<details><summary>certificate chain (${probe.chain.length})</summary><ol>${probe.chain
        .map((c) => `<li>${escapeHtml(c.subject)}<br>issuer: ${escapeHtml(c.issuer)}<br>SHA-1 ${escapeHtml(c.sha1)}</li>`)
        .join('')}</ol></details>`
    : '';
  return [
    `<td class="${probe.verdict}" data-url="${escapeHtml(probe.url)}" data-route="${escapeHtml(probe.route)}" data-verdict="${probe.verdict}" data-code="${escapeHtml(probe.code)}">`,
    `<div class="code">${escapeHtml(probe.verdict === 'pass' ? '✔' : '✘')} ${escapeHtml(probe.code)}${probe.intercepted ? '<span class="badge">intercepted</span>' : ''}</div>`,
    `<div class="meta">stage ${escapeHtml(probe.stage)}${probe.httpStatus !== null ? ` · HTTP ${escapeHtml(probe.httpStatus)}` : ''} · ${escapeHtml(probe.elapsedMs)} ms</div>`,
    `<div class="meta">${probe.stage === 'route' ? 'no way to send it' : `via ${escapeHtml(probe.proxy ?? 'direct')}`}</div>`,
    `<div class="advice">${escapeHtml(probe.advice)}</div>`,
    probe.detail ? `<div class="detail">${escapeHtml(probe.detail)}</div>` : '',
    timings ? `<div class="detail">${escapeHtml(timings)}</div>` : '',
    chain,
    '</td>',
  ].join('');
}

/** The headline: a test can pass with failed probes when only recommended URLs (or other routes) failed. */
function verdictLine(result: TestResult, failed: number): string {
  if (!result.passed) return `<b class="fail">${escapeHtml(terminalText('REPORT_REQUIRED_UNREACHABLE'))}</b>`;
  const line = failed === 0 ? terminalText('REPORT_ALL_PASSED') : terminalText('REPORT_REQUIRED_REACHABLE');
  return `<b class="pass">${escapeHtml(line)}</b>`;
}

/**
 * The test result as one self-contained HTML page: a URL × route matrix, one colour per verdict, and each
 * cell's stage, code, advice and raw detail. No scripts and no external assets (the page's own CSP forbids both).
 */
export function renderReport(result: TestResult, generatedAt: Date): string {
  const urls = [...new Set(result.probes.map((p) => p.url))];
  const routes = [...new Set(result.probes.map((p) => p.route))] as Route[];
  const byKey = new Map(result.probes.map((p) => [`${p.url}\u0000${p.route}`, p]));
  const passed = result.probes.filter((p) => p.verdict === 'pass').length;
  const failed = result.probes.length - passed;
  const rows = urls
    .map(
      (url) => `<tr><td class="url">${escapeHtml(url)}</td>${routes.map((route) => cell(byKey.get(`${url}\u0000${route}`))).join('')}</tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Defender connectivity report</title>
<style>${STYLE}</style></head>
<body>
<h1>Defender connectivity report</h1>
<p class="summary">${verdictLine(result, failed)}
${passed} passed, ${failed} failed, ${result.probes.length} probes${result.elapsedMs !== undefined ? ` in ${escapeHtml(result.elapsedMs)} ms` : ''} · generated ${escapeHtml(generatedAt.toISOString())}</p>
${(result.warnings ?? []).map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('\n')}
<p class="legend"><span style="background:#9be7a5">pass</span><span style="background:#f4a3a3">fail</span></p>
<table>
<thead><tr><th class="url">URL</th>${routes.map((r) => `<th>${escapeHtml(r)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
