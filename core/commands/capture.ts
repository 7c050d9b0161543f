import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CaptureRequest, CaptureResult } from '../protocol';
import type { Host } from '../host/host';
import { defineCommand } from './command';
import { STORES } from '../stores/index';
import { KEYS, SERVICES, V3_SENSOR_PROCESS } from '../stores/keys';
import { locateSensor, parseSensorConfiguration } from '../stores/mdi-sensor';
import { encodeRegFileBytes } from '../formats/reg-file';
import { writeFileAtomic } from '../host/atomic-file';
import { entryExists } from '../host/entry-exists';
import { splitDrivePath } from '../formats/windows-path';
import { fail, terminalText } from '../messages';
import { asOneChange } from '../safety/change-in-progress';
import { EXIT, ToolError } from '../errors';

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return `${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
}

/** Services whose state and binary path a support case needs. */
const CAPTURED_SERVICES = [SERVICES.sensor, SERVICES.sensorUpdater, 'Sense', 'WinDefend'];
const SERVICE_KEYS = CAPTURED_SERVICES.map((s) => `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\${s}`);

/** Every key a store reads (the ATP policy key holds v3 onboarding info too) and the services' keys, once each. */
function registryKeysToCapture(): string[] {
  const keys = [...STORES.flatMap((s) => s.registry.reads), KEYS.advancedThreatProtection, ...SERVICE_KEYS];
  return [...new Map(keys.map((k) => [k.toLowerCase(), k] as const)).values()];
}

async function captureServices(host: Host): Promise<Record<string, object>> {
  const services: Record<string, object> = {};
  for (const name of CAPTURED_SERVICES) {
    const service = await host.getService(name);
    if (service) services[name] = { state: service.state, account: service.account, binaryPath: service.binaryPath };
  }
  return services;
}

/** The sensor configuration and the public part of the certificates it names. */
async function captureSensorFiles(host: Host, image: string): Promise<{ files: string[]; certificates: string[] }> {
  const install = await locateSensor(host);
  if (!install) return { files: [], certificates: [] };
  const bytes = await host.readFile(install.configurationPath);
  if (!bytes) return { files: [], certificates: [] };
  const split = splitDrivePath(install.configurationPath)!;
  writeFileAtomic(join(image, 'files', split.drive, ...split.parts), bytes);
  const configuration = parseSensorConfiguration(install.configurationPath, bytes);
  if ('problem' in configuration) return { files: [install.configurationPath], certificates: [] };
  const proxy = configuration.json.SensorProxyConfiguration as { EncryptedUserPasswordData?: { CertificateThumbprint?: unknown } } | null;
  const thumbprints = [
    configuration.json.SecretManagerConfigurationCertificateThumbprint,
    proxy?.EncryptedUserPasswordData?.CertificateThumbprint,
  ].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const certificates: string[] = [];
  for (const thumbprint of new Set(thumbprints.map((t) => t.toUpperCase()))) {
    const der = await host.getCertificate('LocalMachine\\My', thumbprint);
    if (!der) continue;
    writeFileAtomic(join(image, 'certificates', 'LocalMachine', 'My', `${thumbprint}.cer`), der);
    certificates.push(thumbprint);
  }
  return { files: [install.configurationPath], certificates };
}

/** Reads what every store needs from the machine and writes it as a new image folder. */
async function captureImage(host: Host, image: string): Promise<{ result: CaptureResult }> {
  const registryKeys = registryKeysToCapture();
  const registryText = await host.exportKeys(registryKeys);
  const services = await captureServices(host);
  const processes = (await host.isProcessRunning(V3_SENSOR_PROCESS)) ? [V3_SENSOR_PROCESS] : [];
  try {
    mkdirSync(image, { recursive: true });
  } catch (error) {
    throw fail('CAPTURE_OUTPUT_UNWRITABLE', { path: image, detail: errorText(error) }, { field: 'output' });
  }
  try {
    writeFileAtomic(join(image, 'registry.reg'), encodeRegFileBytes(registryText, 'utf16le'));
    writeFileAtomic(join(image, 'services.json'), JSON.stringify(services, null, 2) + '\n');
    writeFileAtomic(join(image, 'processes.json'), JSON.stringify(processes) + '\n');
    const { files, certificates } = await captureSensorFiles(host, image);
    const result: CaptureResult = { image, registryKeys, files: [...files, ...certificates.map((t) => `Cert:\\LocalMachine\\My\\${t}`)] };
    return { result };
  } catch (error) {
    // Half an image is worse than none: a support case would read it as the machine's state.
    rmSync(image, { recursive: true, force: true });
    if (error instanceof ToolError) throw error;
    throw fail('CAPTURE_FAILED', { path: image, detail: errorText(error) }, { field: 'output', exit: EXIT.ROLLED_BACK });
  }
}

export const captureCommand = defineCommand({
  name: 'capture',
  summary: terminalText('HELP_COMMAND_CAPTURE'),
  async run(request: CaptureRequest, context) {
    const image = resolve(request.output);
    // lstat, not exists: a dangling link is there too, and writing through it would land where it points.
    if (entryExists(image)) throw fail('CAPTURE_OUTPUT_EXISTS', { path: image }, { field: 'output' });
    const host = await context.host();
    // The image is written as one change: Ctrl+C waits for a whole image rather than leave half of one.
    return asOneChange(async () => captureImage(host, image));
  },
});
