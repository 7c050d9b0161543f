import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './exe';

/** A fresh copy of an example image (examples/<name>) in a temp folder: tests never change examples/. */
export function copyExampleImage(name = 'dc01'): string {
  const target = join(mkdtempSync(join(tmpdir(), `dp-${name}-`)), name);
  cpSync(join(ROOT, 'examples', name), target, { recursive: true });
  return target;
}

/** Relative path → sha256 of every file below a folder, to prove a folder unchanged. */
export function hashTree(folder: string, skip: (relativePath: string) => boolean = () => false): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(folder, full);
      if (skip(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else hashes[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return hashes;
}

export interface ImageSpec {
  /** Text of registry.reg (header included); written as UTF-16LE with BOM unless `registryEncoding` says utf8. */
  registry?: string;
  registryEncoding?: 'utf16le' | 'utf8';
  /** Windows path → content. */
  files?: Record<string, string | Buffer>;
  services?: Record<string, object>;
  processes?: string[];
  certificates?: Record<string, Buffer>;
}

/** Builds a machine image folder from a spec, in a temp folder. */
export function makeImage(spec: ImageSpec): string {
  const { writeFileSync, mkdirSync } = require('node:fs') as typeof import('node:fs');
  const { dirname } = require('node:path') as typeof import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'dp-image-'));
  if (spec.registry !== undefined) {
    const text = spec.registry.replace(/\r?\n/g, '\r\n');
    const bytes =
      spec.registryEncoding === 'utf8'
        ? Buffer.from(text, 'utf8')
        : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    writeFileSync(join(root, 'registry.reg'), bytes);
  }
  for (const [windowsPath, content] of Object.entries(spec.files ?? {})) {
    const match = /^([A-Za-z]):\\(.*)$/.exec(windowsPath)!;
    const local = join(root, 'files', match[1]!.toUpperCase(), ...match[2]!.split('\\'));
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, content);
  }
  if (spec.services) writeFileSync(join(root, 'services.json'), JSON.stringify(spec.services, null, 2));
  if (spec.processes) writeFileSync(join(root, 'processes.json'), JSON.stringify(spec.processes));
  for (const [thumbprint, der] of Object.entries(spec.certificates ?? {})) {
    mkdirSync(join(root, 'certificates', 'LocalMachine', 'My'), { recursive: true });
    writeFileSync(join(root, 'certificates', 'LocalMachine', 'My', `${thumbprint}.cer`), der);
  }
  return root;
}

export const SENSOR_FOLDER = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor';

/** examples/dc01's sensor configuration, relative to the image root, and its secret-manager certificate. */
export const DC01_CONFIG = 'files/C/Program Files/Azure Advanced Threat Protection Sensor/2.250.18972.18405/SensorConfiguration.json';
export const DC01_THUMBPRINT = '356FE9B42C13FE91F160965AAF0A71E8896ECCE7';

/** services.json entries of an installed v2 sensor of the given version. */
export function sensorServices(version: string): Record<string, object> {
  return {
    AATPSensor: {
      state: 'running',
      account: 'NT AUTHORITY\\LocalService',
      binaryPath: `"${SENSOR_FOLDER}\\${version}\\Microsoft.Tri.Sensor.exe"`,
      startedBy: 'AATPSensorUpdater',
    },
    AATPSensorUpdater: {
      state: 'running',
      account: 'LocalSystem',
      binaryPath: `"${SENSOR_FOLDER}\\${version}\\Microsoft.Tri.Sensor.Updater.exe"`,
    },
  };
}
