// The Intune and SCCM scripts: their requests, read from the scripts themselves (the literal hashtables at the
// top), sent through the core against a copy of examples/dc01, with the exit codes and fields the scripts expect.
// Plus what can be checked without PowerShell: they parse, keep stderr empty and print what their tool reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage } from '../support/image';
import { parseFile, syntaxProblems } from '../powershell/support/powershell-ast';
import { scriptVariables, type Literal } from '../powershell/support/powershell-literal';
import { ROOT, runCore, type CoreRun } from './fleet/core-runner';

const SCRIPTS = {
  intune: ['mdi-proxy-detection.ps1', 'mdi-proxy-remediation.ps1', 'mde-proxy-detection.ps1', 'mde-proxy-remediation.ps1'],
  sccm: ['mdi-proxy-discovery.ps1', 'mdi-proxy-remediation.ps1', 'mde-proxy-discovery.ps1', 'mde-proxy-remediation.ps1'],
};
const ALL = Object.entries(SCRIPTS).flatMap(([folder, files]) => files.map((f) => join('examples', folder, f)));

/** The script's requests with its desired-state variables (optionally overridden) and the image as machine. */
async function requestsOf(script: string, overrides: Record<string, Literal> = {}): Promise<Record<string, any>> {
  const machine = copyExampleImage();
  const variables = scriptVariables(await parseFile(join(ROOT, script)), { MachineImage: machine, ...overrides });
  const requests: Record<string, any> = { machine };
  for (const name of ['CompareRequest', 'TestRequest', 'SetRequest', 'ClearRequest']) {
    const request = variables.get(name.toLowerCase());
    // Invoke-DefenderProxy in every script adds the image as `machine` when $MachineImage is set.
    if (request !== undefined) requests[name] = { ...(withoutNullUserName(request) as object), machine };
  }
  return requests;
}

/** The scripts drop `userName` when $DesiredUserName is $null (`if (-not $DesiredUserName) { ….Remove('userName') }`). */
function withoutNullUserName(value: Literal): Literal {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => !(k === 'userName' && v === null)).map(([k, v]) => [k, withoutNullUserName(v)]));
}

function send(command: string, request: object): CoreRun {
  return runCore('defenderproxy', [command], JSON.stringify(request));
}

test('every fleet script parses, and its requests are literals the test can read', async () => {
  for (const script of ALL) {
    const parsed = await parseFile(join(ROOT, script));
    assert.equal(syntaxProblems(parsed.tree), [], script);
    const requests = await requestsOf(script);
    assert.ok(requests.CompareRequest || requests.SetRequest, `${script}: a compare or set request`);
  }
});

test('every fleet script keeps stderr empty: errors stop and are caught, streams that could reach stderr are silenced', () => {
  for (const script of ALL) {
    const text = readFileSync(join(ROOT, script), 'utf8');
    assert.match(text, /^\$ErrorActionPreference = 'Stop'$/m, script);
    assert.match(text, /^\$ProgressPreference = 'SilentlyContinue'$/m, script);
    assert.match(text, /^\$WarningPreference = 'SilentlyContinue'$/m, script);
    assert.match(text, /^try \{$[\s\S]*^\}\ncatch \{$/m, `${script}: the main part is in try/catch`);
    assert.not.match(text, /Write-(Host|Error|Warning|Information)\b|\[Console\]::Error/, script);
    assert.match(text, /RedirectStandardError = \$true/, `${script}: the executable's stderr is captured`);
    assert.match(text, /\$env:ProgramW6432/, `${script}: finds the 64-bit Program Files from 32-bit PowerShell`);
    assert.match(text, /if \(\$MachineImage\) \{ \$Request\.machine = \$MachineImage \}/, script);
    if (/userName = \$DesiredUserName/.test(text)) assert.match(text, /if \(-not \$DesiredUserName\) \{ \$\w+Request\.[\w.]+\.Remove\('userName'\) \}/, script);
  }
});

test('Intune detection: summary lines stay under 2048 characters; exit 1 on drift or failed connectivity, else 0', () => {
  for (const script of SCRIPTS.intune.filter((s) => s.includes('detection'))) {
    const text = readFileSync(join(ROOT, 'examples', 'intune', script), 'utf8');
    assert.match(text, /Substring\(0, 1997\)/, script);
    assert.match(text, /Drift:[\s\S]*exit 1/, script);
    assert.match(text, /Connectivity failed:[\s\S]*exit 1/, script);
    assert.match(text, /Compliant:[\s\S]*exit 0/, script);
  }
});

test('SCCM discovery prints exactly "Compliant" or "NonCompliant: <reason>" and always exits 0', () => {
  for (const script of SCRIPTS.sccm.filter((s) => s.includes('discovery'))) {
    const text = readFileSync(join(ROOT, 'examples', 'sccm', script), 'utf8');
    assert.match(text, /Write-Output 'Compliant'/, script);
    assert.match(text, /'NonCompliant: ' \+ \$Reason/, script);
    assert.not.match(text, /exit [1-9]/, script);
    assert.not.match(text, /Write-Output (?!'Compliant'|\(\('NonCompliant)/, `${script}: nothing else on stdout`);
  }
});

test('MDI detection as shipped (no user name): on the example image (configured two ways) compare refuses "auto" with a code and message the script prints', async () => {
  const { CompareRequest } = await requestsOf('examples/intune/mdi-proxy-detection.ps1');
  const run = send('compare', CompareRequest);
  assert.is(run.status, 2);
  assert.type(run.json.error.code, 'string');
  assert.type(run.json.error.message, 'string');
});

for (const folder of ['intune', 'sccm'] as const) {
  const detection = folder === 'intune' ? 'detection' : 'discovery';

  test(`${folder} MDI: compare in state exits 0, drift exits 1 with differences; remediation's set converges`, async () => {
    const account = { DesiredMethod: 'sensor', DesiredUserName: 'CONTOSO\\proxyuser' };
    const inState = await requestsOf(`examples/${folder}/mdi-proxy-${detection}.ps1`, account);
    const compared = send('compare', inState.CompareRequest);
    assert.is(compared.status, 0, compared.stdout);
    assert.is(compared.json.result.inDesiredState, true);

    const desired = { ...account, DesiredProxyUrl: 'http://other.contoso.com:3128' };
    const drift = await requestsOf(`examples/${folder}/mdi-proxy-${detection}.ps1`, desired);
    const remediation = await requestsOf(`examples/${folder}/mdi-proxy-remediation.ps1`, desired);
    const machine = drift.machine;
    const driftRun = send('compare', drift.CompareRequest);
    assert.is(driftRun.status, 1);
    for (const d of driftRun.json.result.differences) for (const field of ['field', 'actual', 'desired']) assert.ok(field in d, `difference has ${field}`);

    const set = send('set', { ...remediation.SetRequest, machine });
    assert.is(set.status, 0, set.stdout);
    assert.is(set.json.result.changed, true);
    assert.type(set.json.result.backup, 'string');
    assert.ok(Array.isArray(set.json.result.restartedServices));
    assert.is(send('compare', { ...drift.CompareRequest, machine }).status, 0, 'in the desired state after remediation');
    assert.is(send('set', { ...remediation.SetRequest, machine }).json.result.changed, false, 'a second remediation changes nothing');
    const sensor = send('get', { machine, stores: ['mdi-sensor'] }).json.result.stores[0];
    assert.equal([sensor.userName, sensor.hasPassword], ['CONTOSO\\proxyuser', true], 'the stored credential is kept');
  });

  test(`${folder} MDE: drift on the example image, remediation converges, clearing works too`, async () => {
    const drift = await requestsOf(`examples/${folder}/mde-proxy-${detection}.ps1`);
    const remediation = await requestsOf(`examples/${folder}/mde-proxy-remediation.ps1`);
    const machine = drift.machine;
    assert.is(send('compare', drift.CompareRequest).status, 1);
    const set = send('set', { ...remediation.SetRequest, machine });
    assert.is(set.status, 0, set.stdout);
    assert.is(send('compare', drift.CompareRequest).status, 0);
    const cleared = send('set', { ...remediation.ClearRequest, machine });
    assert.is(cleared.status, 0, cleared.stdout);
    const none = await requestsOf(`examples/${folder}/mde-proxy-${detection}.ps1`, { DesiredProxyServer: null });
    assert.is(send('compare', { ...none.CompareRequest, machine }).status, 0);
  });
}

for (const script of ['examples/intune/mdi-proxy-detection.ps1', 'examples/intune/mde-proxy-detection.ps1']) {
  test(`${script}: the connectivity test request is valid and answers with the probe fields the script reads`, async () => {
    const { TestRequest } = await requestsOf(script);
    const run = send('test', { ...TestRequest, timeoutMs: 2000 });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stdout}`);
    assert.type(run.json.result.passed, 'boolean');
    for (const probe of run.json.result.probes) {
      for (const field of ['verdict', 'url', 'route', 'stage', 'code', 'advice']) assert.ok(field in probe, `probe has ${field}`);
    }
  });
}

test.run();
