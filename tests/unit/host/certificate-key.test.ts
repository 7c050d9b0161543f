import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { constants, publicEncrypt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../../../core/errors';
import { ImageHost } from '../../../core/host/image';
import { WindowsHost } from '../../../core/host/windows';
import { encryptSensorPassword } from '../../../core/stores/mdi-sensor';
import { readSensorPassword } from '../../../core/stores/sensor-password';
import { makeImage } from '../../support/image';
import { imageWithSecretKey } from '../../support/sensor-secret';
import { createRootCa, createSecretCertificate } from '../../support/test-ca';

const secret = createSecretCertificate();
const STORE = 'LocalMachine\\My';

function image(files: Record<string, string | Buffer>): ImageHost {
  const root = makeImage({ services: {} });
  const folder = join(root, 'certificates', 'LocalMachine', 'My');
  mkdirSync(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return ImageHost.open(root);
}

async function refusal(work: Promise<unknown>): Promise<ToolError> {
  try {
    await work;
  } catch (error) {
    assert.instance(error, ToolError);
    return error as ToolError;
  }
  return assert.unreachable('no error') as never;
}

const encrypted = (text: string) =>
  publicEncrypt({ key: secret.certPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(text, 'utf16le'));

test('image: the key beside the certificate decrypts RSA-OAEP-SHA256, as the sensor encrypts (its own encryptor too)', async () => {
  const host = image({ [`${secret.thumbprint}.cer`]: secret.der, [`${secret.thumbprint.toLowerCase()}.key`]: secret.keyPem });
  assert.is((await host.decryptWithCertificateKey(STORE, secret.thumbprint, encrypted('pä55'))).toString('utf16le'), 'pä55');
  const ours = Buffer.from(encryptSensorPassword(secret.der, 'Zürich 2026'), 'base64');
  assert.is((await host.decryptWithCertificateKey(STORE, secret.thumbprint, ours)).toString('utf16le'), 'Zürich 2026');
});

test('image: a missing, foreign, non-RSA or broken key and a wrong ciphertext each get their coded error', async () => {
  const missing = await refusal(
    image({ [`${secret.thumbprint}.cer`]: secret.der }).decryptWithCertificateKey(STORE, secret.thumbprint, encrypted('x')),
  );
  assert.is(missing.code, 'CERTIFICATE_KEY_MISSING');
  assert.match(missing.message, new RegExp(`certificates/LocalMachine/My/${secret.thumbprint}\\.key`));
  const foreign = await refusal(
    image({
      [`${secret.thumbprint}.cer`]: secret.der,
      [`${secret.thumbprint}.key`]: createSecretCertificate().keyPem,
    }).decryptWithCertificateKey(STORE, secret.thumbprint, encrypted('x')),
  );
  assert.equal([foreign.code, /does not belong/.test(foreign.message)], ['CERTIFICATE_KEY_UNUSABLE', true]);
  const ec = await refusal(
    image({ [`${secret.thumbprint}.key`]: createRootCa('/CN=ec').keyPem }).decryptWithCertificateKey(
      STORE,
      secret.thumbprint,
      encrypted('x'),
    ),
  );
  assert.equal([ec.code, /ec key/.test(ec.message)], ['CERTIFICATE_KEY_UNUSABLE', true]);
  const broken = await refusal(
    image({ [`${secret.thumbprint}.key`]: 'not a key' }).decryptWithCertificateKey(STORE, secret.thumbprint, encrypted('x')),
  );
  assert.is(broken.code, 'CERTIFICATE_KEY_UNUSABLE');
  const garbage = await refusal(
    image({ [`${secret.thumbprint}.key`]: secret.keyPem }).decryptWithCertificateKey(STORE, secret.thumbprint, Buffer.alloc(256, 7)),
  );
  assert.equal([garbage.code, /RSA-OAEP-SHA256 decryption failed/.test(garbage.message)], ['CERTIFICATE_KEY_UNUSABLE', true]);
});

test('the reg.exe Windows host refuses with its own code instead of guessing', async () => {
  const error = await refusal(new WindowsHost().decryptWithCertificateKey(STORE, secret.thumbprint, encrypted('x')));
  assert.is(error.code, 'CERTIFICATE_KEY_HOST_UNSUPPORTED');
});

test("the sensor's stored password: decrypted with the key of the certificate named beside it; null without one", async () => {
  const { machine, thumbprint } = imageWithSecretKey();
  const host = ImageHost.open(machine);
  // examples/dc01 stores one encrypted for a certificate whose key the image does not hold.
  assert.is((await refusal(readSensorPassword(host))).code, 'CERTIFICATE_KEY_MISSING');
  const config = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\SensorConfiguration.json';
  const json = JSON.parse((await host.readFile(config))!.toString('utf8').replace(/^\uFEFF/, ''));
  const certificate = (await host.getCertificate(STORE, thumbprint))!;
  json.SensorProxyConfiguration = {
    $type: 'SensorProxyConfiguration',
    Url: 'http://p:1',
    UserName: 'CONTOSO\\u',
    EncryptedUserPasswordData: {
      $type: 'EncryptedData',
      EncryptedBytes: encryptSensorPassword(certificate, 'stored-pw'),
      CertificateThumbprint: thumbprint,
      SecretVersion: null,
    },
  };
  await host.writeFile(config, Buffer.from(JSON.stringify(json)));
  assert.is(await readSensorPassword(host), 'stored-pw');
  json.SensorProxyConfiguration = null;
  await host.writeFile(config, Buffer.from(JSON.stringify(json)));
  assert.is(await readSensorPassword(host), null);
});

test.run();
