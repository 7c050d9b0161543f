import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage, DC01_CONFIG, DC01_THUMBPRINT } from '../../support/image';
import { makeTestCertificate, type TestCertificate } from '../../support/stores';
import { decodeText } from '../../../core/formats/text-encoding';

export { DC01_CONFIG, DC01_THUMBPRINT } from '../../support/image';
export const DC01_CONFIG_WINDOWS =
  'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\SensorConfiguration.json';

let certificate: TestCertificate | null = null;
/** One openssl certificate for the whole run: its private key decrypts what the tool encrypts. */
export function testCertificate(): TestCertificate {
  return (certificate ??= makeTestCertificate());
}

/** A copy of dc01 whose secret-manager certificate is a test certificate we hold the private key of. */
export function dc01(): string {
  const machine = copyExampleImage('dc01');
  writeFileSync(join(machine, 'certificates', 'LocalMachine', 'My', `${DC01_THUMBPRINT}.cer`), testCertificate().der);
  return machine;
}

export function sensorConfigText(machine: string): string {
  return decodeText(readFileSync(join(machine, DC01_CONFIG))).text;
}

export function sensorConfig(machine: string): any {
  return JSON.parse(sensorConfigText(machine));
}

/** Makes dc01 unambiguous for `auto`: LocalSystem and LocalService WinINet values removed. */
export function withoutServiceWininet(machine: string): string {
  const path = join(machine, 'registry.reg');
  const text = decodeText(readFileSync(path)).text.replace(/\[HKEY_USERS\\S-1-5-1[89]\\[^\]]*\]\r\n(?:.+\r\n)*/g, '');
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return machine;
}

export function setServices(machine: string, edit: (services: any) => void): void {
  const path = join(machine, 'services.json');
  const services = JSON.parse(readFileSync(path, 'utf8'));
  edit(services);
  writeFileSync(path, JSON.stringify(services, null, 2));
}

export function removeStateFolder(machine: string): void {
  if (existsSync(join(machine, '.defenderproxy'))) rmSync(join(machine, '.defenderproxy'), { recursive: true, force: true });
}
