import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runExe } from '../support/exe';
import { copyExampleImage } from '../support/image';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { runWindowsExe, WINDOWS_HOSTS, wineDriveC, winePath, wineRegMust } from '../support/wine';

const VERSION = '2.250.18972.18405';
const SECRET_CERTIFICATE = '356FE9B42C13FE91F160965AAF0A71E8896ECCE7';
const SENSOR = `C:\\Program Files\\Azure Advanced Threat Protection Sensor\\${VERSION}`;
const CONNECTIONS = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
const BLOB = '4600000007000000030000000e00000070726f78793a383038302e636f6d07000000' + '3c6c6f63616c3e' + '00000000' + '00'.repeat(32);

function prepareLiveMachine(): void {
  const example = copyExampleImage();
  const folder = join(wineDriveC(), 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION);
  mkdirSync(folder, { recursive: true });
  cpSync(
    join(example, 'files', 'C', 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION, 'SensorConfiguration.json'),
    join(folder, 'SensorConfiguration.json'),
  );
  const add = (key: string, name: string, type: string, data: string) =>
    wineRegMust(['add', key, '/v', name, '/t', type, '/d', data, '/f', '/reg:64']);
  add('HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor', 'ImagePath', 'REG_SZ', `"${SENSOR}\\Microsoft.Tri.Sensor.exe"`);
  add('HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor', 'ObjectName', 'REG_SZ', 'NT AUTHORITY\\LocalService');
  add(`HKU\\S-1-5-19\\${CONNECTIONS}`, 'DefaultConnectionSettings', 'REG_BINARY', BLOB);
  add(`HKCU\\${CONNECTIONS}`, 'DefaultConnectionSettings', 'REG_BINARY', BLOB);
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'TelemetryProxyServer', 'REG_SZ', 'proxy.contoso.com:8080');
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'DisableEnterpriseAuthProxy', 'REG_DWORD', '1');
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender', 'ProxyServer', 'REG_SZ', 'http://proxy.contoso.com:8080');
  // The sensor's secret-manager certificate in LocalMachine\My, where Windows keeps it: its store Blob
  // (property 3, the SHA-1, then property 0x20, the certificate).
  const der = readFileSync(join(example, 'certificates', 'LocalMachine', 'My', `${SECRET_CERTIFICATE}.cer`));
  const property = (id: number, value: Buffer) => Buffer.concat([Buffer.from(Uint32Array.of(id, 1, value.length).buffer), value]);
  const blob = Buffer.concat([property(3, createHash('sha1').update(der).digest()), property(0x20, der)]);
  add(`HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\My\\Certificates\\${SECRET_CERTIFICATE}`, 'Blob', 'REG_BINARY', blob.toString('hex'));
}

for (const host of WINDOWS_HOSTS) {
  test(`${host} host: capture, then get on the captured image (Linux executable) equals get on the live wine machine; the sensor's certificate comes along`, () => {
    prepareLiveMachine();
    const output = join(mkdtempSync(join(tmpdir(), 'dp-capture-')), 'captured');
    const captured = runWindowsExe(['capture'], { output: winePath(output) }, { host });
    assert.is(captured.status, 0, captured.stdout + captured.stderr);
    assert.ok(existsSync(join(output, 'registry.reg')));
    assert.ok(existsSync(join(output, 'services.json')));
    assert.ok(readdirSync(join(output, 'files', 'C')).length > 0, 'the sensor configuration was copied');

    const live = runWindowsExe(['get'], {}, { host });
    assert.is(live.status, 0, live.stdout + live.stderr);
    const offline = runExe(['get'], { machine: output });
    assert.is(offline.status, 0, offline.stdout);
    assert.equal(offline.json.result, live.json.result);
    assert.ok(
      live.json.result.stores.some((s: { store: string; status?: string }) => s.store === 'mdi-sensor' && s.status === 'configured'),
    );
    const certificate = join('certificates', 'LocalMachine', 'My', `${SECRET_CERTIFICATE}.cer`);
    assert.equal(
      readFileSync(join(output, certificate)),
      readFileSync(join(ROOT, 'examples', 'dc01', certificate)),
      'the certificate, byte for byte',
    );
  });
}

test('capture refuses an existing folder and writes nothing', () => {
  const existing = mkdtempSync(join(tmpdir(), 'dp-capture-exists-'));
  const result = runWindowsExe(['capture'], { output: winePath(existing) });
  assert.is(result.status, 2);
  assert.is(result.json.error.code, 'CAPTURE_OUTPUT_EXISTS');
  assert.is(readdirSync(existing).length, 0);
});

test.run();
