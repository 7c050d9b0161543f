import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../core/commands/index';
import type { CommandContext, LogEvent } from '../../core/commands/command';
import { ToolError, type ExitCode } from '../../core/errors';
import { errorResponse, successResponse } from '../../core/response';
import { validateRequest } from '../../core/validate';
import { openImageHost } from '../../core/host/image';
import type { Host } from '../../core/host/host';
import { formatRegFile, parseRegFile, regFileFromKeys } from '../../core/formats/reg-file';
import type { RegKey, RegValue } from '../../core/formats/registry-model';
import type { CommandName } from '../../core/protocol';
import { KEYS } from '../../core/stores/keys';
import { hashTree } from './image';

/** The registry.reg text (header included) holding these keys. */
export function regText(keys: RegKey[]): string {
  return formatRegFile(regFileFromKeys(keys));
}

export interface CommandRun {
  exit: ExitCode;
  body: { ok: boolean; command: string; result?: any; error?: { code: string; message: string; field?: string } };
  logs: LogEvent[];
}

/**
 * Runs a command in-process the way the CLI does (schema validation, then the command, then the response the
 * CLI prints), on the request's image or on `host` when given (a wrapper around one, for fault injection).
 * An error that is not a ToolError is thrown, not turned into INTERNAL: a test should see the defect itself.
 */
export async function runCommand(name: CommandName, request: object, host?: Host): Promise<CommandRun> {
  const logs: LogEvent[] = [];
  try {
    const command = commands[name]!;
    const valid = validateRequest(name, request);
    let opened: Host | null = host ?? null;
    const context: CommandContext = {
      args: [],
      host: async () => (opened ??= openImageHost((request as { machine: string }).machine)),
      log: (event) => logs.push(event),
    };
    return { ...successResponse<unknown>(name, await command.run(valid as never, context)), logs };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { ...errorResponse(name, error), logs };
  }
}

/** Every key a change can touch (with subkeys), for proving a registry unchanged. */
export const ALL_TOUCHABLE_KEYS = [
  KEYS.wininetCurrentUser,
  KEYS.wininetLocalSystem,
  KEYS.wininetLocalService,
  KEYS.winhttp,
  KEYS.dataCollection,
  KEYS.advancedThreatProtection,
  KEYS.defenderPolicy,
];

/**
 * The registry's meaning under the touchable keys: values by key, keys without values left out (a rollback
 * deletes the values it created, but the host interface deletes no keys: an empty key is no setting).
 */
export async function registryMeaning(folder: string): Promise<string> {
  const exported = await openImageHost(folder).exportKeys(ALL_TOUCHABLE_KEYS);
  const keys = parseRegFile(exported).keys.filter((k) => k.values.length > 0);
  return JSON.stringify(
    keys
      .map((k) => ({
        path: k.path.toLowerCase(),
        values: k.values.map((v) => `${v.name.toLowerCase()}=${v.type}:${v.data.toString('hex')}`).sort(),
      }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  );
}

/** Hashes of the image's files outside the tool's own state folder. */
export function imageFileHashes(folder: string): Record<string, string> {
  return hashTree(join(folder, 'files'));
}

/** Throws on the n-th writes (setValue, deleteValue or writeFile), counting from 1; passes everything else on. */
export class FaultyHost implements Host {
  writes = 0;
  private readonly failAt: number[];
  constructor(
    private readonly inner: Host,
    failAt: number | number[],
  ) {
    this.failAt = typeof failAt === 'number' ? [failAt] : failAt;
  }
  get kind() {
    return this.inner.kind;
  }
  get description() {
    return this.inner.description;
  }
  get stateDirectory() {
    return this.inner.stateDirectory;
  }
  private count(): void {
    this.writes++;
    if (this.failAt.includes(this.writes)) throw new Error(`injected failure on write ${this.writes}`);
  }
  reload() {
    return this.inner.reload();
  }
  readKey(path: string) {
    return this.inner.readKey(path);
  }
  readKeys(paths: string[]) {
    return this.inner.readKeys(paths);
  }
  async setValue(keyPath: string, value: RegValue) {
    this.count();
    return this.inner.setValue(keyPath, value);
  }
  async deleteValue(keyPath: string, name: string) {
    this.count();
    return this.inner.deleteValue(keyPath, name);
  }
  exportKeys(paths: string[]) {
    return this.inner.exportKeys(paths);
  }
  readFile(path: string) {
    return this.inner.readFile(path);
  }
  async writeFile(path: string, data: Buffer, mode?: number) {
    this.count();
    return this.inner.writeFile(path, data, mode);
  }
  async fileMode(path: string) {
    return (await this.inner.fileMode?.(path)) ?? null;
  }
  listDirectory(path: string) {
    return this.inner.listDirectory(path);
  }
  getServiceBinaryPath(name: string) {
    return this.inner.getServiceBinaryPath(name);
  }
  getService(name: string) {
    return this.inner.getService(name);
  }
  stopService(name: string, timeoutMs: number) {
    return this.inner.stopService(name, timeoutMs);
  }
  startService(name: string, timeoutMs: number) {
    return this.inner.startService(name, timeoutMs);
  }
  waitForService(name: string, state: Parameters<Host['waitForService']>[1], timeoutMs: number) {
    return this.inner.waitForService(name, state, timeoutMs);
  }
  isProcessRunning(imageName: string) {
    return this.inner.isProcessRunning(imageName);
  }
  getCertificate(store: string, thumbprint: string) {
    return this.inner.getCertificate(store, thumbprint);
  }
  listCertificates(store: string) {
    return this.inner.listCertificates(store);
  }
  isElevated() {
    return this.inner.isElevated();
  }
  decryptWithCertificateKey(store: string, thumbprint: string, ciphertext: Buffer) {
    return this.inner.decryptWithCertificateKey(store, thumbprint, ciphertext);
  }
}

export interface TestCertificate {
  der: Buffer;
  privateKeyPem: string;
  /** SHA-1 of the DER, uppercase hex: how Windows names a certificate. */
  thumbprint: string;
}

/** A self-signed RSA certificate made with openssl, standing in for the sensor's secret-manager certificate. */
export function makeTestCertificate(): TestCertificate {
  const folder = mkdtempSync(join(tmpdir(), 'dp-cert-'));
  const key = join(folder, 'key.pem');
  const cert = join(folder, 'cert.der');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-outform',
      'DER',
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=Azure ATP Sensor Secret Manager Test',
    ],
    {
      stdio: 'ignore',
    },
  );
  const der = readFileSync(cert);
  return { der, privateKeyPem: readFileSync(key, 'utf8'), thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase() };
}

export function publicKeyOf(der: Buffer) {
  return new X509Certificate(der).publicKey;
}
