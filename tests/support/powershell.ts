// Where the tests find PowerShell 7 and Pester 5: build/setup.sh installs both into .tools/ (pwsh as a dotnet tool,
// Pester from NuGet); a pwsh on PATH does too. Every caller that cannot find them says why, so that a skip is never
// silent.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './exe';

const TOOLS = join(ROOT, '.tools');

/** The pwsh of the project's tool folder, else the one on PATH; null when neither exists. */
export function findPwsh(): string | null {
  const local = join(TOOLS, 'pwsh', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
  if (existsSync(local)) return local;
  const onPath = spawnSync('sh', ['-c', 'command -v pwsh'], { encoding: 'utf8' });
  return onPath.status === 0 ? onPath.stdout.trim() : null;
}

/** Pester.psd1 of the newest Pester 5 in the tool folder; null when none is there. */
export function findPester(): string | null {
  const folder = join(TOOLS, 'nuget', 'pester');
  if (!existsSync(folder)) return null;
  const versions = readdirSync(folder)
    .filter((v) => /^5\.\d+\.\d+$/.test(v) && existsSync(join(folder, v, 'tools', 'Pester.psd1')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = versions[versions.length - 1];
  return newest ? join(folder, newest, 'tools', 'Pester.psd1') : null;
}

/** Why PowerShell tests cannot run here, or null when they can. */
export function whyNoPwsh(): string | null {
  return findPwsh() ? null : 'no pwsh in .tools/pwsh or on PATH (build/setup.sh installs it where the .NET SDK is present)';
}
