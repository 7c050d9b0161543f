import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Probe } from '../../../core/protocol';
import { escapeHtml, renderReport } from '../../../core/net/report';
import { probeFixture } from '../../support/probe';

const probe = (fields: Partial<Probe>): Probe =>
  probeFixture({ elapsedMs: 12, timings: { resolveMs: 1, connectMs: 2 }, advice: 'The route works: nothing to do.', ...fields });

test('everything printed is escaped, and the page forbids scripts and external assets', () => {
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const html = renderReport(
    {
      passed: false,
      reportPath: null,
      probes: [
        probe({
          url: `https://x/${hostile}`,
          verdict: 'fail',
          code: 'TLS_INTERCEPTED',
          detail: hostile,
          chain: [{ subject: hostile, issuer: 'CN=mitmproxy', sha1: 'AB' }],
        }),
      ],
    },
    new Date(0),
  );
  assert.not.ok(html.includes('<script>'));
  assert.not.ok(html.includes('<img'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes("default-src 'none'"));
  assert.not.ok(/(src|href)=["']?(https?:|\/\/)/i.test(html), 'no external reference');
  assert.is(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
});

test('a URL × route matrix with one cell per probe, coloured by verdict', () => {
  const url2 = 'https://legacy-wssensorapi.atp.azure.com/tri/sensor/api/ping';
  const html = renderReport(
    {
      passed: false,
      reportPath: null,
      elapsedMs: 321,
      probes: [
        probe({}),
        probe({
          route: 'explicit',
          proxy: 'http://127.0.0.1:3128',
          verdict: 'fail',
          stage: 'proxy',
          code: 'PROXY_AUTH_REQUIRED',
          httpStatus: 407,
        }),
        probe({ url: url2, code: 'OK_LEGACY_WORKSPACE', httpStatus: 503 }),
      ],
    },
    new Date(0),
  );
  assert.is((html.match(/<th>/g) ?? []).length, 2);
  assert.is((html.match(/<tr><td class="url">/g) ?? []).length, 2);
  assert.ok(
    html.includes(
      '<td class="pass" data-url="https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping" data-route="direct" data-verdict="pass" data-code="OK">',
    ),
  );
  assert.ok(html.includes('data-route="explicit" data-verdict="fail" data-code="PROXY_AUTH_REQUIRED"'));
  assert.ok(html.includes('<td class="none">not probed</td>'), 'the legacy URL was not probed through explicit');
  assert.ok(html.includes('stage proxy · HTTP 407'));
  assert.ok(html.includes('2 passed, 1 failed, 3 probes in 321 ms'));
});

test.run();
