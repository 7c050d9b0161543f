import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host, ServiceInfo, ServiceState } from './host';
import { canonicalKeyPath, findValue, isUnderKey, readSz, REG, shortKeyPath, type RegKey, type RegValue } from '../formats/registry-model';
import { decodeRegFileBytes, formatRegFile, parseRegFile, regFileFromKeys } from '../formats/reg-file';
import { overwriteFileInPlace, writeFileAtomic } from './atomic-file';
import { runWindowsCommand, type CommandResult } from './windows-commands';
import { derFromCertificateFile } from './certificate-file';
import { fail } from '../messages';
import { EXIT } from '../errors';
import { exportGroups } from './export-groups';
import { applyStateDirectoryAcl, readSddl } from './windows-acl';
import { parseSddl, stateDirectoryProblem } from '../formats/security-descriptor';

const SERVICES_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services';

/**
 * The live Windows machine: reg.exe (64-bit view), sc.exe, tasklist, certutil and the file system. Reads of
 * registry keys are cached for the run and batched: keys under a shared parent are read with one `reg export`.
 */
export class WindowsHost implements Host {
  readonly kind = 'windows';
  readonly description = hostname();
  readonly stateDirectory = join(process.env.ProgramData ?? 'C:\\ProgramData', 'DefenderProxyTools');
  private readonly cache = new Map<string, RegKey | null>();

  async reload(): Promise<void> {
    this.cache.clear();
  }

  async secureStateDirectory(created: boolean): Promise<'checked' | 'unchecked'> {
    if (created) applyStateDirectoryAcl(this.stateDirectory);
    const sddl = readSddl(this.stateDirectory);
    if (sddl === null) return 'unchecked';
    let problem: string | null;
    try {
      problem = stateDirectoryProblem(parseSddl(sddl));
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem) throw fail('STATE_DIRECTORY_INSECURE', { path: this.stateDirectory, problem, sddl }, { field: 'machine' });
    return 'checked';
  }

  async readKey(path: string): Promise<RegKey | null> {
    return (await this.readKeys([path]))[0]!;
  }

  async readKeys(paths: string[]): Promise<(RegKey | null)[]> {
    const missing = [...new Set(paths.map(canonicalKeyPath))].filter((p) => !this.cache.has(p.toLowerCase()));
    for (const group of exportGroups(missing)) {
      const exported = this.exportTree(group.exportPath);
      for (const wanted of group.keys) {
        this.cache.set(wanted.toLowerCase(), exported.find((k) => k.path.toLowerCase() === wanted.toLowerCase()) ?? null);
      }
    }
    return paths.map((p) => cloneKey(this.cache.get(canonicalKeyPath(p).toLowerCase()) ?? null));
  }

  async setValue(keyPath: string, value: RegValue): Promise<void> {
    const args = ['add', shortKeyPath(keyPath), ...valueNameArgs(value.name), '/t', typeName(value.type), '/d', dataArgument(value), '/f', '/reg:64'];
    this.mustSucceed(runRegCommand(args, [0]), `reg add ${shortKeyPath(keyPath)}`);
    this.cache.delete(canonicalKeyPath(keyPath).toLowerCase());
  }

  async deleteValue(keyPath: string, name: string): Promise<void> {
    const result = runRegCommand(['delete', shortKeyPath(keyPath), ...valueNameArgs(name), '/f', '/reg:64']);
    this.cache.delete(canonicalKeyPath(keyPath).toLowerCase());
    // Exit 1 = the key or value does not exist: already the state we want.
    if (result.status !== 0 && result.status !== 1) this.mustSucceed(result, `reg delete ${shortKeyPath(keyPath)}`);
  }

  /** Batched like readKeys: keys under a shared parent cost one `reg export` of the parent. */
  async exportKeys(paths: string[]): Promise<string> {
    const wanted = [...new Set(paths.map(canonicalKeyPath))];
    const keys = exportGroups(wanted).flatMap((group) => {
      const tree = this.exportTree(group.exportPath);
      return tree.filter((k) => group.keys.some((w) => isUnderKey(k.path, w)));
    });
    return formatRegFile(regFileFromKeys(keys));
  }

  async readFile(path: string): Promise<Buffer | null> {
    return existsSync(path) && statSync(path).isFile() ? readFileSync(path) : null;
  }

  /** An existing file keeps its permissions (see overwriteFileInPlace); a new one is written atomically. */
  async writeFile(path: string, data: Buffer): Promise<void> {
    if (existsSync(path)) overwriteFileInPlace(path, data);
    else writeFileAtomic(path, data);
  }

  async realPath(path: string): Promise<string | null> {
    try {
      return realpathSync.native(path);
    } catch {
      return null;
    }
  }

  async listDirectory(path: string): Promise<string[] | null> {
    return existsSync(path) && statSync(path).isDirectory() ? readdirSync(path) : null;
  }

  async getServiceBinaryPath(name: string): Promise<string | null> {
    const [key] = await this.readKeys([`${SERVICES_KEY}\\${name}`]);
    const imagePath = findValue(key ?? null, 'ImagePath');
    return imagePath ? binaryPathOf(imagePath) : null;
  }

  async getService(name: string): Promise<ServiceInfo | null> {
    const [key] = await this.readKeys([`${SERVICES_KEY}\\${name}`]);
    if (!key) return null;
    const imagePath = findValue(key, 'ImagePath');
    const account = findValue(key, 'ObjectName');
    return { name, state: this.queryServiceState(name), account: account ? readSz(account) : null, binaryPath: imagePath ? binaryPathOf(imagePath) : null };
  }

  async stopService(name: string, timeoutMs: number): Promise<void> {
    runWindowsCommand('sc.exe', ['stop', name]);
    if (!(await this.waitForService(name, 'stopped', timeoutMs))) {
      throw fail('HOST_COMMAND_FAILED', { command: `sc stop ${name}`, detail: `the service did not stop within ${timeoutMs / 1000} s` }, { exit: EXIT.ROLLED_BACK });
    }
  }

  async startService(name: string, timeoutMs: number): Promise<void> {
    runWindowsCommand('sc.exe', ['start', name]);
    await this.waitForService(name, 'running', timeoutMs);
  }

  async waitForService(name: string, state: ServiceState, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.queryServiceState(name) === state) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  async isProcessRunning(imageName: string): Promise<boolean> {
    const result = runWindowsCommand('tasklist.exe', ['/FI', `IMAGENAME eq ${imageName}`, '/NH', '/FO', 'CSV']);
    return result.status === 0 && result.stdout.toLowerCase().includes(`"${imageName.toLowerCase()}"`);
  }

  async getCertificate(store: string, thumbprint: string): Promise<Buffer | null> {
    const folder = mkdtempSync(join(tmpdir(), 'defenderproxy-cert-'));
    try {
      const file = join(folder, 'certificate.cer');
      const storeName = store.split('\\').pop() ?? 'My';
      const result = runWindowsCommand('certutil.exe', ['-store', storeName, thumbprint, file]);
      return result.status === 0 && existsSync(file) ? derFromCertificateFile(readFileSync(file)) : null;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** reg.exe and certutil reach no private key (decrypting needs CryptoAPI/CNG in-process: the native host). */
  async decryptWithCertificateKey(_store: string, _thumbprint: string, _ciphertext: Buffer): Promise<Buffer> {
    throw fail('CERTIFICATE_KEY_HOST_UNSUPPORTED');
  }

  /** `reg export` of a key and its subkeys; [] when the key does not exist. */
  private exportTree(path: string): RegKey[] {
    const folder = mkdtempSync(join(tmpdir(), 'defenderproxy-reg-'));
    try {
      const file = join(folder, 'export.reg');
      const result = runRegCommand(['export', shortKeyPath(path), file, '/y', '/reg:64']);
      // reg.exe says 1 for a missing key (and, alas, for any refusal: its text is localised, so not read).
      if (result.status === 1) return [];
      this.mustSucceed(result, `reg export ${shortKeyPath(path)}`);
      if (!existsSync(file)) return [];
      return parseRegFile(decodeRegFileBytes(readFileSync(file)).text, `reg export ${shortKeyPath(path)}`).keys
        .filter((k) => !k.deleteKey)
        .map((k) => ({ path: k.path, values: k.values }));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  private queryServiceState(name: string): ServiceState {
    const result = runWindowsCommand('sc.exe', ['query', name]);
    // sc's field names are not localised; the state is the number after STATE.
    const match = /STATE\s*:\s*(\d+)/.exec(result.stdout);
    const states: Record<string, ServiceState> = { '1': 'stopped', '2': 'start-pending', '3': 'stop-pending', '4': 'running', '7': 'paused' };
    return match ? (states[match[1]!] ?? 'unknown') : 'unknown';
  }

  private mustSucceed(result: { status: number; stderr: string; stdout: string }, what: string): void {
    if (result.status !== 0) {
      throw fail('HOST_COMMAND_FAILED', { command: what, detail: (result.stderr || result.stdout).trim() || `exit code ${result.status}` }, { exit: EXIT.ROLLED_BACK });
    }
  }
}

/**
 * A service's ImagePath as the Service Control Manager runs it: REG_EXPAND_SZ (the usual type) has its
 * %VARIABLES% expanded. %ProgramFiles% is the 64-bit folder even when a 32-bit parent (Intune's PowerShell)
 * passed its own environment down: ProgramW6432 says where that is.
 */
function binaryPathOf(value: RegValue): string {
  const text = readSz(value);
  if (value.type !== REG.EXPAND_SZ) return text;
  const sixtyFourBit: Record<string, string> = { programfiles: 'ProgramW6432', commonprogramfiles: 'CommonProgramW6432' };
  return text.replace(/%([^%\s"]+)%/g, (whole, name: string) => {
    const wow = sixtyFourBit[name.toLowerCase()];
    return (wow ? process.env[wow] : undefined) ?? process.env[name] ?? whole;
  });
}

/**
 * A reg.exe result outside `final` (killed, crashed, a loaded machine under wine) is tried again, up to three
 * times with a short pause, which is safe because export, add /f and delete /f give the same end state however
 * often they run. Exit 1 is final for export and delete (the key or value does not exist), not for add, which
 * should always succeed.
 */
function runRegCommand(args: string[], final: number[] = [0, 1]): CommandResult {
  let result = runWindowsCommand('reg.exe', args);
  for (const pauseMs of [100, 400]) {
    if (final.includes(result.status)) break;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    result = runWindowsCommand('reg.exe', args);
  }
  return result;
}

function cloneKey(key: RegKey | null): RegKey | null {
  return key ? { path: key.path, values: key.values.map((v) => ({ ...v, data: Buffer.from(v.data) })) } : null;
}

function valueNameArgs(name: string): string[] {
  return name === '' ? ['/ve'] : ['/v', name];
}

function typeName(type: number): string {
  const names: Record<number, string> = {
    [REG.SZ]: 'REG_SZ',
    [REG.EXPAND_SZ]: 'REG_EXPAND_SZ',
    [REG.BINARY]: 'REG_BINARY',
    [REG.DWORD]: 'REG_DWORD',
    [REG.MULTI_SZ]: 'REG_MULTI_SZ',
    [REG.QWORD]: 'REG_QWORD',
    [REG.NONE]: 'REG_NONE',
  };
  const name = names[type];
  if (!name) throw fail('HOST_COMMAND_FAILED', { command: 'reg add', detail: `values of type ${type} cannot be written with reg.exe` }, { exit: EXIT.ROLLED_BACK });
  return name;
}

/** The `/d` argument reg.exe expects for each type. */
function dataArgument(value: RegValue): string {
  switch (value.type) {
    case REG.DWORD:
      return String(value.data.readUInt32LE(0));
    case REG.QWORD:
      return value.data.readBigUInt64LE(0).toString();
    case REG.SZ:
    case REG.EXPAND_SZ:
      return readSz(value);
    case REG.MULTI_SZ:
      return value.data.toString('utf16le').replace(/\0+$/, '').split('\0').join('\\0');
    default:
      return value.data.toString('hex').toUpperCase();
  }
}
