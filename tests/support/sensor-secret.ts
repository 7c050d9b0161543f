import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage } from './image';
import { createSecretCertificate } from './test-ca';

/**
 * A copy of examples/dc01 whose sensor's secret-manager certificate is a fresh RSA certificate with its private
 * key beside it (certificates/LocalMachine/My/<THUMBPRINT>.key), so that a password `set` stores can be
 * decrypted again, as on a live sensor, elevated.
 */
export function imageWithSecretKey(): { machine: string; keyFile: string; thumbprint: string } {
  const machine = copyExampleImage('dc01');
  const secret = createSecretCertificate();
  const config = join(
    machine,
    'files',
    'C',
    'Program Files',
    'Azure Advanced Threat Protection Sensor',
    '2.250.18972.18405',
    'SensorConfiguration.json',
  );
  writeFileSync(config, readFileSync(config, 'latin1').replace('356FE9B42C13FE91F160965AAF0A71E8896ECCE7', secret.thumbprint), 'latin1');
  const store = join(machine, 'certificates', 'LocalMachine', 'My');
  writeFileSync(join(store, `${secret.thumbprint}.cer`), secret.der);
  const keyFile = join(store, `${secret.thumbprint}.key`);
  writeFileSync(keyFile, secret.keyPem);
  return { machine, keyFile, thumbprint: secret.thumbprint };
}
