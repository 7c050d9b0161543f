import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md4 } from '../../../core/formats/md4';
import { ntowfV2 } from '../../../core/formats/ntlm-v2';
import { createTestPki, type TestPki } from '../../support/test-ca';
import { serviceSuite } from '../../support/service-suite';
import { startHttpsServer, type RunningHttpsServer } from '../../support/https-server';
import { startSquid, type RunningSquid } from '../../support/squid';
import { runExeAsync } from '../../support/exe-async';
import { imageWithSecretKey } from '../../support/sensor-secret';

// The canary checks of the NTLM path, through the real Linux executable (Node 22, whose OpenSSL has no MD4): the
// password, its NT hash and its NTLMv2 key appear in no output, log, report, error or file of the image.
const SENSOR = 'contoso-corpsensorapi.atp.azure.com';
const USER = 'CONTOSO\\alice';
const CANARY = `Canary-${randomBytes(6).toString('hex')}`;
let pki: TestPki;
let server: RunningHttpsServer;
let ntlm: RunningSquid;
let negotiate: RunningSquid;
const seen: { what: string; bytes: Buffer }[] = [];

async function setUp(): Promise<void> {
  pki = createTestPki();
  server = await startHttpsServer(pki);
  [ntlm, negotiate] = await Promise.all([
    startSquid({ auth: 'ntlm-samba', password: CANARY, hosts: [SENSOR] }),
    startSquid({ auth: 'negotiate-samba', password: CANARY, hosts: [SENSOR] }),
  ]);
}

async function tearDown(): Promise<void> {
  await Promise.all([server?.close(), ntlm?.stop(), negotiate?.stop()]);
}

const test = serviceSuite('proxy-auth secrets', setUp, tearDown);

/** Every form a secret of the NTLM path could leak in: the password (UTF-8, UTF-16LE), its NT hash and NTOWFv2 (raw, hex, base64). */
function secretForms(): { name: string; bytes: Buffer }[] {
  const forms: { name: string; bytes: Buffer }[] = [
    { name: 'password (UTF-8)', bytes: Buffer.from(CANARY, 'utf8') },
    { name: 'password (UTF-16LE)', bytes: Buffer.from(CANARY, 'utf16le') },
  ];
  const keys: [string, Buffer][] = [
    ['NT hash', md4(Buffer.from(CANARY, 'utf16le'))],
    ['NTOWFv2', ntowfV2(CANARY, 'alice', 'CONTOSO')],
  ];
  for (const [name, key] of keys) {
    forms.push(
      { name, bytes: key },
      { name: `${name} hex`, bytes: Buffer.from(key.toString('hex')) },
      { name: `${name} HEX`, bytes: Buffer.from(key.toString('hex').toUpperCase()) },
    );
    forms.push({ name: `${name} base64`, bytes: Buffer.from(key.toString('base64')) });
  }
  return forms;
}

function filesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesBelow(full) : [full];
  });
}

async function run(request: object, reportDir: string): Promise<any> {
  const reportPath = join(reportDir, `report-${seen.length}.html`);
  const result = await runExeAsync(['test'], { product: 'mdi', trustedRoots: [pki.rootPem], timeoutMs: 5000, reportPath, ...request });
  seen.push({ what: `stdout of ${JSON.stringify(request).slice(0, 80)}`, bytes: Buffer.from(result.stdout) });
  seen.push({ what: 'stderr', bytes: Buffer.from(result.stderr) });
  seen.push({ what: 'report', bytes: readFileSync(reportPath) });
  assert.ok(result.json, result.stdout + result.stderr);
  return result.json;
}

test('the NTLM path through the executable: passes, fails and errors carry no password, NT hash or NTLMv2 key', async () => {
  const reportDir = mkdtempSync(join(tmpdir(), 'dpt-ntlm-report-'));
  const url = `https://${SENSOR}:${server.port}/tri/sensor/api/ping`;
  try {
    const ok = await run({ url, routes: ['explicit'], proxy: { url: ntlm.url, userName: USER, password: CANARY } }, reportDir);
    assert.equal(
      ok.result.probes.map((p: any) => p.code),
      ['OK'],
    );
    const viaNegotiate = await run(
      { url, routes: ['explicit'], proxy: { url: negotiate.url, userName: USER, password: CANARY } },
      reportDir,
    );
    assert.equal(
      viaNegotiate.result.probes.map((p: any) => p.code),
      ['OK'],
    );
    // A wrong password that contains the right one, so that a leak of either is caught.
    const wrong = await run({ url, routes: ['explicit'], proxy: { url: ntlm.url, userName: USER, password: `${CANARY}!` } }, reportDir);
    assert.equal(
      wrong.result.probes.map((p: any) => p.code),
      ['PROXY_AUTH_FAILED'],
    );

    // The sensor's stored password: set through the executable, decrypted for the test, and once without its key.
    const { machine, keyFile } = imageWithSecretKey();
    const set = await runExeAsync(['set'], { machine, method: 'sensor', proxy: { url: ntlm.url, userName: USER, password: CANARY } });
    assert.is(set.status, 0, set.stdout);
    seen.push({ what: 'set stdout', bytes: Buffer.from(set.stdout + set.stderr) });
    const stored = await run({ machine, url, routes: ['sensor', 'mdi-sensor'] }, reportDir);
    assert.equal(
      stored.result.probes.map((p: any) => p.code),
      ['OK', 'OK'],
    );
    rmSync(keyFile);
    const keyless = await run({ machine, url, routes: ['sensor'] }, reportDir);
    assert.equal(
      keyless.result.probes.map((p: any) => p.code),
      ['SENSOR_PASSWORD_UNAVAILABLE'],
    );
    for (const file of filesBelow(machine)) seen.push({ what: file, bytes: readFileSync(file) });

    const forms = secretForms();
    for (const { what, bytes } of seen) {
      for (const form of forms) assert.is(bytes.includes(form.bytes), false, `${form.name} found in ${what}`);
    }
    assert.ok(seen.length > 15);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
});

test.run();
