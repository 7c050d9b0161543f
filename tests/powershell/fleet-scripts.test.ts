// The eight Intune and Configuration Manager scripts run as the agents run them: `pwsh -File`, the module imported
// from "$env:ProgramW6432\WindowsPowerShell\Modules\DefenderProxyTools" (here a folder that links to this checkout),
// against copies of examples/dc01. Only the desired-state lines at the top change, written the way the scripts
// document them ($null: no proxy); the connectivity cases add import options to the Import-Module line where a
// test CA must be pinned. Each run: the exit code the agent reads, exactly one line of at most 2,048 characters,
// and nothing on stderr.
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceSuite } from '../support/service-suite';
import { copyExampleImage } from '../support/image';
import { makeTestCertificate, runCommand } from '../support/stores';
import { findPwsh, whyNoPwsh } from '../support/powershell';
import { createTestPki, type TestPki } from '../support/test-ca';
import { startHttpsServer, type RunningHttpsServer } from '../support/https-server';
import { startSquid, type RunningSquid } from '../support/squid';
import { startMitmdump, type RunningMitmdump } from '../support/mitmproxy';
import { ROOT } from './support/repo-files';

const EXE = join(ROOT, 'dist', 'defenderproxy-linux-x64');
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const EDR = 'edr-cus.us.endpoint.security.microsoft.com';
const INTUNE_LIMIT = 2048;

const reason = whyNoPwsh() ?? (existsSync(EXE) ? null : `${EXE} is not built (npm run build)`);
if (reason) console.log(`SKIPPED: the fleet scripts under pwsh: ${reason}.`);

let programFiles: string;
let scratch: string;
let pki: TestPki;
let server: RunningHttpsServer;
let authSquid: RunningSquid;
let openSquid: RunningSquid;
let mitm: RunningMitmdump;

async function setUp(): Promise<void> {
  if (reason) return;
  // The module "installed for all users" under the 64-bit Program Files the scripts import it from.
  programFiles = mkdtempSync(join(tmpdir(), 'dp-program-files-'));
  mkdirSync(join(programFiles, 'WindowsPowerShell', 'Modules'), { recursive: true });
  symlinkSync(ROOT, join(programFiles, 'WindowsPowerShell', 'Modules', 'DefenderProxyTools'));
  scratch = mkdtempSync(join(tmpdir(), 'dp-fleet-'));
  pki = createTestPki();
  server = await startHttpsServer(pki);
  authSquid = await startSquid({ auth: 'basic', users: { 'CONTOSO\\alice': 's3cret' }, hosts: [SENSOR, EDR] });
  openSquid = await startSquid({ auth: 'none', hosts: [SENSOR, EDR] });
  mitm = await startMitmdump();
}

async function tearDown(): Promise<void> {
  await Promise.all([server?.close(), authSquid?.stop(), openSquid?.stop(), mitm?.stop()]);
  for (const folder of [programFiles, scratch]) if (folder) rmSync(folder, { recursive: true, force: true });
}

const suite = serviceSuite('the fleet scripts under pwsh', setUp, tearDown);
const test = (reason ? suite.skip : suite) as typeof suite;

interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

let copies = 0;

/**
 * Runs examples/<script> with its desired-state variables set (PowerShell text, e.g. `$null`) and, when given,
 * import options added to its Import-Module line.
 */
function runScript(script: string, variables: Record<string, string>, importOptions?: string): Promise<ScriptRun> {
  let text = readFileSync(join(ROOT, 'examples', script), 'utf8');
  for (const [name, value] of Object.entries(variables)) {
    const line = new RegExp(`^\\$${name} = .*?(\\s+#.*)?$`, 'm');
    assert.match(text, line, `${script} sets $${name}`);
    text = text.replace(line, (_whole, comment: string | undefined) => `$${name} = ${value}${comment ?? ''}`);
  }
  if (importOptions)
    text = text.replace(/(Import-Module -Name "[^"]+") -ErrorAction Stop/, `$1 -ArgumentList ${importOptions} -ErrorAction Stop`);
  const file = join(scratch, `${++copies}-${script.replace(/\//g, '-')}`);
  writeFileSync(file, text);
  return new Promise((resolve) => {
    const child = spawn(findPwsh()!, ['-NoProfile', '-NonInteractive', '-File', file], {
      env: { ...process.env, ProgramW6432: programFiles },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs PowerShell text in a new pwsh (for a cmdlet beside the scripts). */
function runScriptText(text: string): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(findPwsh()!, ['-NoProfile', '-NonInteractive', '-Command', text]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What an agent reads: the exit code, one line of at most 2,048 characters, nothing on stderr. */
function expectLine(run: ScriptRun, exit: number, line: RegExp, what: string): string {
  assert.is(run.stderr, '', `${what}: stderr`);
  const lines = run.stdout.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
  assert.is(lines.length, 1, `${what}: one line, got ${JSON.stringify(run.stdout)}`);
  assert.ok(lines[0]!.length <= INTUNE_LIMIT, `${what}: ${lines[0]!.length} characters`);
  assert.match(lines[0]!, line, what);
  assert.is(run.status, exit, `${what}: exit code (${lines[0]})`);
  return lines[0]!;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const image = () => quote(copyExampleImage());

async function clearedImage(product: 'mdi' | 'mde'): Promise<string> {
  const machine = copyExampleImage();
  if (product === 'mdi') {
    for (const method of ['sensor', 'wininet']) assert.ok((await runCommand('clear', { machine, product: 'mdi', method })).body.ok);
  } else {
    assert.ok((await runCommand('clear', { machine, product: 'mde' })).body.ok);
  }
  return quote(machine);
}

/** A copy of dc01 after a set; with `key`, its secret-manager certificate is a test one whose private key it holds. */
async function imageWith(request: object, key = false): Promise<string> {
  const machine = copyExampleImage();
  if (key) {
    const certificate = makeTestCertificate();
    const store = join(machine, 'certificates', 'LocalMachine', 'My');
    writeFileSync(join(store, '356FE9B42C13FE91F160965AAF0A71E8896ECCE7.cer'), certificate.der);
    writeFileSync(join(store, '356FE9B42C13FE91F160965AAF0A71E8896ECCE7.key'), certificate.privateKeyPem);
  }
  const run = await runCommand('set', { machine, ...request });
  assert.ok(run.body.ok, JSON.stringify(run.body));
  return quote(machine);
}

const MDI_SENSOR = { DesiredMethod: "'sensor'", DesiredUserName: "'CONTOSO\\proxyuser'" };

for (const folder of ['intune', 'sccm'] as const) {
  const detection = folder === 'intune' ? 'mdi-proxy-detection.ps1' : 'mdi-proxy-discovery.ps1';
  const mdeDetection = folder === 'intune' ? 'mde-proxy-detection.ps1' : 'mde-proxy-discovery.ps1';
  /** Intune detection: the summary and exit 1 to remediate; SCCM discovery: Compliant or NonCompliant, always exit 0. */
  const negative = (intune: RegExp, sccm: RegExp): [number, RegExp] => (folder === 'intune' ? [1, intune] : [0, sccm]);
  const positive = (intune: RegExp): [number, RegExp] => (folder === 'intune' ? [0, intune] : [0, /^Compliant$/]);

  test(`${folder}/${detection}: in the desired state, out of it, no proxy wanted ($null), and as shipped ("auto" on a sensor set two ways)`, async () => {
    const [inState, drift, noneOnProxy, noneOnNone, shipped] = await Promise.all([
      runScript(`${folder}/${detection}`, { ...MDI_SENSOR, TestConnectivity: '$false', MachineImage: image() }),
      runScript(`${folder}/${detection}`, {
        ...MDI_SENSOR,
        DesiredProxyUrl: "'http://other.contoso.com:3128'",
        TestConnectivity: '$false',
        MachineImage: image(),
      }),
      runScript(`${folder}/${detection}`, {
        DesiredProxyUrl: '$null',
        DesiredMethod: "'sensor'",
        TestConnectivity: '$false',
        MachineImage: image(),
      }),
      runScript(`${folder}/${detection}`, {
        DesiredProxyUrl: '$null',
        DesiredMethod: "'sensor'",
        TestConnectivity: '$false',
        MachineImage: await clearedImage('mdi'),
      }),
      runScript(`${folder}/${detection}`, { TestConnectivity: '$false', MachineImage: image() }),
    ]);
    expectLine(inState, ...positive(/^Compliant: MDI proxy http:\/\/proxy\.contoso\.com:8080 \(sensor\)\.$/), 'in the desired state');
    expectLine(
      drift,
      ...negative(
        /^Drift: 1 difference\(s\): C:\\Program Files\\.*SensorConfiguration\.json: Url=http:\/\/proxy\.contoso\.com:8080.* -> Url=http:\/\/other\.contoso\.com:3128/,
        /^NonCompliant: 1 difference\(s\): C:\\Program Files\\/,
      ),
      'drift',
    );
    expectLine(
      noneOnProxy,
      ...negative(/^Drift: \d difference\(s\): .* -> \(none\)/, /^NonCompliant: \d difference\(s\): /),
      'no proxy wanted, one there',
    );
    expectLine(noneOnNone, ...positive(/^Compliant: no MDI proxy\.$/), 'no proxy wanted, none there');
    expectLine(shipped, ...negative(/^Error: METHOD_AMBIGUOUS: /, /^NonCompliant: METHOD_AMBIGUOUS: /), 'as shipped');
  });

  test(`${folder}/mdi-proxy-remediation.ps1: repairs drift (restarting the sensor), then has nothing to do; removes the proxy for $null; a sensor that does not start again is a failure`, async () => {
    const drifted = quote(copyExampleImage());
    const repaired = await runScript(`${folder}/mdi-proxy-remediation.ps1`, {
      ...MDI_SENSOR,
      DesiredProxyUrl: "'http://other.contoso.com:3128'",
      MachineImage: drifted,
    });
    expectLine(
      repaired,
      0,
      /^Remediated: 1 value\(s\) changed, backup \d{8}T\d{9}Z-[0-9a-f]{6}; restarted AATPSensorUpdater, AATPSensor\.$/,
      'repaired',
    );
    const again = await runScript(`${folder}/mdi-proxy-remediation.ps1`, {
      ...MDI_SENSOR,
      DesiredProxyUrl: "'http://other.contoso.com:3128'",
      MachineImage: drifted,
    });
    expectLine(again, 0, /^Nothing to change: the MDI proxy is already as desired\.$/, 'again');

    const broken = copyExampleImage();
    const services = JSON.parse(readFileSync(join(broken, 'services.json'), 'utf8'));
    services.AATPSensor.failsToStart = true;
    writeFileSync(join(broken, 'services.json'), JSON.stringify(services));
    const [removed, failed] = await Promise.all([
      runScript(`${folder}/mdi-proxy-remediation.ps1`, { DesiredProxyUrl: '$null', DesiredMethod: "'sensor'", MachineImage: image() }),
      runScript(`${folder}/mdi-proxy-remediation.ps1`, {
        ...MDI_SENSOR,
        DesiredProxyUrl: "'http://other.contoso.com:3128'",
        MachineImage: quote(broken),
      }),
    ]);
    expectLine(removed, 0, /^Remediated: 1 value\(s\) changed, backup \S+; restarted AATPSensorUpdater, AATPSensor\.$/, 'no proxy wanted');
    expectLine(failed, 1, /^Failed: SENSOR_DID_NOT_START: AATPSensor did not run again .*Backup: \S+\.$/, 'the sensor does not start');
  });

  test(`${folder}/${mdeDetection} and mde-proxy-remediation.ps1 as shipped: drift, repaired, compliant; $null: removed, then compliant`, async () => {
    const machine = image();
    expectLine(
      await runScript(`${folder}/${mdeDetection}`, { TestConnectivity: '$false', MachineImage: machine }),
      ...negative(/^Drift: 2 difference\(s\): HKEY_LOCAL_MACHINE\\/, /^NonCompliant: 2 difference\(s\): /),
      'drift',
    );
    expectLine(
      await runScript(`${folder}/mde-proxy-remediation.ps1`, { MachineImage: machine }),
      0,
      /^Remediated: 2 value\(s\) changed, backup \S+\.$/,
      'repaired',
    );
    expectLine(
      await runScript(`${folder}/${mdeDetection}`, { TestConnectivity: '$false', MachineImage: machine }),
      ...positive(/^Compliant: MDE proxy proxy\.contoso\.com:8080\.$/),
      'compliant',
    );
    expectLine(
      await runScript(`${folder}/mde-proxy-remediation.ps1`, { DesiredProxyServer: '$null', MachineImage: machine }),
      0,
      /^Remediated: \d value\(s\) changed, backup \S+\.$/,
      'removed',
    );
    expectLine(
      await runScript(`${folder}/${mdeDetection}`, { DesiredProxyServer: '$null', TestConnectivity: '$false', MachineImage: machine }),
      ...positive(/^Compliant: no MDE proxy\.$/),
      'none wanted, none there',
    );
  });

  test(`${folder}/${mdeDetection} with connectivity: an intercepting proxy (mitmproxy) fails at TLS for every service URL of the geography`, async () => {
    const proxyServer = `127.0.0.1:${mitm.port}`;
    const machine = await imageWith({ product: 'mde', proxy: { server: proxyServer, bypass: ['<local>'] } });
    const run = await runScript(`${folder}/${mdeDetection}`, {
      DesiredProxyServer: quote(proxyServer),
      TestConnectivity: '$true',
      MachineImage: machine,
    });
    const line = expectLine(
      run,
      ...negative(
        /^Connectivity failed: (\d+) of \1 probe\(s\); https:\/\/\S+ via sensor stopped at tls \(TLS_INTERCEPTED\): \S/,
        /^NonCompliant: connectivity: https:\/\/\S+ via sensor stopped at tls \(TLS_INTERCEPTED\)$/,
      ),
      'intercepted',
    );
    assert.ok(line.length < INTUNE_LIMIT);
  });
}

test('intune/mde-proxy-detection.ps1 with connectivity through an open proxy to a stand-in of the service (its test CA pinned at import): compliant', async () => {
  const proxyServer = `127.0.0.1:${openSquid.port}`;
  const machine = await imageWith({ product: 'mde', proxy: { server: proxyServer } });
  const options = `@{ Connectivity = @{ url = 'https://${EDR}:${server.port}/edr/commands/test'; trustedRoots = @(${quote(pki.rootPem)}) } }`;
  const run = await runScript(
    'intune/mde-proxy-detection.ps1',
    { DesiredProxyServer: quote(proxyServer), DesiredBypass: '@()', TestConnectivity: '$true', MachineImage: machine },
    options,
  );
  expectLine(
    run,
    0,
    new RegExp(`^Compliant: MDE proxy 127\\.0\\.0\\.1:${openSquid.port}; the service answers \\(1 probe\\(s\\) passed\\)\\.$`),
    'reachable',
  );
});

test("intune/mdi-proxy-detection.ps1 with connectivity through an authenticating proxy: the sensor's stored password gets through when its key is there; without the key the line says so", async () => {
  const sensorProxy = { method: 'sensor', proxy: { url: authSquid.url, userName: 'CONTOSO\\alice', password: 's3cret' } };
  const [withKey, withoutKey] = [await imageWith(sensorProxy, true), await imageWith(sensorProxy)];
  const desired = {
    DesiredProxyUrl: quote(authSquid.url),
    DesiredMethod: "'sensor'",
    DesiredUserName: "'CONTOSO\\alice'",
    TestConnectivity: '$true',
  };
  const options = `@{ Connectivity = @{ url = 'https://${SENSOR}:${server.port}/tri/sensor/api/ping'; trustedRoots = @(${quote(pki.rootPem)}) } }`;
  const [passed, unavailable] = await Promise.all([
    runScript('intune/mdi-proxy-detection.ps1', { ...desired, MachineImage: withKey }, options),
    runScript('intune/mdi-proxy-detection.ps1', { ...desired, MachineImage: withoutKey }, options),
  ]);
  expectLine(
    passed,
    0,
    /^Compliant: MDI proxy http:\/\/127\.0\.0\.1:\d+ \(sensor\); the service answers \(1 probe\(s\) passed\)\.$/,
    'the stored password',
  );
  expectLine(
    unavailable,
    1,
    /^Connectivity failed: 1 of 1 probe\(s\); https:\/\/\S+ via sensor stopped at proxy \(SENSOR_PASSWORD_UNAVAILABLE\): \S/,
    'no key to decrypt it',
  );

  // Test-MDIProxy takes the same way: past the proxy with the stored password (then at TLS: no test CA pinned here).
  const probe = await runScriptText(
    `Import-Module '${join(ROOT, 'DefenderProxyTools.psd1')}'; $p = Test-MDIProxy -MachineImage ${withKey} -SensorApiUrl 'https://${SENSOR}:${server.port}' -TimeoutSeconds 5 -WarningAction SilentlyContinue; '{0} {1} {2}' -f $p.Route, $p.Stage, $p.Code`,
  );
  assert.match(probe.stdout.trim(), /^sensor tls TLS_\w+$/, probe.stdout + probe.stderr);
});

suite.run();
