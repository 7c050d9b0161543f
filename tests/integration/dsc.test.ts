// The DSC v3 manifests' commands, run literally as DSC would run them (executable + args from the JSON, the
// instance on stdin), against a copy of examples/dc01.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage, hashTree } from '../support/image';
import { ROOT, runCore, usesBuiltExecutable, type CoreRun } from './fleet/core-runner';

type Operation = 'get' | 'set' | 'test' | 'whatIf';

const manifests = Object.fromEntries(
  ['MDIProxy', 'MDEProxy'].map((name) => [
    name,
    JSON.parse(readFileSync(join(ROOT, 'dsc', `DefenderProxyTools.${name}.dsc.resource.json`), 'utf8')),
  ]),
);

console.log(
  `  dsc: running ${usesBuiltExecutable() ? 'dist/defenderproxy-linux-x64' : 'the sources through tsx (no built executable with the dsc command)'}`,
);

function dsc(resource: string, operation: Operation, instance: object | null): CoreRun {
  const method = manifests[resource][operation];
  assert.is(method.input, 'stdin');
  return runCore(method.executable, method.args, instance === null ? '' : JSON.stringify(instance));
}

/** DSC expects one JSON line on stdout, JSON lines on stderr, exit 0. */
function ok(run: CoreRun): any {
  assert.is(run.status, 0, `exit ${run.status}: ${run.stdout} ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((l) => l.trim());
  assert.is(lines.length, 1, `one JSON line on stdout, got: ${run.stdout}`);
  for (const log of run.logs) assert.ok(typeof log.level === 'string', `stderr line is a JSON log line: ${JSON.stringify(log)}`);
  return JSON.parse(lines[0]!);
}

const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ $id: 'https://aka.ms/dsc/schemas/v3/resource/properties/exist.json', type: 'boolean' });
ajv.addSchema({ $id: 'https://aka.ms/dsc/schemas/v3/resource/properties/inDesiredState.json', type: ['boolean', 'null'] });
const instanceValidators = Object.fromEntries(Object.entries(manifests).map(([name, m]) => [name, ajv.compile(m.schema.embedded)]));

function assertInstance(resource: string, instance: object): void {
  const validate = instanceValidators[resource]!;
  assert.ok(validate(instance), `${resource} instance fits its embedded schema: ${JSON.stringify(validate.errors)}`);
}

const CURRENT = { proxyUrl: 'http://proxy.contoso.com:8080', method: 'sensor', userName: 'CONTOSO\\proxyuser' };
const OTHER = { proxyUrl: 'http://other.contoso.com:3128', method: 'sensor' };
const withoutBackups = (path: string): boolean => path.startsWith('.defenderproxy');

test('MDIProxy get: the actual state of the example sensor, as an instance of the manifest schema', () => {
  const machine = copyExampleImage();
  const actual = ok(dsc('MDIProxy', 'get', { machine }));
  assertInstance('MDIProxy', actual);
  assert.equal(actual, {
    machine,
    _exist: true,
    proxyUrl: CURRENT.proxyUrl,
    method: 'sensor',
    userName: CURRENT.userName,
    hasPassword: true,
  });
});

test('MDIProxy test: in desired state and drift both exit 0; _inDesiredState tells them apart; nothing changes', () => {
  const machine = copyExampleImage();
  const before = hashTree(machine);
  const inState = ok(dsc('MDIProxy', 'test', { machine, ...CURRENT }));
  assert.is(inState._inDesiredState, true);
  assertInstance('MDIProxy', inState);
  const drift = ok(dsc('MDIProxy', 'test', { machine, ...OTHER }));
  assert.is(drift._inDesiredState, false);
  assert.is(drift.proxyUrl, CURRENT.proxyUrl, 'test returns the actual state');
  assert.equal(hashTree(machine), before);
});

test('MDIProxy whatIf: the expected state, and the image untouched', () => {
  const machine = copyExampleImage();
  const before = hashTree(machine);
  const expected = ok(dsc('MDIProxy', 'whatIf', { machine, ...OTHER }));
  assert.is(expected.proxyUrl, OTHER.proxyUrl);
  assertInstance('MDIProxy', expected);
  assert.equal(hashTree(machine), before);
});

test('MDIProxy set: returns the after-state; test then finds it in the desired state; a second set changes nothing', () => {
  const machine = copyExampleImage();
  const after = ok(dsc('MDIProxy', 'set', { machine, ...OTHER }));
  assert.is(after.proxyUrl, OTHER.proxyUrl);
  assertInstance('MDIProxy', after);
  assert.is(ok(dsc('MDIProxy', 'test', { machine, ...OTHER }))._inDesiredState, true);
  const settled = hashTree(machine);
  const again = dsc('MDIProxy', 'set', { machine, ...OTHER });
  assert.equal(ok(again), after);
  assert.equal(hashTree(machine), settled, 'the second set wrote nothing, not even a backup');
});

test('MDIProxy set _exist false removes the proxy; test with _exist false is then in the desired state', () => {
  const machine = copyExampleImage();
  ok(dsc('MDIProxy', 'set', { machine, _exist: false, method: 'sensor' }));
  ok(dsc('MDIProxy', 'set', { machine, _exist: false, method: 'wininet' }));
  const state = ok(dsc('MDIProxy', 'get', { machine }));
  assert.is(state._exist, false);
  assert.is(state.proxyUrl, null);
  assert.is(ok(dsc('MDIProxy', 'test', { machine, _exist: false }))._inDesiredState, true);
});

test('MDEProxy: test finds drift, set converges TelemetryProxyServer and Defender AV (WinHTTP only when asked), test agrees, a second set changes nothing', () => {
  const machine = copyExampleImage();
  const desired = { machine, proxyServer: 'proxy.contoso.com:8080', bypassList: ['<local>'] };
  assert.is(ok(dsc('MDEProxy', 'test', desired))._inDesiredState, false);
  const after = ok(dsc('MDEProxy', 'set', desired));
  assertInstance('MDEProxy', after);
  // WinHTTP's proxy is machine-wide (002): the resource manages it only when components or includeWinHttp name it.
  assert.equal(
    [after.proxyServer, after.bypassList, after.components],
    ['proxy.contoso.com:8080', ['<local>'], ['mde-telemetry', 'defender-av']],
  );
  const withWinHttp = ok(dsc('MDEProxy', 'set', { ...desired, includeWinHttp: true }));
  assert.equal(withWinHttp.components, ['winhttp', 'mde-telemetry', 'defender-av']);
  assert.is(ok(dsc('MDEProxy', 'test', desired))._inDesiredState, true);
  const settled = hashTree(machine);
  ok(dsc('MDEProxy', 'set', desired));
  assert.equal(hashTree(machine), settled);
  const cleared = ok(dsc('MDEProxy', 'set', { machine, _exist: false }));
  assert.is(cleared._exist, false);
  assert.is(ok(dsc('MDEProxy', 'test', { machine, _exist: false }))._inDesiredState, true);
});

test('errors: a field of the other resource, or no proxy at all, exit 2 with a JSON error line on stderr and nothing changed', () => {
  const machine = copyExampleImage();
  ok(dsc('MDEProxy', 'set', { machine, _exist: false }));
  const before = hashTree(machine, withoutBackups);
  for (const [resource, instance, code] of [
    ['MDIProxy', { machine, proxyServer: 'proxy:8080' }, 'FIELD_UNKNOWN'],
    ['MDEProxy', { machine, bypassList: ['<local>'] }, 'DSC_PROXY_MISSING'],
  ] as const) {
    const run = dsc(resource, 'set', instance);
    assert.is(run.status, 2, run.stdout);
    assert.is(run.json.error.code, code);
    assert.ok(
      run.logs.some((l) => l.level === 'error' && typeof l.message === 'string'),
      run.stderr,
    );
  }
  assert.equal(hashTree(machine, withoutBackups), before);
});

test('a property left unset is not managed: MDEProxy with only a bypass list or a PAC URL keeps the proxy the machine has', () => {
  const machine = copyExampleImage();
  ok(dsc('MDEProxy', 'set', { machine, proxyServer: 'proxy.contoso.com:8080', bypassList: ['<local>'] }));
  const pac = ok(dsc('MDEProxy', 'set', { machine, pacUrl: 'http://wpad.contoso.com/proxy.pac', components: ['defender-av'] }));
  assert.equal([pac.proxyServer, pac.pacUrl, pac.bypassList], ['proxy.contoso.com:8080', 'http://wpad.contoso.com/proxy.pac', ['<local>']]);
  const bypass = ok(dsc('MDEProxy', 'set', { machine, bypassList: ['<local>', '*.contoso.com'] }));
  assert.equal([bypass._exist, bypass.proxyServer, bypass.bypassList], [true, 'proxy.contoso.com:8080', ['*.contoso.com', '<local>']]);
  const server = ok(dsc('MDEProxy', 'set', { machine, proxyServer: 'other.contoso.com:3128' }));
  assert.equal([server.proxyServer, server.bypassList], ['other.contoso.com:3128', ['*.contoso.com', '<local>']], 'the bypass list stays');
  assert.is(ok(dsc('MDEProxy', 'test', { machine }))._inDesiredState, true, 'nothing named, nothing to differ');
});

test('a property left unset is not managed: MDIProxy without proxyUrl keeps the sensor\'s proxy and user, and is not "no proxy"', () => {
  const machine = copyExampleImage();
  const before = hashTree(machine);
  assert.is(ok(dsc('MDIProxy', 'test', { machine, method: 'sensor' }))._inDesiredState, true);
  const after = ok(dsc('MDIProxy', 'set', { machine, method: 'sensor' }));
  assert.equal([after._exist, after.proxyUrl, after.userName], [true, CURRENT.proxyUrl, CURRENT.userName]);
  assert.equal(hashTree(machine), before, 'nothing to change, nothing written');
  const moved = ok(dsc('MDIProxy', 'set', { machine, ...OTHER }));
  assert.equal(
    [moved.proxyUrl, moved.userName, moved.hasPassword],
    [OTHER.proxyUrl, CURRENT.userName, true],
    'the credential stays with the new URL',
  );

  ok(dsc('MDIProxy', 'set', { machine, _exist: false, method: 'sensor' }));
  ok(dsc('MDIProxy', 'set', { machine, _exist: false, method: 'wininet' }));
  const none = ok(dsc('MDIProxy', 'test', { machine, method: 'sensor' }));
  assert.equal([none._exist, none._inDesiredState], [false, false], 'a proxy is wanted and there is none');
  const refused = dsc('MDIProxy', 'set', { machine, method: 'sensor' });
  assert.equal([refused.status, refused.json.error.code], [2, 'DSC_PROXY_MISSING']);
});

test('get with no input at all (as DSC sends it) is read as {}: on Linux that asks for a machine image', () => {
  const run = dsc('MDIProxy', 'get', null);
  if (process.platform === 'win32') return;
  assert.is(run.status, 2);
  assert.is(run.json.error.code, 'MACHINE_REQUIRED');
});

test.run();
