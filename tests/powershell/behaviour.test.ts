// The module's behaviour through a real PowerShell (node-powershell), against the Linux executable and a copy of
// examples/dc01. Runs where pwsh exists (.tools/pwsh from build/setup.sh, or PATH); elsewhere every test is reported
// SKIPPED with the reason. The Pester suite (tests/powershell/pester, run by npm test) goes much further.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage, hashTree } from '../support/image';
import { ROOT } from './support/repo-files';
import { findPwsh, whyNoPwsh } from '../support/powershell';

const EXE = join(ROOT, 'dist', 'defenderproxy-linux-x64');

function whyNotRunnable(): string | null {
  // node-powershell crashes the process with an unhandled rejection when pwsh is missing: look first.
  const noPwsh = whyNoPwsh();
  if (noPwsh) return noPwsh;
  if (!existsSync(EXE)) return `${EXE} is not built (npm run build)`;
  return null;
}

const reason = whyNotRunnable();
const behaviour = suite('module behaviour through pwsh');
const it = reason ? behaviour.skip : behaviour;
if (reason) console.log(`SKIPPED: PowerShell behaviour tests: ${reason}. Only the static checks cover the module here.`);

type Shell = { invoke(command: string): Promise<{ raw: string; hadErrors: boolean }>; dispose(): Promise<void> };
let shell: Shell | null = null;

const MARKER = '<<json>>';

async function ps(command: string): Promise<any> {
  if (!shell) {
    const { PowerShell } = require('node-powershell') as { PowerShell: new (options: object) => Shell };
    shell = new PowerShell({ executable: findPwsh()!, executableOptions: { '-NoProfile': true } });
    // A source checkout: the module finds dist/defenderproxy-linux-x64 itself.
    await shell.invoke(`Import-Module '${join(ROOT, 'DefenderProxyTools.psd1')}' -Force`);
  }
  // The command runs in a script block (statements such as try/catch too); -WhatIf lines go to the host first,
  // so the JSON is what follows the marker.
  const result = await shell.invoke(`'${MARKER}' + (& { ${command} } | ConvertTo-Json -Depth 6 -Compress)`);
  const json = result.raw.slice(result.raw.lastIndexOf(MARKER) + MARKER.length).trim();
  return json ? JSON.parse(json) : null;
}

behaviour.after(async () => {
  if (shell) await shell.dispose();
});

it('Get-MDIProxy reads the example sensor: method, URL, user, typed stores', async () => {
  const image = copyExampleImage();
  const proxy = await ps(`Get-MDIProxy -MachineImage '${image}'`);
  assert.is(proxy.Url, 'http://proxy.contoso.com:8080');
  assert.is(proxy.UserName, 'CONTOSO\\proxyuser');
  assert.ok(proxy.IsAuthenticationProxyEnabled);
  assert.ok(proxy.Stores.length >= 1);
});

it('Set-MDIProxy -WhatIf changes nothing; without it the image changes and a backup restores it', async () => {
  const image = copyExampleImage();
  const before = hashTree(image);
  await ps(`Set-MDIProxy -ProxyUrl http://other.contoso.com:3128 -Method Sensor -MachineImage '${image}' -WhatIf`);
  assert.equal(hashTree(image), before);
  const result = await ps(
    `Set-MDIProxy -ProxyUrl http://other.contoso.com:3128 -Method Sensor -MachineImage '${image}' -Confirm:$false -PassThru`,
  );
  assert.ok(result.Changed);
  assert.is((await ps(`Get-MDIProxy -MachineImage '${image}'`)).Url, 'http://other.contoso.com:3128');
  await ps(`Get-DefenderProxyBackup -MachineImage '${image}' | Select-Object -First 1 | Restore-DefenderProxyBackup -Confirm:$false`);
  assert.is((await ps(`Get-MDIProxy -MachineImage '${image}'`)).Url, 'http://proxy.contoso.com:8080');
});

it('an invalid request is a terminating InvalidArgument error whose id is the core error code', async () => {
  const image = copyExampleImage();
  const error = await ps(
    `try { Set-MDIProxy -ProxyUrl 'ftp://x' -MachineImage '${image}' -Confirm:$false; $null } catch { @{ Id = $_.FullyQualifiedErrorId; Category = [string] $_.CategoryInfo.Category } }`,
  );
  assert.match(error.Id, /^[A-Z_]+,/);
  assert.is(error.Category, 'InvalidArgument');
});

behaviour.run();
