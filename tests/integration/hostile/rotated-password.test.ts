import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { privateDecrypt, constants } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../support/stores';
import { runExe } from '../../support/exe';
import { dc01, DC01_THUMBPRINT, sensorConfig, testCertificate, withoutServiceWininet } from '../stores/helpers';

// A rotated proxy password, applied by DSC: same user, new password. The sensor keeps only ciphertext, so a
// compare that cannot decrypt it must count it as a difference, and one that can must compare for real.
const test = suite('rotated password');

const USER = 'CONTOSO\\proxyuser';
const URL = 'http://proxy.contoso.com:8080';

function storedPassword(machine: string): string {
  const data = sensorConfig(machine).SensorProxyConfiguration.EncryptedUserPasswordData;
  const clear = privateDecrypt(
    { key: testCertificate().privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(data.EncryptedBytes, 'base64'),
  );
  return clear.toString('utf16le');
}

/** dc01 whose sensor stores `password` for USER, encrypted with the test certificate; with or without its key in the image. */
async function machineWithPassword(password: string, withKey: boolean): Promise<string> {
  const machine = withoutServiceWininet(dc01());
  const set = await runCommand('set', { machine, method: 'sensor', proxy: { url: URL, userName: USER, password } });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  if (withKey)
    writeFileSync(join(machine, 'certificates', 'LocalMachine', 'My', `${DC01_THUMBPRINT}.key`), testCertificate().privateKeyPem);
  return machine;
}

function dsc(operation: string, instance: object) {
  const run = runExe(['dsc', operation, 'MDIProxy'], instance);
  assert.is(run.status, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout);
}

test('with the key usable: the same password is in the desired state, a rotated one is a difference that dsc set applies', async () => {
  const machine = await machineWithPassword('Old-Passw0rd', true);
  const instance = { machine, proxyUrl: URL, userName: USER, method: 'sensor' };
  assert.is(dsc('test', { ...instance, password: 'Old-Passw0rd' })._inDesiredState, true);
  const same = await runCommand('compare', {
    machine,
    desired: { mdi: { proxyUrl: URL, userName: USER, password: 'Old-Passw0rd', method: 'sensor' } },
  });
  assert.equal([same.exit, same.body.result.differences], [0, []]);

  const rotated = await runCommand('compare', {
    machine,
    desired: { mdi: { proxyUrl: URL, userName: USER, password: 'New-Passw0rd', method: 'sensor' } },
  });
  assert.is(rotated.exit, 1, JSON.stringify(rotated.body));
  assert.match(rotated.body.result.differences[0].field, /SensorConfiguration\.json \(EncryptedUserPasswordData\)/);
  assert.not.match(JSON.stringify(rotated.body), /Passw0rd/, 'no password in the comparison');
  assert.is(dsc('test', { ...instance, password: 'New-Passw0rd' })._inDesiredState, false);

  dsc('set', { ...instance, password: 'New-Passw0rd' });
  assert.is(storedPassword(machine), 'New-Passw0rd');
  assert.is(dsc('test', { ...instance, password: 'New-Passw0rd' })._inDesiredState, true, 'converged: a second test finds nothing');
});

test('without a usable key: the stored password cannot be compared, so it counts as a difference and dsc set applies the desired one', async () => {
  const machine = await machineWithPassword('Old-Passw0rd', false);
  const instance = { machine, proxyUrl: URL, userName: USER, method: 'sensor', password: 'New-Passw0rd' };
  const compared = await runCommand('compare', {
    machine,
    desired: { mdi: { proxyUrl: URL, userName: USER, password: 'New-Passw0rd', method: 'sensor' } },
  });
  assert.is(compared.exit, 1, JSON.stringify(compared.body));
  assert.match(compared.body.result.differences[0].actual, /cannot be compared .*it is set again/);
  assert.is(dsc('test', instance)._inDesiredState, false);
  dsc('set', instance);
  assert.is(storedPassword(machine), 'New-Passw0rd', 'the rotated password reached the sensor');
});

test('without a password in the desired state, the stored one still counts when the user matches (nothing to apply)', async () => {
  const machine = await machineWithPassword('Old-Passw0rd', false);
  const compared = await runCommand('compare', { machine, desired: { mdi: { proxyUrl: URL, userName: USER, method: 'sensor' } } });
  assert.equal([compared.exit, compared.body.result.differences], [0, []]);
});

test.run();
