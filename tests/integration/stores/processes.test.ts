import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from '../../support/exe';
import { hashTree } from '../../support/image';
import { runCommand } from '../../support/stores';
import { withChangeLock, LOCK_FILE } from '../../../core/safety/lock';
import { dc01 } from './helpers';

const test = suite('secrets, concurrency and the lock, through real processes');

const CLI_ARGS = ['--import', 'tsx', join(ROOT, 'core', 'bin.ts')];

function runCli(command: string, request: object) {
  const argv = [...CLI_ARGS, command];
  const result = spawnSync(process.execPath, argv, { cwd: ROOT, input: JSON.stringify(request) });
  return { argv, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runCliAsync(command: string, request: object): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI_ARGS, command], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (status) => resolve({ status, stdout }));
    child.stdin.end(JSON.stringify(request));
  });
}

function contains(bytes: Buffer, canary: string): boolean {
  return bytes.includes(Buffer.from(canary, 'utf8')) || bytes.includes(Buffer.from(canary, 'utf16le'));
}

test('a canary password set through the CLI is nowhere: not in argv, stdout, stderr, nor any file of the image (backups and lock included)', () => {
  const machine = dc01();
  const canary = `Canary-${randomBytes(6).toString('hex')}`;
  const runs = [
    runCli('plan', { machine, method: 'sensor', proxy: { url: 'http://p:8080', userName: 'CONTOSO\\c', password: canary } }),
    runCli('set', { machine, method: 'sensor', proxy: { url: 'http://p:8080', userName: 'CONTOSO\\c', password: canary } }),
    runCli('set', { machine, method: 'sensor', proxy: { url: 'http://p:8081', userName: 'CONTOSO\\c', password: canary } }),
  ];
  for (const run of runs) {
    assert.is(run.status, 0, run.stdout.toString() + run.stderr.toString());
    assert.is(
      run.argv.some((a) => a.includes(canary)),
      false,
    );
    assert.is(contains(run.stdout, canary), false, 'stdout');
    assert.is(contains(run.stderr, canary), false, 'stderr');
  }
  const files = Object.keys(hashTree(machine));
  assert.ok(
    files.some((f) => f.startsWith('.defenderproxy/backups/')),
    'backups were written',
  );
  for (const rel of files) assert.is(contains(readFileSync(join(machine, rel)), canary), false, rel);
});

test('two sets launched at once on one image: the end state is exactly one of them, in every store', async () => {
  const machine = dc01();
  const request = (host: string) => ({
    machine,
    stores: ['winhttp', 'mde-telemetry', 'defender-av', 'wininet'],
    proxy: { server: `${host}:3128`, bypass: ['<local>'] },
  });
  const [a, b] = await Promise.all([runCliAsync('set', request('alpha.contoso.com')), runCliAsync('set', request('bravo.contoso.com'))]);
  assert.is(a.status, 0, a.stdout);
  assert.is(b.status, 0, b.stdout);
  assert.ok(JSON.parse(a.stdout).result.changed && JSON.parse(b.stdout).result.changed, 'the second ran after the first, from its state');
  const stores = (await runCommand('get', { machine })).body.result.stores;
  const proxies = new Set<string>([
    ...stores.filter((e: any) => e.store === 'wininet' && e.account !== 'CurrentUser').map((e: any) => e.proxyServer),
    stores.find((e: any) => e.store === 'winhttp').proxyServer,
    stores.find((e: any) => e.store === 'mde-telemetry').proxyServer,
    stores.find((e: any) => e.store === 'defender-av').proxyServer.replace('http://', ''),
  ]);
  assert.is(proxies.size, 1, JSON.stringify([...proxies]));
  assert.ok(['alpha.contoso.com:3128', 'bravo.contoso.com:3128'].includes([...proxies][0]!));
  assert.is(existsSync(join(machine, '.defenderproxy', LOCK_FILE)), false, 'the lock is released');
});

test('a stale lock of a dead process is taken over', async () => {
  const machine = dc01();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  mkdirSync(join(machine, '.defenderproxy'), { recursive: true });
  writeFileSync(
    join(machine, '.defenderproxy', LOCK_FILE),
    JSON.stringify({ pid: Number(dead), host: require('node:os').hostname(), created: new Date().toISOString() }),
  );
  const run = await runCommand('set', { machine, store: 'winhttp', proxy: { server: 'p:1' } });
  assert.is(run.exit, 0, JSON.stringify(run.body));
  assert.is(existsSync(join(machine, '.defenderproxy', LOCK_FILE)), false);
});

test('a lock held by a live process makes a second change wait, then give up with exit 3', async () => {
  const machine = dc01();
  const state = join(machine, '.defenderproxy');
  await withChangeLock(state, { waitMs: 1000 }, async () => {
    try {
      await withChangeLock(state, { waitMs: 100 }, async () => assert.unreachable('entered a held lock'));
      assert.unreachable('no MACHINE_BUSY');
    } catch (error: any) {
      assert.is(error.code, 'MACHINE_BUSY');
      assert.is(error.exit, 3);
    }
  });
});

test.run();
