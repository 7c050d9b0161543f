import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage, DC01_CONFIG, DC01_THUMBPRINT } from './image';
import { createSecretCertificate } from './test-ca';

/**
 * A copy of examples/dc01 whose sensor's secret-manager certificate is a fresh RSA certificate with its private
 * key beside it (certificates/LocalMachine/My/<THUMBPRINT>.key), so that a password `set` stores can be
 * decrypted again, as on a live sensor, elevated.
 */
export function imageWithSecretKey(): { machine: string; keyFile: string; thumbprint: string } {
  const machine = copyExampleImage('dc01');
  const secret = createSecretCertificate();
  const config = join(machine, DC01_CONFIG);
  writeFileSync(config, readFileSync(config, 'latin1').replace(DC01_THUMBPRINT, secret.thumbprint), 'latin1');
  const store = join(machine, 'certificates', 'LocalMachine', 'My');
  writeFileSync(join(store, `${secret.thumbprint}.cer`), secret.der);
  const keyFile = join(store, `${secret.thumbprint}.key`);
  writeFileSync(keyFile, secret.keyPem);
  return { machine, keyFile, thumbprint: secret.thumbprint };
}
