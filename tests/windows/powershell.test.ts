// End to end under wine: the PowerShell module (in pwsh) drives the Windows executable through wine, which reads
// and writes wine's registry with its reg.exe: cmdlet -> defenderproxy.exe -> reg.exe -> registry and back. The
// module is imported with its Executable and Launcher options (README, "Import options"); the machine is wine's
// own, as the live machine of a domain controller would be.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WINDOWS_EXE } from '../support/exe';
import { ensureWinePrefix, wineEnv } from '../support/wine';
import { regExport, regExportAll, resetWineMachine, WINE_KEYS } from '../support/wine-registry';
import { installWineSensor, sensorConfiguration } from '../support/wine-sensor';
import { findPwsh, whyNoPwsh } from '../support/powershell';

const ROOT = join(__dirname, '..', '..');
const VERSION = '2.250.18972.18405';
const reason = whyNoPwsh() ?? (existsSync(WINDOWS_EXE) ? null : `${WINDOWS_EXE} is not built (npm run build)`);
if (reason) console.log(`SKIPPED: the module under wine: ${reason}.`);

const test = suite('the module drives the Windows executable under wine');
const it = reason ? test.skip : test;

/** Runs PowerShell with the module imported to run the Windows executable through wine; returns its output lines. */
function ps(script: string): { status: number | null; lines: string[]; stderr: string } {
  const importLine = `Import-Module '${join(ROOT, 'DefenderProxyTools.psd1')}' -ArgumentList @{ Executable = '${WINDOWS_EXE}'; Launcher = 'wine' }`;
  const result = spawnSync(
    findPwsh()!,
    ['-NoProfile', '-NonInteractive', '-Command', `$ErrorActionPreference = 'Stop'; ${importLine}; ${script}`],
    {
      encoding: 'utf8',
      env: wineEnv,
      timeout: 300_000,
    },
  );
  return {
    status: result.status,
    lines: (result.stdout ?? '')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean),
    stderr: result.stderr ?? '',
  };
}

test.before(() => {
  if (reason) return;
  ensureWinePrefix();
  resetWineMachine();
  installWineSensor(VERSION, JSON.stringify(sensorConfiguration(undefined), null, 2));
});
test.after(() => {
  if (!reason) resetWineMachine();
});

it("Get-MDIProxy reads wine's machine through defenderproxy.exe and reg.exe: the sensor without a proxy, no WinINet values", () => {
  const run = ps(
    `$p = Get-MDIProxy; $p.PSObject.TypeNames[0]; $p.Method; $p.SensorVersion; @($p.Stores | ForEach-Object { '{0}/{1}/{2}' -f $_.Store, $_.Account, $_.PSObject.TypeNames[0] }) -join ' '`,
  );
  assert.is(run.status, 0, run.stderr + run.lines.join('\n'));
  assert.equal(run.lines.slice(0, 3), ['DefenderProxyTools.MDIProxy', 'none', VERSION]);
  assert.match(
    run.lines[3]!,
    /^mdi-sensor\/\/DefenderProxyTools\.StoreEntry wininet\/CurrentUser\/DefenderProxyTools\.StoreEntry wininet\/LocalSystem\/\S+ wininet\/LocalService\/\S+$/,
  );
});

it("Set-MDIProxy -Method WinINet: -WhatIf leaves the registry alone; -Confirm:$false writes both service accounts' blobs, which reg.exe reads back and Get-MDIProxy follows", async () => {
  const before = await regExportAll();
  const whatIf = ps(`Set-MDIProxy -ProxyUrl http://proxy.contoso.com:8080 -Method WinINet -WhatIf`);
  assert.is(whatIf.status, 0, whatIf.stderr);
  assert.match(
    whatIf.lines.join('\n'),
    /What if: Set the MDI sensor proxy to http:\/\/proxy\.contoso\.com:8080:\n\s+HKEY_USERS\\S-1-5-18\\.*DefaultConnectionSettings: \(none\) -> proxy proxy\.contoso\.com:8080/,
  );
  assert.equal(await regExportAll(), before, 'nothing written under -WhatIf');

  const set = ps(
    `$r = Set-MDIProxy -ProxyUrl http://proxy.contoso.com:8080 -Method WinINet -Confirm:$false -PassThru -WarningAction SilentlyContinue; $r.Changed; $r.Backup; @($r.Changes | ForEach-Object { $_.Target }) -join ' | '`,
  );
  assert.is(set.status, 0, set.stderr + set.lines.join('\n'));
  assert.is(set.lines[0], 'True');
  assert.match(set.lines[1]!, /^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
  for (const account of ['S-1-5-18', 'S-1-5-19']) {
    assert.ok(set.lines[2]!.includes(`HKEY_USERS\\${account}\\`), `${account} changed`);
    const exported = regExport(account === 'S-1-5-18' ? WINE_KEYS.wininetLocalSystem : WINE_KEYS.wininetLocalService);
    // proxy.contoso.com:8080 in the blob's ASCII, as reg.exe exports it: 70,72,6f,78,79,2e (proxy.)
    assert.match(
      exported ?? '',
      /"DefaultConnectionSettings"=hex:46,00,00,00,[\s\S]*70,72,\\?\s*6f,\\?\s*78,\\?\s*79/,
      `${account}: ${exported}`,
    );
  }

  const after = ps(`$p = Get-MDIProxy; $p.Method; $p.EffectiveProxy`);
  assert.is(after.status, 0, after.stderr);
  assert.equal(after.lines, ['wininet', 'http://proxy.contoso.com:8080']);
});

it('Clear-MDIProxy -Method WinINet puts direct access back; Get-DefenderProxyBackup lists the backups newest first', () => {
  const run = ps(
    `Clear-MDIProxy -Method WinINet -Confirm:$false; (Get-MDIProxy).Method; @(Get-DefenderProxyBackup | ForEach-Object { $_.Reason }) -join ','`,
  );
  assert.is(run.status, 0, run.stderr + run.lines.join('\n'));
  assert.equal(run.lines, ['none', 'clear,set']);
});

test.run();
