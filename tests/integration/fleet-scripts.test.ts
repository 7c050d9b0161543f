// The Intune and SCCM scripts: short files that hold the desired state and call the module's
// Test-DefenderProxyCompliance or Repair-DefenderProxyCompliance. Checked without PowerShell: the scripts parse, keep
// stderr empty, load the module from the 64-bit Program Files and print what their tool reads; the module's functions
// send exactly the requests of fleet/module-requests.ts, which run here through the core against a copy of
// examples/dc01 with each script's own desired state, with the exit codes and fields the functions read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage } from '../support/image';
import { callsOf, coreCallsIn, functionsIn, parseFile, syntaxProblems, type PsFunction } from '../powershell/support/powershell-ast';
import { argumentValue, scriptVariables, type Literal } from '../powershell/support/powershell-literal';
import { ROOT, runCore, type CoreRun } from './fleet/core-runner';
import { complianceRequests, fieldPaths, repairRequest, type BoundParameters, type Request } from './fleet/module-requests';

const SCRIPTS = {
  intune: ['mdi-proxy-detection.ps1', 'mdi-proxy-remediation.ps1', 'mde-proxy-detection.ps1', 'mde-proxy-remediation.ps1'],
  sccm: ['mdi-proxy-discovery.ps1', 'mdi-proxy-remediation.ps1', 'mde-proxy-discovery.ps1', 'mde-proxy-remediation.ps1'],
};
const ALL = Object.entries(SCRIPTS).flatMap(([folder, files]) => files.map((f) => join('examples', folder, f)));
const CHECK = 'Test-DefenderProxyCompliance';
const REPAIR = 'Repair-DefenderProxyCompliance';

/** The module function a script calls: remediation scripts repair, the others check. */
function functionOf(script: string): string {
  return script.includes('remediation') ? REPAIR : CHECK;
}

function source(script: string): string {
  return readFileSync(join(ROOT, script), 'utf8');
}

/** The parameters the script binds, with its desired-state variables (optionally overridden) and the image as machine. */
async function boundBy(script: string, overrides: Record<string, Literal> = {}): Promise<BoundParameters> {
  const parsed = await parseFile(join(ROOT, script));
  const variables = scriptVariables(parsed, { MachineImage: copyExampleImage(), ...overrides });
  const [call] = callsOf(parsed.tree, functionOf(script));
  const bound: BoundParameters = {};
  for (const [name, node] of call!) bound[name] = node === null ? true : argumentValue(node, variables);
  return bound;
}

function send(command: string, request: Request): CoreRun {
  return runCore('defenderproxy', [command], JSON.stringify(request));
}

async function moduleFunction(name: string): Promise<PsFunction> {
  return functionsIn((await parseFile(join(ROOT, 'ps-module', 'Public', `${name}.ps1`))).tree)[0]!;
}

// ─── the scripts ────────────────────────────────────────────────────────────────────────────────────────────

test('every fleet script parses and calls its module function once, for its product, with every desired-state variable', async () => {
  for (const script of ALL) {
    const parsed = await parseFile(join(ROOT, script));
    assert.equal(syntaxProblems(parsed.tree), [], script);
    const calls = callsOf(parsed.tree, functionOf(script));
    assert.is(calls.length, 1, `${script}: one call of ${functionOf(script)}`);
    const product = script.includes('mdi-') ? 'MDI' : 'MDE';
    assert.is(calls[0]!.get('Product')?.text, product, script);
    assert.is(calls[0]!.get('MachineImage')?.text, '$MachineImage', script);
    const passed = [...calls[0]!.values()].map((node) => node?.text);
    const desiredState = [...scriptVariables(parsed).keys()].filter((name) => !name.endsWith('preference'));
    for (const name of desiredState) assert.ok(passed.some((text) => text?.toLowerCase() === `$${name}`), `${script}: $${name} reaches the module`);
    if (functionOf(script) === REPAIR) assert.is(calls[0]!.get('Confirm')?.text, '$false', `${script}: never asks`);
  }
});

test('every fleet script keeps stderr empty: errors stop and are caught, streams that could reach stderr are silenced', () => {
  for (const script of ALL) {
    const text = source(script);
    assert.match(text, /^\$ErrorActionPreference = 'Stop'$/m, script);
    assert.match(text, /^\$ProgressPreference = 'SilentlyContinue'$/m, script);
    assert.match(text, /^\$WarningPreference = 'SilentlyContinue'$/m, script);
    assert.match(text, /^try \{$[\s\S]*^\}\ncatch \{$/m, `${script}: the main part is in try/catch`);
    assert.not.match(text, /Write-(Host|Error|Warning|Information)\b|\[Console\]::Error/, script);
  }
});

test('every fleet script loads the module first, by its path under the 64-bit Program Files, inside the try', () => {
  for (const script of ALL) {
    // 32-bit PowerShell as SYSTEM sees C:\Program Files (x86) as $env:ProgramFiles; $env:ProgramW6432 is the 64-bit one.
    assert.match(source(script), /^try \{\n(?:\s*#.*\n)*\s*Import-Module -Name "\$env:ProgramW6432\\WindowsPowerShell\\Modules\\DefenderProxyTools" -ErrorAction Stop\n/m, script);
  }
});

test('Intune scripts and SCCM remediation print the one summary line and exit with the code the module gives; 1 when the module cannot run', () => {
  for (const script of ALL.filter((s) => s.includes('intune') || s.includes('remediation'))) {
    const text = source(script);
    const result = functionOf(script) === CHECK ? '$check' : '$repair';
    const stdout = [...text.matchAll(/Write-Output (.*)$/gm)].map((m) => m[1]);
    assert.equal(stdout, [`${result}.Summary`, "(('Error: ' + $_.Exception.Message) -replace '\\s+', ' ')"], script);
    assert.equal([...text.matchAll(/^\s*exit (.*)$/gm)].map((m) => m[1]), [`${result}.ExitCode`, '1'], script);
  }
});

test('SCCM discovery prints exactly "Compliant" or "NonCompliant: <reason>" and always exits 0', () => {
  for (const script of SCRIPTS.sccm.filter((s) => s.includes('discovery')).map((s) => join('examples', 'sccm', s))) {
    const text = source(script);
    assert.match(text, /if \(\$check\.Compliant\) \{ Write-Output 'Compliant' \} else \{ Write-Output \('NonCompliant: ' \+ \$check\.Reason\) \}/, script);
    assert.match(text, /^catch \{\n\s+Write-Output \(\('NonCompliant: ' \+ \$_\.Exception\.Message\) -replace '\\s\+', ' '\)\n\}\nexit 0\n$/m, script);
    assert.equal([...text.matchAll(/\bexit (.*)$/gm)].map((m) => m[1]), ['0'], script);
    assert.equal([...text.matchAll(/Write-Output (?!'Compliant'|\('NonCompliant: |\(\('NonCompliant: )/g)], [], `${script}: nothing else on stdout`);
  }
});

// ─── the module functions they call ─────────────────────────────────────────────────────────────────────────

test('the compliance functions: one line under 2048 characters, exit code 1 only for a negative answer, errors caught, nothing on other streams', async () => {
  const line = readFileSync(join(ROOT, 'ps-module', 'Private', 'Format-DefenderProxyLine.ps1'), 'utf8');
  assert.match(line, /-replace '\\s\+', ' '/, 'white space, line breaks too, becomes one space');
  assert.match(line, /Length -gt 2000\) \{ \$line = \$line\.Substring\(0, 1997\) \+ '\.\.\.' \}/, 'at most 2000 characters');
  for (const [name, negative] of [[CHECK, "if ($status -eq 'Compliant') { $exitCode = 0 }"], [REPAIR, "if ($status -ne 'Failed') { $exitCode = 0 }"]] as const) {
    const text = (await moduleFunction(name)).node.text;
    assert.match(text, /\$exitCode = 1\n/, name);
    assert.ok(text.includes(negative), `${name}: ${negative}`);
    assert.match(text, /Reason\s+= Format-DefenderProxyLine \$reason\n\s+Summary\s+= Format-DefenderProxyLine \$summary\n\s+ExitCode\s+= \$exitCode/, name);
    assert.match(text, /\$ProgressPreference = 'SilentlyContinue'\n\s+if \(-not \$PSBoundParameters\.ContainsKey\('WarningAction'\)\) \{ \$WarningPreference = 'SilentlyContinue' \}/, name);
    assert.match(text, /catch \{\n\s+\$status = '(Error|Failed)'\n\s+\$reason = Format-DefenderProxyError -ErrorRecord \$_/, `${name}: a failed check or change is a result, not an error`);
    const body = text.slice(text.indexOf('try {'), text.indexOf('catch {'));
    for (const call of coreCallsIn(await moduleFunction(name))) assert.ok(body.includes(`${call.helper} `), `${name}: ${call.helper} runs inside the try`);
  }
});

test('the module sends exactly the commands and fields of fleet/module-requests.ts', async () => {
  const image = { MachineImage: 'image' };
  const mdi = { Product: 'MDI', ProxyUrl: 'http://proxy:8080', Method: 'Sensor', UserName: 'CONTOSO\\proxyuser', TestConnectivity: true, ...image };
  const mde = { Product: 'MDE', ProxyServer: 'proxy:8080', BypassList: ['<local>'], Component: ['WinHttp'], Geo: 'eu', TestConnectivity: true, ...image };
  const paths = (requests: (Request | null)[]): string[] => [...new Set(requests.flatMap((r) => (r ? fieldPaths(r) : [])))].sort();
  const moduleFields = async (name: string, helper: string, command: string): Promise<string[]> => {
    const calls = coreCallsIn(await moduleFunction(name)).filter((c) => c.command === command);
    assert.equal(calls.map((c) => c.helper), [helper], `${name} sends ${command} once, through ${helper}`);
    return [...calls[0]!.fields.keys()].sort();
  };

  assert.equal(coreCallsIn(await moduleFunction(CHECK)).map((c) => c.command), ['compare', 'test']);
  const checks = [mdi, mde].map(complianceRequests);
  assert.equal(await moduleFields(CHECK, 'Invoke-DefenderProxyCompare', 'compare'), paths(checks.map((c) => c.compare)));
  assert.equal(await moduleFields(CHECK, 'Invoke-DefenderProxyTest', 'test'), paths(checks.map((c) => c.test)));

  // Invoke-DefenderProxyChange plans with the same request before it sets.
  assert.equal(coreCallsIn(await moduleFunction(REPAIR)).map((c) => c.command), ['set']);
  const repairs = [mdi, { ...mdi, ProxyUrl: null }, mde, { ...mde, ProxyServer: null }].map(repairRequest);
  assert.equal(await moduleFields(REPAIR, 'Invoke-DefenderProxyChange', 'set'), paths(repairs));
});

// ─── their requests through the core ────────────────────────────────────────────────────────────────────────

test('MDI detection as shipped (no user name): on the example image (configured two ways) compare refuses "auto" with the code and message the summary shows', async () => {
  const { compare } = complianceRequests(await boundBy('examples/intune/mdi-proxy-detection.ps1'));
  const run = send('compare', compare);
  assert.is(run.status, 2);
  assert.match(run.json.error.code, /^[A-Z][A-Z0-9_]*$/, 'Format-DefenderProxyError recognises it as a code');
  assert.type(run.json.error.message, 'string');
});

test('MDE remediation as shipped sets the desired proxy on all three components (it does not clear it)', async () => {
  for (const folder of ['intune', 'sccm']) {
    const request = repairRequest(await boundBy(`examples/${folder}/mde-proxy-remediation.ps1`));
    assert.equal(request.proxy, { server: 'proxy.contoso.com:8080', bypass: ['<local>'] });
    assert.equal(request.stores, ['mde-telemetry', 'defender-av', 'winhttp']);
    assert.not.ok('clear' in request);
  }
});

for (const folder of ['intune', 'sccm'] as const) {
  const detection = folder === 'intune' ? 'detection' : 'discovery';

  test(`${folder} MDI: compare in state exits 0, drift exits 1 with differences; remediation's plan and set converge`, async () => {
    const account = { DesiredMethod: 'sensor', DesiredUserName: 'CONTOSO\\proxyuser' };
    const inState = complianceRequests(await boundBy(`examples/${folder}/mdi-proxy-${detection}.ps1`, account));
    const compared = send('compare', inState.compare);
    assert.is(compared.status, 0, compared.stdout);
    assert.is(compared.json.result.inDesiredState, true);

    const desired = { ...account, DesiredProxyUrl: 'http://other.contoso.com:3128' };
    const drift = complianceRequests(await boundBy(`examples/${folder}/mdi-proxy-${detection}.ps1`, desired));
    const machine = drift.compare.machine;
    const remediation = { ...repairRequest(await boundBy(`examples/${folder}/mdi-proxy-remediation.ps1`, desired)), machine };
    const driftRun = send('compare', drift.compare);
    assert.is(driftRun.status, 1);
    assert.is(driftRun.json.result.inDesiredState, false);
    for (const d of driftRun.json.result.differences) for (const field of ['store', 'field', 'actual', 'desired']) assert.ok(field in d, `difference has ${field}`);

    const plan = send('plan', remediation);
    assert.is(plan.status, 0, plan.stdout);
    assert.is(plan.json.result.changed, true);
    for (const c of plan.json.result.changes) for (const field of ['target', 'before', 'after']) assert.ok(field in c, `change has ${field}`);
    const set = send('set', remediation);
    assert.is(set.status, 0, set.stdout);
    assert.is(set.json.result.changed, true);
    assert.type(set.json.result.backup, 'string');
    assert.ok(Array.isArray(set.json.result.changes) && Array.isArray(set.json.result.restartedServices));
    assert.is(send('compare', drift.compare).status, 0, 'in the desired state after remediation');
    assert.is(send('plan', remediation).json.result.changed, false, 'a second remediation changes nothing');
    const sensor = send('get', { machine, stores: ['mdi-sensor'] }).json.result.stores[0];
    assert.equal([sensor.userName, sensor.hasPassword], ['CONTOSO\\proxyuser', true], 'the stored credential is kept');
  });

  test(`${folder} MDE: drift on the example image, remediation converges, and removes the proxy when none is desired`, async () => {
    const drift = complianceRequests(await boundBy(`examples/${folder}/mde-proxy-${detection}.ps1`));
    const machine = drift.compare.machine;
    const remediation = { ...repairRequest(await boundBy(`examples/${folder}/mde-proxy-remediation.ps1`)), machine };
    assert.is(send('compare', drift.compare).status, 1);
    const set = send('set', remediation);
    assert.is(set.status, 0, set.stdout);
    assert.is(send('compare', drift.compare).status, 0);

    const none = { DesiredProxyServer: null };
    const clear: Request = { ...repairRequest(await boundBy(`examples/${folder}/mde-proxy-remediation.ps1`, none)), machine };
    assert.is(clear.clear, true);
    const cleared = send('set', clear);
    assert.is(cleared.status, 0, cleared.stdout);
    const noneWanted = complianceRequests(await boundBy(`examples/${folder}/mde-proxy-${detection}.ps1`, none));
    assert.is(send('compare', { ...noneWanted.compare, machine }).status, 0);
  });
}

for (const script of ['examples/intune/mdi-proxy-detection.ps1', 'examples/intune/mde-proxy-detection.ps1']) {
  test(`${script}: the connectivity test request is valid and answers with the probe fields the summary reads`, async () => {
    const { test: request } = complianceRequests(await boundBy(script));
    assert.ok(request, 'the shipped Intune detection tests connectivity');
    const run = send('test', { ...request, timeoutMs: 2000 });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stdout}`);
    assert.type(run.json.result.passed, 'boolean');
    for (const probe of run.json.result.probes) {
      for (const field of ['verdict', 'url', 'route', 'stage', 'code', 'advice']) assert.ok(field in probe, `probe has ${field}`);
    }
  });
}

test.run();
