import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wineDriveC } from './wine';
import { ALL_WINE_KEYS, regExport, regQueryValue, WINE_KEYS } from './wine-registry';
import { wineExpandVariables } from './wine-environment';

const HEADER = 'Windows Registry Editor Version 5.00\r\n';

/**
 * One registry.reg from several `reg export` files, as DESIGN.md's image wants it: one header, then every
 * export's keys as reg.exe wrote them (each export starts with the header and a blank line before its key).
 */
export function concatenateExports(exports: (string | null)[]): string {
  const bodies = exports
    .filter((e): e is string => e !== null)
    .map((text) => {
      if (!text.startsWith(HEADER)) throw new Error(`a reg export does not start with "${HEADER.trim()}"`);
      return text.slice(HEADER.length);
    });
  return HEADER + bodies.join('');
}

/** `"C:\...\Microsoft.Tri.Sensor.exe" args` → `C:\...` (the folder of the service's executable). */
function folderOfBinaryPath(binaryPath: string): string {
  const executable = binaryPath.startsWith('"') ? binaryPath.slice(1, binaryPath.indexOf('"', 1)) : binaryPath.split(' ')[0]!;
  return executable.slice(0, executable.lastIndexOf('\\'));
}

/** `C:\Program Files\X` → `<drive_c>/Program Files/X` */
function driveCPath(windowsPath: string): string {
  if (!/^C:\\/i.test(windowsPath)) throw new Error(`${windowsPath} is not on drive C:`);
  return join(wineDriveC(), ...windowsPath.slice(3).split('\\'));
}

/**
 * An offline image of wine's machine, built only from what reg.exe exports and from wine's C: drive: the
 * store keys' exports in one UTF-16LE registry.reg, services.json from the AATPSensor service key (as
 * `reg query` prints it), and the sensor's version folder copied under files/C/.
 */
export function imageFromWine(keys: string[] = ALL_WINE_KEYS): string {
  const root = join(mkdtempSync(join(tmpdir(), 'dp-wine-image-')), 'machine');
  mkdirSync(root);
  const registryText = concatenateExports(keys.map(regExport));
  writeFileSync(join(root, 'registry.reg'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(registryText, 'utf16le')]));

  const imagePath = regQueryValue(WINE_KEYS.sensorService, 'ImagePath');
  const services: Record<string, object> = {};
  if (imagePath) {
    const account = regQueryValue(WINE_KEYS.sensorService, 'ObjectName');
    // What the SCM runs: a REG_EXPAND_SZ ImagePath with its %VARIABLES% expanded (as capture records it).
    const binaryPath = imagePath.type === 'REG_EXPAND_SZ' ? wineExpandVariables(imagePath.data) : imagePath.data;
    services.AATPSensor = { state: 'running', account: account?.data ?? null, binaryPath };
    const folder = folderOfBinaryPath(binaryPath);
    if (existsSync(driveCPath(folder)))
      cpSync(driveCPath(folder), join(root, 'files', 'C', ...folder.slice(3).split('\\')), { recursive: true });
  }
  writeFileSync(join(root, 'services.json'), JSON.stringify(services, null, 2));
  return root;
}
