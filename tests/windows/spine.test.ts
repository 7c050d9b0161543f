import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExe, WINDOWS_EXE } from '../support/exe';
import { copyExampleImage } from '../support/image';
import { ensureWinePrefix, runWindowsExe, windowsRunEnv, wineDriveC, winePath, wineRegMust } from '../support/wine';
import { codeCacheVerdict, modulesLoaded, TRACE_START_UP } from '../support/start-up-trace';

const VERSION = '2.250.18972.18405';
const SENSOR = `C:\\Program Files\\Azure Advanced Threat Protection Sensor\\${VERSION}`;

test('the Windows executable answers --version, --help and schema under wine, without stdin', () => {
  const version = runWindowsExe(['--version']);
  assert.is(version.status, 0, version.stderr);
  assert.is(version.stdout.trim(), runExe(['--version']).stdout.trim());
  const help = runWindowsExe(['--help']);
  assert.is(help.status, 0, help.stderr);
  assert.is(help.stdout, runExe(['--help']).stdout);
  const schema = runWindowsExe(['schema']);
  assert.is(schema.status, 0);
  assert.ok(schema.json.definitions.GetRequest);
});

test('the Windows executable starts from its code cache, trained by node.exe under wine at build time (V8 accepts it)', () => {
  const run = runWindowsExe(['get'], { machine: winePath(copyExampleImage()), stores: ['winhttp'] }, { env: TRACE_START_UP });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.is(codeCacheVerdict(run.stderr), 'accepted', 'built where wine runs, so it must carry a cache V8 takes');
  const loaded = modulesLoaded(run.stderr);
  // tty: pipes are told apart from a console by fstat (core/cli/terminal.ts), so a scripted run never loads it.
  for (const costly of ['crypto', 'internal/perf/performance', 'tty', 'net'])
    assert.not.ok(loaded.includes(costly), `${costly} loaded: ${loaded.join(' ')}`);
});

test('a request from a file, the response into a file, errors into NUL: the same JSON as through pipes (fstat may fail under wine; node:tty decides then)', () => {
  const image = copyExampleImage();
  ensureWinePrefix();
  const folder = mkdtempSync(join(tmpdir(), 'dpt-stdio-'));
  const requestFile = join(folder, 'request.json');
  writeFileSync(requestFile, JSON.stringify({ machine: winePath(image), stores: ['mdi-sensor'] }));
  const responseFile = join(folder, 'response.json');
  const stdin = openSync(requestFile, 'r');
  const stdout = openSync(responseFile, 'w');
  const devNull = openSync('/dev/null', 'w');
  try {
    const run = spawnSync('wine', [WINDOWS_EXE, 'get'], { stdio: [stdin, stdout, devNull], env: windowsRunEnv(), timeout: 120_000 });
    assert.is(run.status, 0);
  } finally {
    for (const fd of [stdin, stdout, devNull]) closeSync(fd);
  }
  const response = readFileSync(responseFile, 'utf8');
  assert.not.match(response, '\x1b[', 'no colour into a file');
  assert.equal(JSON.parse(response), runExe(['get'], { machine: image, stores: ['mdi-sensor'] }).json);
});

test('stdin from NUL: the flags alone make the request, and NUL is no console (node:tty is not loaded)', () => {
  const image = copyExampleImage();
  ensureWinePrefix();
  const run = spawnSync('wine', [WINDOWS_EXE, 'get', '--machine', winePath(image), '--stores', 'mdi-sensor'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: windowsRunEnv({ env: TRACE_START_UP }),
    timeout: 120_000,
  });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.equal(JSON.parse(run.stdout), runExe(['get'], { machine: image, stores: ['mdi-sensor'] }).json);
  assert.not.ok(modulesLoaded(run.stderr).includes('tty'), run.stderr);
});

test('a request piped on stdin gets its response on stdout: get on an image equals the Linux executable', () => {
  const image = copyExampleImage();
  const windows = runWindowsExe(['get'], { machine: winePath(image), stores: ['mdi-sensor'] });
  assert.is(windows.status, 0, windows.stdout + windows.stderr);
  const linux = runExe(['get'], { machine: image, stores: ['mdi-sensor'] });
  assert.equal(windows.json, linux.json);
});

test('flags under wine: pipes still get the same JSON; the flags merge over the piped request; a table only when asked', () => {
  const image = copyExampleImage();
  const flags = runWindowsExe(['get', '--machine', winePath(image), '--stores', 'mdi-sensor'], {});
  assert.is(flags.status, 0, flags.stdout + flags.stderr);
  assert.equal(flags.json, runExe(['get'], { machine: image, stores: ['mdi-sensor'] }).json);
  const merged = runWindowsExe(['get', '--stores', 'winhttp'], { machine: winePath(image), stores: ['mdi-sensor'] });
  assert.equal(
    merged.json.result.stores.map((s: { store: string }) => s.store),
    ['winhttp'],
    'the flag wins over the piped field',
  );
  const table = runWindowsExe(['get', '--machine', winePath(image), '--format', 'table']);
  assert.is(table.status, 0, table.stdout + table.stderr);
  assert.match(table.stdout, /^STORE\s+ACCOUNT\s+PROXY\s+DETAILS$/m);
  assert.not.match(table.stdout, '\x1b[', 'no colour into a pipe');
  const unknown = runWindowsExe(['get', '--prodcut', 'mdi']);
  assert.equal([unknown.status, unknown.json.error.code], [2, 'FIELD_UNKNOWN']);
});

test('invalid input under wine: exit 2 with a coded error', () => {
  const result = runWindowsExe(['get'], { machine: 'C:\\nowhere' });
  assert.is(result.status, 2);
  assert.is(result.json.error.code, 'MACHINE_NOT_FOUND');
});

test('the live machine under wine: the sensor is found through the service binary path in the registry', () => {
  const image = copyExampleImage();
  const folder = join(wineDriveC(), 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION);
  mkdirSync(folder, { recursive: true });
  cpSync(
    join(image, 'files', 'C', 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION, 'SensorConfiguration.json'),
    join(folder, 'SensorConfiguration.json'),
  );
  wineRegMust([
    'add',
    'HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor',
    '/v',
    'ImagePath',
    '/t',
    'REG_SZ',
    '/d',
    `"${SENSOR}\\Microsoft.Tri.Sensor.exe"`,
    '/f',
    '/reg:64',
  ]);
  const live = runWindowsExe(['get'], { stores: ['mdi-sensor'] });
  assert.is(live.status, 0, live.stdout + live.stderr);
  const entry = live.json.result.stores[0];
  assert.is(entry.status, 'configured');
  assert.is(entry.sensorVersion, VERSION);
  assert.is(entry.url, 'http://proxy.contoso.com:8080');
  assert.is(entry.workspaceEndpoint, 'contoso-corpsensorapi.atp.azure.com:443');
});

test.run();
