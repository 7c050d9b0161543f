import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { koffiAddon } from '../../build/koffi-addon';
import { LINUX_EXE, WINDOWS_EXE } from '../support/exe';
import { runWindowsExe, wineDriveC, winePath, type WindowsRunOptions } from '../support/wine';
import { runWindowsExeTraced } from '../support/wine-trace';
import { resetWineMachine } from '../support/wine-registry';
import { copyExampleImage } from '../support/image';
import { modulesLoaded, TRACE_START_UP } from '../support/start-up-trace';

/**
 * Loading koffi's addon safely: from beside the executable only when that lies under Program Files, else
 * from a cache under Program Files written once; always checked against the SHA-256 built into the
 * executable first; and where it cannot be written or loaded, the reg.exe host takes over with a warning.
 */
const addon = suite('the koffi addon: where it is written, what is loaded, the fallback');

const built = koffiAddon();
const CACHE_WINDOWS = `C:\\Program Files\\DefenderProxyTools\\addon\\koffi-${built.version}-${built.sha256.slice(0, 16)}.node`;
const cacheOnDisk = () =>
  join(wineDriveC(), 'Program Files', 'DefenderProxyTools', 'addon', `koffi-${built.version}-${built.sha256.slice(0, 16)}.node`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Run {
  status: number;
  json: any;
  /** The path the native host says it loaded the addon from; null when it did not load one. */
  loadedFrom: string | null;
  warnings: { code?: string; message: string }[];
}

function get(options: WindowsRunOptions = {}, request: object = { stores: ['winhttp'] }): Run {
  const result = runWindowsExe(['get'], request, options);
  const lines = result.stderr
    .split(/\r?\n/)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: string; code?: string; message: string });
  const loaded = lines.find((l) => l.code === 'NATIVE_HOST_LOADED');
  return {
    status: result.status,
    json: result.json,
    loadedFrom: loaded ? /from (.*)\.$/.exec(loaded.message)![1]! : null,
    warnings: lines.filter((l) => l.level === 'warning'),
  };
}

/** A copy of the Windows executable in a folder on wine's drives, with `beside` as its koffi.node (or none). */
function copyExecutable(folder: string, beside: Buffer | null): string {
  mkdirSync(folder, { recursive: true });
  const exe = join(folder, 'defenderproxy.exe');
  copyFileSync(WINDOWS_EXE, exe);
  if (beside) writeFileSync(join(folder, 'koffi.node'), beside);
  return exe;
}

addon.before(() => resetWineMachine());
addon.after(() => {
  rmSync(cacheOnDisk(), { recursive: true, force: true });
  rmSync(join(wineDriveC(), 'Program Files', 'DPT addon test'), { recursive: true, force: true });
});

addon(
  'the first native run writes the addon once under Program Files, byte for byte what package-lock pins, and loads it from there',
  () => {
    rmSync(cacheOnDisk(), { recursive: true, force: true });
    const first = get();
    assert.is(first.status, 0, JSON.stringify(first.json));
    assert.is(first.loadedFrom, CACHE_WINDOWS);
    assert.equal(first.warnings, []);
    assert.equal(readFileSync(cacheOnDisk()), readFileSync(built.file));
    const written = statSync(cacheOnDisk());
    const second = runWindowsExe(['get'], { stores: ['winhttp'] }, { env: { DEFENDERPROXY_TRACE_ADDON: '1' } });
    assert.is(second.status, 0);
    assert.is(statSync(cacheOnDisk()).mtimeMs, written.mtimeMs, 'the second run loads it without writing it again');
    const timing = second.stderr
      .split(/\r?\n/)
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((l) => l.code === 'NATIVE_ADDON_TIMING');
    assert.match(
      timing?.message ?? '',
      /^Addon checked in \d+\.\d ms .* loaded in \d+\.\d ms/,
      'DEFENDERPROXY_TRACE_ADDON says what the load cost (the bench reads it)',
    );
  },
);

addon(
  'a live get with the addon in place loads neither node:crypto nor perf_hooks: the file is compared with the carried addon, not hashed',
  () => {
    get(); // writes the addon when it is not there yet: that run checks the carried bytes' SHA-256
    const run = runWindowsExe(['get'], { stores: ['winhttp'] }, { env: { ...TRACE_START_UP, DEFENDERPROXY_TRACE_ADDON: '1' } });
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /"NATIVE_HOST_LOADED"/);
    const loaded = modulesLoaded(run.stderr);
    for (const costly of ['crypto', 'internal/perf/performance'])
      assert.not.ok(loaded.includes(costly), `${costly} loaded: ${loaded.join(' ')}`);
  },
);

// A live `test` reads LocalMachine\Root to judge each TLS chain (issue 12), so it needs the live machine; one for an
// image reads the image's roots instead.
addon('commands that need no live machine never load the addon: an image get, catalog, a test of an image over direct', () => {
  rmSync(cacheOnDisk(), { force: true });
  const machine = winePath(copyExampleImage());
  const image = get({}, { machine, stores: ['winhttp'] });
  assert.is(image.status, 0);
  const catalog = runWindowsExe(['catalog'], { product: 'mdi', workspace: 'contoso-corp' });
  assert.is(catalog.status, 0, catalog.stdout);
  // Nothing listens on port 1: the probe fails at connect, which is all this needs.
  const probe = runWindowsExe(['test'], { product: 'mdi', machine, url: 'https://127.0.0.1:1/ping', routes: ['direct'], timeoutMs: 2000 });
  assert.is(probe.json?.command, 'test', probe.stdout + probe.stderr);
  for (const run of [catalog, probe]) assert.not.match(run.stderr, /NATIVE_HOST_LOADED|NATIVE_HOST_FALLBACK/);
  assert.is(image.loadedFrom, null);
  assert.not.ok(existsSync(cacheOnDisk()), 'no run wrote the addon, so none loaded it');
});

addon('a cached addon with other bytes is never loaded: it is written again from the executable', () => {
  mkdirSync(join(cacheOnDisk(), '..'), { recursive: true });
  writeFileSync(cacheOnDisk(), Buffer.from('MZ not the addon'));
  const run = get();
  assert.is(run.status, 0);
  assert.is(run.loadedFrom, CACHE_WINDOWS);
  assert.equal(
    run.warnings.map((w) => w.code),
    ['NATIVE_ADDON_REFUSED'],
    'the refused file is worth a warning',
  );
  assert.match(run.warnings[0]!.message, CACHE_WINDOWS);
  assert.is(sha256(readFileSync(cacheOnDisk())), built.sha256);

  const flipped = readFileSync(built.file);
  flipped[flipped.length >> 1] ^= 0x01;
  writeFileSync(cacheOnDisk(), flipped);
  const oneBit = get();
  assert.is(oneBit.status, 0);
  assert.equal(
    oneBit.warnings.map((w) => w.code),
    ['NATIVE_ADDON_REFUSED'],
    'one bit in 1 MB is enough to refuse it',
  );
  assert.is(sha256(readFileSync(cacheOnDisk())), built.sha256);
});

addon('an addon beside an executable in an ordinary folder is not even looked at: the Program Files cache is used', () => {
  const exe = copyExecutable(mkdtempSync(join(tmpdir(), 'dp-exe-')), readFileSync(built.file));
  rmSync(cacheOnDisk(), { force: true });
  const run = get({ exe });
  assert.is(run.status, 0);
  assert.is(run.loadedFrom, CACHE_WINDOWS, `loaded from the cache, not from beside ${winePath(exe)}`);
  assert.equal(run.warnings, [], 'not even refused: never looked at');
  rmSync(join(exe, '..'), { recursive: true, force: true });
});

addon(
  'beside an executable under Program Files, the right addon is loaded from there and nothing is written; other bytes there are refused',
  () => {
    const folder = join(wineDriveC(), 'Program Files', 'DPT addon test');
    const exe = copyExecutable(folder, readFileSync(built.file));
    rmSync(cacheOnDisk(), { force: true });
    const beside = get({ exe });
    assert.is(beside.status, 0);
    assert.is(beside.loadedFrom, 'C:\\Program Files\\DPT addon test\\koffi.node');
    assert.not.ok(existsSync(cacheOnDisk()), 'no cache written');

    writeFileSync(join(folder, 'koffi.node'), Buffer.from('MZ planted'));
    const planted = get({ exe });
    assert.is(planted.status, 0);
    assert.is(planted.loadedFrom, CACHE_WINDOWS, 'the planted file was refused by its hash');
    assert.equal(
      planted.warnings.map((w) => w.code),
      ['NATIVE_ADDON_REFUSED'],
    );
    assert.match(planted.warnings[0]!.message, 'C:\\Program Files\\DPT addon test\\koffi.node');
  },
);

addon('where the addon cannot be written, the reg.exe host takes over with a warning; asked for native, a coded refusal', () => {
  rmSync(cacheOnDisk(), { recursive: true, force: true });
  // A folder where the file should be: neither readable as the addon nor replaceable by it.
  mkdirSync(join(cacheOnDisk(), 'in the way'), { recursive: true });
  const traced = runWindowsExeTraced(['get'], { stores: ['winhttp'] });
  assert.is(traced.status, 0, traced.stdout + traced.stderr);
  const warnings = traced.stderr
    .split(/\r?\n/)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((l) => l.level === 'warning');
  assert.equal(
    warnings.map((w) => w.code),
    ['NATIVE_HOST_FALLBACK'],
  );
  assert.match(warnings[0].message, CACHE_WINDOWS);
  assert.ok(traced.created.includes('reg.exe export'), `the reg.exe host read the store: ${traced.created.join(', ')}`);

  const asked = runWindowsExe(['get'], { windowsHost: 'native' });
  assert.is(asked.status, 2, asked.stdout);
  assert.equal([asked.json.error.code, asked.json.error.field], ['NATIVE_HOST_UNAVAILABLE', 'windowsHost']);
  const byEnvironment = runWindowsExe(['get'], {}, { host: 'native' });
  assert.is(byEnvironment.status, 2);
  assert.is(byEnvironment.json.error.code, 'NATIVE_HOST_UNAVAILABLE');
  rmSync(cacheOnDisk(), { recursive: true, force: true });
});

addon('DEFENDERPROXY_WINDOWS_HOST takes native or reg.exe, nothing else', () => {
  const run = runWindowsExe(['get'], {}, { env: { DEFENDERPROXY_WINDOWS_HOST: 'wmi' } });
  assert.is(run.status, 2);
  assert.is(run.json.error.code, 'WINDOWS_HOST_INVALID');
});

addon('only the Windows executable carries the addon and the Windows hosts: the Linux one holds none of their bytes', () => {
  const bytes = readFileSync(built.file);
  const probe = bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + 64);
  const [windows, linux] = [readFileSync(WINDOWS_EXE), readFileSync(LINUX_EXE)];
  assert.ok(windows.includes(probe), 'the Windows executable carries koffi.node');
  assert.not.ok(linux.includes(probe), 'the Linux executable does not');
  // A function name only the native host's registry code holds, and a command only the reg.exe host runs.
  for (const code of ['RegEnumValueW', 'tasklist.exe']) {
    assert.ok(windows.includes(code), `the Windows executable holds ${code}`);
    assert.not.ok(linux.includes(code), `the Linux executable does not hold ${code}`);
  }
});

addon.run();
