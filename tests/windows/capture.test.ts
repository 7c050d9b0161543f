import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExe } from '../support/exe';
import { copyExampleImage } from '../support/image';
import { runWindowsExe, wineDriveC, winePath, wineRegMust } from '../support/wine';

const VERSION = '2.250.18972.18405';
const SENSOR = `C:\\Program Files\\Azure Advanced Threat Protection Sensor\\${VERSION}`;
const CONNECTIONS = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
const BLOB = '4600000007000000030000000e00000070726f78793a383038302e636f6d07000000' + '3c6c6f63616c3e' + '00000000' + '00'.repeat(32);

function prepareLiveMachine(): void {
  const example = copyExampleImage();
  const folder = join(wineDriveC(), 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION);
  mkdirSync(folder, { recursive: true });
  cpSync(join(example, 'files', 'C', 'Program Files', 'Azure Advanced Threat Protection Sensor', VERSION, 'SensorConfiguration.json'), join(folder, 'SensorConfiguration.json'));
  const add = (key: string, name: string, type: string, data: string) => wineRegMust(['add', key, '/v', name, '/t', type, '/d', data, '/f', '/reg:64']);
  add('HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor', 'ImagePath', 'REG_SZ', `"${SENSOR}\\Microsoft.Tri.Sensor.exe"`);
  add('HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor', 'ObjectName', 'REG_SZ', 'NT AUTHORITY\\LocalService');
  add(`HKU\\S-1-5-19\\${CONNECTIONS}`, 'DefaultConnectionSettings', 'REG_BINARY', BLOB);
  add(`HKCU\\${CONNECTIONS}`, 'DefaultConnectionSettings', 'REG_BINARY', BLOB);
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'TelemetryProxyServer', 'REG_SZ', 'proxy.contoso.com:8080');
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'DisableEnterpriseAuthProxy', 'REG_DWORD', '1');
  add('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender', 'ProxyServer', 'REG_SZ', 'http://proxy.contoso.com:8080');
}

test('capture, then get on the captured image (Linux executable) equals get on the live wine machine', () => {
  prepareLiveMachine();
  const output = join(mkdtempSync(join(tmpdir(), 'dp-capture-')), 'captured');
  const captured = runWindowsExe(['capture'], { output: winePath(output) });
  assert.is(captured.status, 0, captured.stdout + captured.stderr);
  assert.ok(existsSync(join(output, 'registry.reg')));
  assert.ok(existsSync(join(output, 'services.json')));
  assert.ok(readdirSync(join(output, 'files', 'C')).length > 0, 'the sensor configuration was copied');

  const live = runWindowsExe(['get'], {});
  assert.is(live.status, 0, live.stdout + live.stderr);
  const offline = runExe(['get'], { machine: output });
  assert.is(offline.status, 0, offline.stdout);
  assert.equal(offline.json.result, live.json.result);
  assert.ok(live.json.result.stores.some((s: { store: string; status?: string }) => s.store === 'mdi-sensor' && s.status === 'configured'));
});

test('capture refuses an existing folder and writes nothing', () => {
  const existing = mkdtempSync(join(tmpdir(), 'dp-capture-exists-'));
  const result = runWindowsExe(['capture'], { output: winePath(existing) });
  assert.is(result.status, 2);
  assert.is(result.json.error.code, 'CAPTURE_OUTPUT_EXISTS');
  assert.is(readdirSync(existing).length, 0);
});

test.run();
