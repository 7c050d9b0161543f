import type { Host } from '../host/host';
import { fail } from '../messages';
import { locateSensor, readSensorConfiguration } from './mdi-sensor';

/** Where the sensor keeps its certificates (FACTS.md §1). */
export const SENSOR_CERTIFICATE_STORE = 'LocalMachine\\My';

function objectAt(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The proxy password the v2 sensor stores, decrypted as the sensor does: RSA-OAEP-SHA256 with the private key of
 * the certificate named beside the ciphertext (else the secret-manager certificate), UTF-16LE inside. Null when
 * the sensor stores none. Throws the host's ToolError when the key is missing or unusable. For a test only: the
 * caller must keep it out of every output.
 */
export async function readSensorPassword(host: Host): Promise<string | null> {
  const install = await locateSensor(host);
  if (!install) return null;
  const { json } = await readSensorConfiguration(host, install.configurationPath);
  const data = objectAt(objectAt(json.SensorProxyConfiguration)?.EncryptedUserPasswordData);
  const encrypted = typeof data?.EncryptedBytes === 'string' ? data.EncryptedBytes : '';
  if (!encrypted) return null;
  const thumbprint = [data?.CertificateThumbprint, json.SecretManagerConfigurationCertificateThumbprint].find(
    (t): t is string => typeof t === 'string' && t.length > 0,
  );
  if (!thumbprint) throw fail('SENSOR_PASSWORD_CERTIFICATE_UNKNOWN');
  const plain = await host.decryptWithCertificateKey(SENSOR_CERTIFICATE_STORE, thumbprint, Buffer.from(encrypted, 'base64'));
  try {
    return plain.toString('utf16le');
  } finally {
    plain.fill(0);
  }
}
