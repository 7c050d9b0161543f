// The Intune and SCCM scripts: short files that hold the desired state and call the module's
// Test-DefenderProxyCompliance or Repair-DefenderProxyCompliance. Checked here without PowerShell, as text: they
// parse, keep stderr empty, load the module from the 64-bit Program Files and print what their tool reads.
// tests/powershell/fleet-scripts.test.ts runs them for real (pwsh -File) against machine images.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsOf, parseFile, syntaxProblems } from '../powershell/support/powershell-ast';
import { scriptVariables } from '../powershell/support/powershell-literal';
import { ROOT } from './fleet/core-runner';

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
    for (const name of desiredState)
      assert.ok(
        passed.some((text) => text?.toLowerCase() === `$${name}`),
        `${script}: $${name} reaches the module`,
      );
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
    assert.match(
      source(script),
      /^try \{\n(?:\s*#.*\n)*\s*Import-Module -Name "\$env:ProgramW6432\\WindowsPowerShell\\Modules\\DefenderProxyTools" -ErrorAction Stop\n/m,
      script,
    );
  }
});

test('Intune scripts and SCCM remediation print the one summary line and exit with the code the module gives; 1 when the module cannot run', () => {
  for (const script of ALL.filter((s) => s.includes('intune') || s.includes('remediation'))) {
    const text = source(script);
    const result = functionOf(script) === CHECK ? '$check' : '$repair';
    const stdout = [...text.matchAll(/Write-Output (.*)$/gm)].map((m) => m[1]);
    assert.equal(stdout, [`${result}.Summary`, "(('Error: ' + $_.Exception.Message) -replace '\\s+', ' ')"], script);
    assert.equal(
      [...text.matchAll(/^\s*exit (.*)$/gm)].map((m) => m[1]),
      [`${result}.ExitCode`, '1'],
      script,
    );
  }
});

test('SCCM discovery prints exactly "Compliant" or "NonCompliant: <reason>" and always exits 0', () => {
  for (const script of SCRIPTS.sccm.filter((s) => s.includes('discovery')).map((s) => join('examples', 'sccm', s))) {
    const text = source(script);
    assert.match(
      text,
      /if \(\$check\.Compliant\) \{ Write-Output 'Compliant' \} else \{ Write-Output \('NonCompliant: ' \+ \$check\.Reason\) \}/,
      script,
    );
    assert.match(
      text,
      /^catch \{\n\s+Write-Output \(\('NonCompliant: ' \+ \$_\.Exception\.Message\) -replace '\\s\+', ' '\)\n\}\nexit 0\n$/m,
      script,
    );
    assert.equal(
      [...text.matchAll(/\bexit (.*)$/gm)].map((m) => m[1]),
      ['0'],
      script,
    );
    assert.equal(
      [...text.matchAll(/Write-Output (?!'Compliant'|\('NonCompliant: |\(\('NonCompliant: )/g)],
      [],
      `${script}: nothing else on stdout`,
    );
  }
});

test.run();
