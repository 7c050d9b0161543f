import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Host, ServiceInfo, ServiceState } from './host';
import type { RegKey, RegValue } from '../formats/registry-model';
import {
  decodeRegFileBytes,
  encodeRegFileBytes,
  formatRegFile,
  parseRegFileLeniently,
  regFileFromKeys,
  type RegFileEncoding,
} from '../formats/reg-file';
import { FormatError, ToolError } from '../errors';
import { detail, fail, logLine, phrase } from '../messages';
import type { LogEvent } from '../log';
import { describeBytes, InputTooLarge, readFileBounded } from '../io';
import { MemoryRegistry } from './image-registry';
import { writeFileAtomic } from './atomic-file';
import { assertWritableInside, refuseOutwardLinks } from './image-containment';
import { splitDrivePath, executableOfBinaryPath, windowsBasename } from '../formats/windows-path';
import { derFromCertificateFile, dersFromCertificateFile } from './certificate-file';
import { decryptWithKeyFile } from './certificate-key';

interface ImageService {
  state?: ServiceState;
  account?: string;
  binaryPath?: string;
  /** Started by another service's start (AATPSensorUpdater starts AATPSensor). */
  startedBy?: string;
  /** Test fixture: the service never reaches `running`. */
  failsToStart?: boolean;
  [other: string]: unknown;
}

const REGISTRY_FILE = 'registry.reg';
const SERVICES_FILE = 'services.json';
const PROCESSES_FILE = 'processes.json';
const CERTIFICATE_FILE = /\.(cer|crt|pem|der)$/i;

/** Far above what a real image holds: a file past its limit is refused, never read without end. */
const MAX_BYTES = { registry: 64 * 1024 * 1024, json: 1024 * 1024, file: 16 * 1024 * 1024, certificate: 1024 * 1024 };

export interface ImageHostOptions {
  /** Told about what was read leniently (registry.reg lines skipped as regedit skips them). */
  log?(event: LogEvent): void;
}

/**
 * An offline machine image (DESIGN.md "The offline machine image"): registry.reg, files/<Drive>/...,
 * services.json, certificates/<Location>/<Store>/<THUMBPRINT>.cer, and optionally processes.json (names of
 * running processes). Writes change the image.
 */
export class ImageHost implements Host {
  readonly kind = 'image';
  readonly stateDirectory: string;
  private registryEncoding: RegFileEncoding;

  private constructor(
    readonly root: string,
    /** The root with every link resolved: what containment is judged against. */
    private readonly realRoot: string,
    private registry: MemoryRegistry,
    encoding: RegFileEncoding,
    private services: Record<string, ImageService>,
    private processes: string[],
  ) {
    this.registryEncoding = encoding;
    this.stateDirectory = join(root, '.defenderproxy');
  }

  get description(): string {
    return this.root;
  }

  static open(folder: string, options: ImageHostOptions = {}): ImageHost {
    const root = resolve(folder);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw fail('MACHINE_NOT_FOUND', { path: root }, { field: 'machine' });
    const marks = [REGISTRY_FILE, 'files', SERVICES_FILE, 'certificates'];
    if (!marks.some((m) => existsSync(join(root, m)))) throw fail('MACHINE_NOT_IMAGE', { path: root }, { field: 'machine' });
    const realRoot = realpathSync(root);
    refuseOutwardLinks(realRoot);
    const { registry, encoding } = loadRegistry(join(root, REGISTRY_FILE), options);
    return new ImageHost(
      root,
      realRoot,
      registry,
      encoding,
      loadJson(join(root, SERVICES_FILE), {}),
      loadJson(join(root, PROCESSES_FILE), []),
    );
  }

  async reload(): Promise<void> {
    // Warnings were given when the image was opened; the same lines are skipped again silently.
    const { registry, encoding } = loadRegistry(join(this.root, REGISTRY_FILE), {});
    this.registry = registry;
    this.registryEncoding = encoding;
    this.services = loadJson(join(this.root, SERVICES_FILE), {});
    this.processes = loadJson(join(this.root, PROCESSES_FILE), []);
  }

  async readKey(path: string): Promise<RegKey | null> {
    return this.registry.get(path);
  }

  async readKeys(paths: string[]): Promise<(RegKey | null)[]> {
    return paths.map((p) => this.registry.get(p));
  }

  async setValue(keyPath: string, value: RegValue): Promise<void> {
    this.registry.setValue(keyPath, value);
    this.saveRegistry();
  }

  async deleteValue(keyPath: string, name: string): Promise<void> {
    this.registry.deleteValue(keyPath, name);
    this.saveRegistry();
  }

  async exportKeys(paths: string[]): Promise<string> {
    return formatRegFile(regFileFromKeys(paths.flatMap((p) => this.registry.tree(p))));
  }

  async readFile(path: string): Promise<Buffer | null> {
    const local = this.localPath(path);
    return existsSync(local) && statSync(local).isFile() ? readImageFile(local, MAX_BYTES.file) : null;
  }

  async writeFile(path: string, data: Buffer, mode?: number): Promise<void> {
    const local = this.localPath(path);
    assertWritableInside(this.realRoot, local);
    writeFileAtomic(local, data, { mode });
  }

  /** The real path inside the image, as a Windows path (links inside the image resolved; outward ones are refused at open). */
  async realPath(path: string): Promise<string | null> {
    let real: string;
    try {
      real = realpathSync(this.localPath(path));
    } catch {
      return null;
    }
    const parts = relative(join(this.realRoot, 'files'), real).split(sep);
    if (parts[0] === '..' || parts.length === 0 || !parts[0]) return null;
    return `${parts[0]}:\\${parts.slice(1).join('\\')}`;
  }

  async fileMode(path: string): Promise<number | null> {
    const local = this.localPath(path);
    return existsSync(local) ? statSync(local).mode & 0o7777 : null;
  }

  async listDirectory(path: string): Promise<string[] | null> {
    const local = this.localPath(path);
    return existsSync(local) && statSync(local).isDirectory() ? readdirSync(local) : null;
  }

  async getServiceBinaryPath(name: string): Promise<string | null> {
    return this.serviceEntry(name)?.[1].binaryPath ?? null;
  }

  async getService(name: string): Promise<ServiceInfo | null> {
    const entry = this.serviceEntry(name);
    if (!entry) return null;
    return {
      name: entry[0],
      state: entry[1].state ?? 'unknown',
      account: entry[1].account ?? null,
      binaryPath: entry[1].binaryPath ?? null,
    };
  }

  async stopService(name: string): Promise<void> {
    this.setServiceState(name, 'stopped');
  }

  async startService(name: string): Promise<void> {
    this.setServiceState(name, 'running');
    for (const [other, service] of Object.entries(this.services)) {
      if (service.startedBy && service.startedBy.toLowerCase() === name.toLowerCase()) this.setServiceState(other, 'running');
    }
  }

  /** No time passes in an image: the state is what the last start or stop left. */
  async waitForService(name: string, state: ServiceState): Promise<boolean> {
    return (await this.getService(name))?.state === state;
  }

  async isProcessRunning(imageName: string): Promise<boolean> {
    const wanted = imageName.toLowerCase();
    if (this.processes.some((p) => p.toLowerCase() === wanted)) return true;
    return Object.values(this.services).some(
      (s) => s.state === 'running' && s.binaryPath && windowsBasename(executableOfBinaryPath(s.binaryPath)).toLowerCase() === wanted,
    );
  }

  async getCertificate(store: string, thumbprint: string): Promise<Buffer | null> {
    const file = this.certificateFile(store, thumbprint, CERTIFICATE_FILE);
    return file ? derFromCertificateFile(readImageFile(file, MAX_BYTES.certificate)) : null;
  }

  /** The key beside the certificate: certificates/<Location>/<Store>/<THUMBPRINT>.key (PEM, unencrypted), for tests. */
  async decryptWithCertificateKey(store: string, thumbprint: string, ciphertext: Buffer): Promise<Buffer> {
    const keyFile = this.certificateFile(store, thumbprint, /\.key$/i);
    if (!keyFile)
      throw fail('CERTIFICATE_KEY_MISSING', {
        thumbprint,
        store,
        where: phrase('KEY_NOT_IN_IMAGE', { path: `certificates/${store.replace(/\\/g, '/')}/${thumbprint}.key` }),
      });
    return decryptWithKeyFile(
      readImageFile(keyFile, MAX_BYTES.certificate),
      await this.getCertificate(store, thumbprint),
      thumbprint,
      ciphertext,
    );
  }

  /** Every certificate file of the store's folder, in name order; a PEM bundle gives all its certificates. */
  async listCertificates(store: string): Promise<Buffer[]> {
    const folder = this.certificateFolder(store);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
    return readdirSync(folder)
      .filter((f) => CERTIFICATE_FILE.test(f))
      .sort()
      .flatMap((f) => dersFromCertificateFile(readImageFile(join(folder, f), MAX_BYTES.certificate)));
  }

  /** An image stands for an administrator's view of the machine. */
  async isElevated(): Promise<boolean> {
    return true;
  }

  private certificateFile(store: string, thumbprint: string, extension: RegExp): string | null {
    const folder = this.certificateFolder(store);
    if (!existsSync(folder)) return null;
    const wanted = thumbprint.replace(/\s/g, '').toUpperCase();
    const file = readdirSync(folder).find((f) => extension.test(f) && f.replace(extension, '').toUpperCase() === wanted);
    return file ? join(folder, file) : null;
  }

  /** certificates/<Location>/<Store>: a store name cannot lead out of the image's certificates folder. */
  private certificateFolder(store: string): string {
    return join(this.root, 'certificates', ...store.split('\\').filter((p) => p !== '' && p !== '.' && p !== '..'));
  }

  private localPath(windowsPath: string): string {
    const split = splitDrivePath(windowsPath);
    if (!split)
      throw fail(
        'FIELD_INVALID',
        { field: 'machine', detail: detail('IMAGE_PATH_NOT_WINDOWS', { path: windowsPath }) },
        { field: 'machine' },
      );
    return join(this.root, 'files', split.drive, ...split.parts);
  }

  private serviceEntry(name: string): [string, ImageService] | undefined {
    return Object.entries(this.services).find(([n]) => n.toLowerCase() === name.toLowerCase());
  }

  private setServiceState(name: string, state: ServiceState): void {
    const entry = this.serviceEntry(name);
    if (!entry)
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: detail('SERVICE_START_OR_STOP', { name }), detail: detail('SERVICE_MISSING') },
        { exit: 3 },
      );
    entry[1].state = state === 'running' && entry[1].failsToStart ? 'stopped' : state;
    this.writeOwnFile(SERVICES_FILE, JSON.stringify(this.services, null, 2) + '\n');
  }

  private saveRegistry(): void {
    const text = formatRegFile(regFileFromKeys(this.registry.all()));
    this.writeOwnFile(REGISTRY_FILE, encodeRegFileBytes(text, this.registryEncoding));
  }

  private writeOwnFile(name: string, data: Buffer | string): void {
    const local = join(this.root, name);
    assertWritableInside(this.realRoot, local);
    writeFileAtomic(local, data);
  }
}

export function openImageHost(folder: string, options: ImageHostOptions = {}): ImageHost {
  return ImageHost.open(folder, options);
}

function readImageFile(file: string, maxBytes: number): Buffer {
  try {
    return readFileBounded(file, maxBytes);
  } catch (error) {
    if (error instanceof InputTooLarge)
      throw fail('MACHINE_FILE_TOO_LARGE', { file, limit: describeBytes(maxBytes) }, { field: 'machine' });
    throw error;
  }
}

/** Read as regedit reads it: lines it would skip are skipped and reported (options.log). */
function loadRegistry(file: string, options: ImageHostOptions): { registry: MemoryRegistry; encoding: RegFileEncoding } {
  if (!existsSync(file)) return { registry: new MemoryRegistry(), encoding: 'utf16le' };
  const { text, encoding } = decodeRegFileBytes(readImageFile(file, MAX_BYTES.registry));
  try {
    const { document, warnings } = parseRegFileLeniently(text, REGISTRY_FILE);
    for (const warning of warnings) options.log?.(logLine('warning', 'REGISTRY_LINE_SKIPPED', { detail: warning.message }));
    return { registry: MemoryRegistry.fromDocument(document), encoding };
  } catch (error) {
    if (error instanceof FormatError) {
      throw fail('REGISTRY_MALFORMED', { file, detail: error.message }, { field: 'machine' });
    }
    throw error;
  }
}

function loadJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    const text = readImageFile(file, MAX_BYTES.json)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const value = JSON.parse(text) as T;
    if (value === null || typeof value !== 'object' || Array.isArray(value) !== Array.isArray(fallback))
      throw new Error(detail('SERVICES_UNEXPECTED_SHAPE'));
    return value;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw fail('SERVICES_MALFORMED', { file, detail: (error as Error).message }, { field: 'machine' });
  }
}
