import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderResponse } from '../../../core/cli/render/response';
import { runCommand } from '../../support/stores';
import { copyExampleImage } from '../../support/image';
import { probeFixture } from '../../support/probe';
import type { Probe, TestResult } from '../../../core/protocol';

const plain = { color: false, width: 120 };
const colour = { color: true, width: 120 };
const lines = (text: string) => text.split('\n');

test('get: the method in effect, one line per store (WinINet one per account), then the conflicts', async () => {
  const run = await runCommand('get', { machine: copyExampleImage() });
  const text = renderResponse({ ok: true, command: 'get', result: run.body.result }, plain);
  assert.match(
    text.replace(/\n(?=\S)/g, ' '),
    'MDI sensor 2.250.18972.18405 (v2): http://proxy.contoso.com:8080, from the sensor configuration (method sensor). Also configured: wininet.',
  );
  assert.match(text, /^STORE\s+ACCOUNT\s+PROXY\s+DETAILS$/m);
  assert.match(text, /^mdi-sensor\s+http:\/\/proxy\.contoso\.com:8080\s+user CONTOSO\\proxyuser, password stored/m);
  assert.match(text, /^wininet\s+LocalService\s+oldproxy\.contoso\.com:3128\s+bypass <local>$/m);
  assert.match(text, /^winhttp\s+direct$/m);
  assert.match(text, /^mde-telemetry\s+proxy\.contoso\.com:8080\s+DisableEnterpriseAuthProxy=1$/m);
  assert.is(
    lines(text).filter((l) => /^(mdi-sensor|wininet|winhttp|mde-telemetry|defender-av) /.test(l)).length,
    run.body.result.stores.length,
  );
  assert.match(text, '4 conflicts:');
  for (const conflict of run.body.result.mdi.conflicts as string[]) assert.ok(text.replace(/\n\s+/g, ' ').includes(conflict), conflict);
  for (const line of lines(text)) assert.ok(line.length <= 120, line);
});

const probe = (url: string, route: Probe['route'], fields: Partial<Probe>): Probe =>
  probeFixture({ url, route, elapsedMs: 41, advice: 'The route works.', ...fields });

const ping = 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping';
const crl = 'https://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl';
const sweep: TestResult = {
  passed: false,
  reportPath: '/tmp/mdi.html',
  elapsedMs: 1234,
  probes: [
    probe(ping, 'direct', {}),
    probe(ping, 'explicit', {
      verdict: 'fail',
      stage: 'proxy',
      code: 'PROXY_AUTH_REQUIRED',
      httpStatus: 407,
      advice: 'The proxy wants credentials.',
    }),
    probe(crl, 'direct', { httpStatus: 404, elapsedMs: 7 }),
    probe(crl, 'explicit', {
      verdict: 'fail',
      stage: 'proxy',
      code: 'PROXY_AUTH_REQUIRED',
      httpStatus: 407,
      advice: 'The proxy wants credentials.',
    }),
  ],
};

test('test: a URL × route table, the stage and code of each failure, the advice once per kind', () => {
  const text = renderResponse({ ok: true, command: 'test', result: sweep }, plain);
  assert.match(text, /^URL\s+direct\s+explicit$/m);
  assert.match(text, /^contoso-corpsensorapi\.atp\.azure\.com\/tri\/sensor\/api\/ping\s+ok 200 41 ms\s+proxy: PROXY_AUTH_REQUIRED$/m);
  assert.match(text, /^crl\.microsoft\.com\/\S+\s+ok 404 7 ms\s+proxy: PROXY_AUTH_REQUIRED$/m);
  assert.match(text, 'Probes passed: 2 of 4, in 1.2 s.');
  assert.is(text.split('The proxy wants credentials.').length, 2, 'advice once');
  assert.match(text, 'PROXY_AUTH_REQUIRED (2 of the probes): The proxy wants credentials.');
  assert.match(text, 'HTML report: /tmp/mdi.html');
});

test('test: a narrow terminal cuts the URL column, never the verdicts', () => {
  const text = renderResponse({ ok: true, command: 'test', result: sweep }, { color: false, width: 70 });
  for (const line of lines(text).slice(0, 3)) assert.ok(line.length <= 70, line);
  assert.match(text, /^contoso-corp\S*\.\.\.\S*api\/ping\s+ok 200 41 ms\s+proxy: PROXY_AUTH_REQUIRED$/m, 'both ends of a URL stay');
});

test('plan and set: before → after per value, the backup, the services restarted and the notes', async () => {
  const machine = copyExampleImage();
  const request = {
    machine,
    product: 'mde',
    stores: ['winhttp', 'mde-telemetry', 'defender-av'],
    proxy: { server: 'proxy2.contoso.com:8080' },
  };
  const plan = await runCommand('plan', request);
  const planText = renderResponse({ ok: true, command: 'plan', result: plan.body.result }, plain);
  assert.match(planText, 'Plan: 3 values would change. Nothing was written.');
  assert.match(
    planText,
    /^ {2}winhttp {2}HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\\WinHttpSettings$/m,
  );
  assert.match(planText, /^ {6}direct access -> proxy proxy2\.contoso\.com:8080$/m);
  assert.match(planText, /^ {6}proxy\.contoso\.com:8080 -> http:\/\/proxy2\.contoso\.com:8080$/m);
  const set = await runCommand('set', request);
  const setText = renderResponse({ ok: true, command: 'set', result: set.body.result }, plain);
  assert.match(setText, 'Changed 3 values.');
  assert.match(setText, `Backup ${set.body.result.backup} taken before the change: ${set.body.result.backupPath}`);
  assert.match(setText, /^Notes:$/m, "the documents' warnings follow the changes");
  assert.match(setText, /WinHTTP's proxy is machine-wide/);
  const again = await runCommand('set', request);
  assert.match(renderResponse({ ok: true, command: 'set', result: again.body.result }, plain), 'Nothing to change');
});

test('a long before or after goes on two labelled lines', () => {
  const change = {
    store: 'mdi-sensor' as const,
    target: 'C:\\x\\SensorConfiguration.json',
    before: 'Url=http://a.contoso.com:8080; UserName=CONTOSO\\proxyuser; Password=<encrypted>',
    after: null,
  };
  const text = renderResponse(
    { ok: true, command: 'plan', result: { changed: true, changes: [change], method: 'sensor' } },
    { color: false, width: 60 },
  );
  assert.match(text, 'Plan: 1 value would change (method sensor).');
  assert.match(text, /^ {6}before {2}Url=http/m);
  assert.match(text, /^ {6}after {3}none$/m);
});

test('errors: the code, the sentence and the field; a partial result above them', () => {
  const text = renderResponse(
    {
      ok: false,
      command: 'get',
      error: { code: 'FIELD_UNKNOWN', message: 'Unknown flag "--prodcut"; did you mean "--product"?', field: '--prodcut' },
    },
    plain,
  );
  assert.equal(lines(text), ['Error FIELD_UNKNOWN: Unknown flag "--prodcut"; did you mean "--product"?', '(field: --prodcut)', '']);
});

test('compare, backup, catalog, capture have a summary too', () => {
  const compare = renderResponse(
    {
      ok: true,
      command: 'compare',
      result: { inDesiredState: false, differences: [{ store: 'winhttp', field: 'proxyServer', actual: null, desired: 'p:8080' }] },
    },
    plain,
  );
  assert.match(compare, 'Not in the desired state: 1 difference.');
  assert.match(compare, /^winhttp\s+proxyServer\s+none\s+p:8080$/m);
  assert.match(renderResponse({ ok: true, command: 'backup', result: { backups: [] } }, plain), 'No backups.');
  const catalog = renderResponse(
    {
      ok: true,
      command: 'catalog',
      result: { urls: [{ url: ping, host: 'x', purpose: 'sensor API', expectedStatus: [200, 503] }], text: '' },
    },
    plain,
  );
  assert.match(catalog, /ping\s+sensor API\s+200, 503$/m);
  assert.match(
    renderResponse({ ok: true, command: 'capture', result: { image: '/tmp/img', registryKeys: ['a', 'b'], files: ['C:\\f.json'] } }, plain),
    'Registry keys: 2. Files:',
  );
});

test('colour only when the style asks for it', () => {
  const body = { ok: true, command: 'test', result: sweep };
  assert.not.match(renderResponse(body, plain), '\x1b[');
  const coloured = renderResponse(body, colour);
  assert.match(coloured, '\x1b[32mok 200 41 ms\x1b[39m');
  assert.match(coloured, '\x1b[31mproxy: PROXY_AUTH_REQUIRED\x1b[39m');
});

test('compliance: its one line, then the differences as a table', async () => {
  const run = await runCommand('compliance', {
    machine: copyExampleImage(),
    desired: { mde: { proxyServer: 'proxy.contoso.com:8080', components: ['winhttp', 'mde-telemetry', 'defender-av'] } },
  });
  const text = renderResponse({ ok: true, command: 'compliance', result: run.body.result }, { color: false, width: 250 });
  assert.ok(text.startsWith('Drift: 2 difference(s): '), text);
  assert.match(text, /^STORE\s+FIELD\s+ACTUAL\s+DESIRED$/m);
  assert.match(text, /^winhttp\s+HKEY_LOCAL_MACHINE\\.+WinHttpSettings\s+direct access\s+proxy proxy\.contoso\.com:8080$/m);
});

test.run();
