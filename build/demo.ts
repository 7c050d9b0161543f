// `npm run demo`: the main job on the embedded example machine image (examples/dc01, a domain controller
// with an MDI sensor and MDE), offline, through the Linux executable: read every store, see which proxy the
// sensor really uses and what disagrees, plan and make a change, list the backup and restore it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const EXE = join(ROOT, 'dist', 'defenderproxy-linux-x64');

function call(command: string, request: object): any {
  const result = spawnSync(EXE, [command], { input: JSON.stringify(request), encoding: 'utf8' });
  const response = JSON.parse(result.stdout);
  if (!response.ok) throw new Error(`${command} failed (exit ${result.status}): ${response.error.code} ${response.error.message}`);
  return response.result;
}

function show(title: string, lines: string[]): void {
  process.stdout.write(`\n── ${title}\n${lines.map((l) => `   ${l}`).join('\n')}\n`);
}

function describeEntry(entry: any): string {
  switch (entry.store) {
    case 'mdi-sensor':
      return `mdi-sensor      ${entry.status}: ${entry.url ?? '(none)'}${entry.userName ? ` as ${entry.userName}` : ''} · sensor ${entry.sensorVersion ?? '?'} · workspace ${entry.workspaceEndpoint ?? '?'}`;
    case 'wininet':
      return `wininet         ${entry.account.padEnd(12)} ${entry.present ? (entry.proxyEnabled ? entry.proxyServer : 'direct') : '(not set)'}${entry.bypassList?.length ? ` bypass ${entry.bypassList.join(';')}` : ''}`;
    case 'winhttp':
      return `winhttp         ${entry.direct ? 'direct' : entry.proxyServer}`;
    case 'mde-telemetry':
      return `mde-telemetry   ${entry.proxyServer ?? '(none)'} · DisableEnterpriseAuthProxy ${entry.disableEnterpriseAuthProxy}`;
    case 'defender-av':
      return `defender-av     ${entry.proxyServer ?? '(none)'}`;
    default:
      return JSON.stringify(entry);
  }
}

function main(): void {
  const build = spawnSync('npx', ['tsx', join(ROOT, 'build', 'build.ts'), '--if-stale', 'linux-x64'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the executable failed:\n${build.stdout}${build.stderr}`);
  const machine = join(mkdtempSync(join(tmpdir(), 'defenderproxy-demo-')), 'dc01');
  cpSync(join(ROOT, 'examples', 'dc01'), machine, { recursive: true });
  process.stdout.write(`DefenderProxyTools demo on a copy of examples/dc01 (${machine})\n`);

  const before = call('get', { machine });
  show('get: every store', before.stores.map(describeEntry));
  show(
    `get: the MDI sensor uses "${before.mdi.method}" → ${before.mdi.effectiveProxy ?? 'direct'}`,
    before.mdi.conflicts.map((c: string) => `! ${c}`),
  );

  const change = { machine, store: 'mde-telemetry', proxy: { server: 'proxy2.contoso.com:3128' } };
  const plan = call('plan', change);
  show(
    'plan: what a set would change (nothing written)',
    plan.changes.map((c: any) => `${c.target}: ${c.before ?? '(absent)'} → ${c.after ?? '(removed)'}`),
  );
  const set = call('set', change);
  show(
    `set: changed=${set.changed}, backup ${set.backup}`,
    set.changes.map((c: any) => `${c.target} = ${c.after}`),
  );
  const again = call('set', change);
  show('set again: idempotent', [`changed=${again.changed}`]);

  const backups = call('backup', { machine, action: 'list' });
  show(
    'backup list',
    backups.backups.map((b: any) => `${b.id}  ${b.reason}  ${b.targets.length} targets`),
  );
  const restored = call('restore', { machine, backup: set.backup });
  show(
    'restore: back to the first state',
    restored.changes.map((c: any) => `${c.target}: ${c.before} → ${c.after ?? '(removed)'}`),
  );

  const catalog = call('catalog', { product: 'mdi', workspace: 'contoso-corp' });
  show('catalog: what the firewall must allow for this workspace', catalog.text.trim().split('\n'));
}

try {
  main();
} catch (error) {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exit(1);
}
