import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host, ServiceState } from './host';
import { canonicalKeyPath, findValue, isUnderKey, readSz, REG, shortKeyPath, type RegKey, type RegValue } from '../formats/registry-model';
import { decodeRegFileBytes, formatRegFile, parseRegFile, regFileFromKeys } from '../formats/reg-file';
import { runWindowsCommand, type CommandResult } from './windows-commands';
import { certificateStoreKeys } from './certificate-stores';
import { certificateFromStoreBlob } from '../formats/certificate-blob';
import { detail, fail, phrase } from '../messages';
import { unreadableKeyError } from './unreadable-key';
import { EXIT } from '../errors';
import { exportGroups } from './export-groups';
import { applyStateDirectoryAcl, readSddl } from './windows-acl';
import { judgeStateFolder, type StateFolderCheck } from './state-folder-security';
import { LiveWindowsHost } from './live-windows-host';
import { serviceStateOf } from './live-machine';

/**
 * The live Windows machine through other processes, the fallback of the native host: reg.exe (64-bit view;
 * certificate stores too, from their registry keys), sc.exe, tasklist, whoami and the file system. Reads of
 * registry keys are cached for the run and batched: keys under a shared parent are read with one `reg export`.
 */
export class WindowsHost extends LiveWindowsHost implements Host {
  readonly kind = 'windows';
  /** Each query starts sc.exe. */
  protected readonly servicePollMs = 1000;
  private readonly cache = new Map<string, RegKey | null>();

  async reload(): Promise<void> {
    this.cache.clear();
  }

  /** icacls sets the ACL of a new folder; Windows PowerShell's Get-Acl reads the whole descriptor back. */
  async secureStateDirectory(created: boolean): Promise<StateFolderCheck> {
    if (created) applyStateDirectoryAcl(this.stateDirectory);
    const sddl = readSddl(this.stateDirectory);
    if (sddl === 'stub') return { checked: false, reason: phrase('ACL_POWERSHELL_STUB'), quiet: true };
    if (sddl === null) return { checked: false, reason: phrase('ACL_NO_POWERSHELL') };
    return judgeStateFolder(this.stateDirectory, sddl);
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
    const args = [
      'add',
      shortKeyPath(keyPath),
      ...valueNameArgs(value.name),
      '/t',
      typeName(value.type),
      '/d',
      dataArgument(value),
      '/f',
      '/reg:64',
    ];
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

  async stopService(name: string, timeoutMs: number): Promise<void> {
    runWindowsCommand('sc.exe', ['stop', name]);
    if (!(await this.waitForService(name, 'stopped', timeoutMs))) {
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: `sc stop ${name}`, detail: phrase('SERVICE_DID_NOT_STOP', { seconds: timeoutMs / 1000 }) },
        { exit: EXIT.ROLLED_BACK },
      );
    }
  }

  async startService(name: string, timeoutMs: number): Promise<void> {
    runWindowsCommand('sc.exe', ['start', name]);
    await this.waitForService(name, 'running', timeoutMs);
  }

  async isProcessRunning(imageName: string): Promise<boolean> {
    const result = runWindowsCommand('tasklist.exe', ['/FI', `IMAGENAME eq ${imageName}`, '/NH', '/FO', 'CSV']);
    return result.status === 0 && result.stdout.toLowerCase().includes(`"${imageName.toLowerCase()}"`);
  }

  /** Read from the store's registry keys, first store that has it (certutil does not exist everywhere: not under wine). */
  async getCertificate(store: string, thumbprint: string): Promise<Buffer | null> {
    const name = thumbprint.replace(/\s/g, '').toUpperCase();
    if (!/^[0-9A-F]{40}$/.test(name)) return null;
    for (const storeKey of certificateStoreKeys(store)) {
      const [key] = await this.readKeys([`${storeKey}\\${name}`]);
      const blob = findValue(key ?? null, 'Blob');
      if (blob) return certificateFromStoreBlob(blob.data);
    }
    return null;
  }

  /** Every certificate of the store's physical stores; an entry crypt32 could not decode either is skipped. */
  async listCertificates(store: string): Promise<Buffer[]> {
    const found = new Map<string, Buffer>();
    for (const storeKey of certificateStoreKeys(store)) {
      for (const key of this.exportTree(storeKey)) {
        const blob = findValue(key, 'Blob');
        if (!blob) continue;
        try {
          const der = certificateFromStoreBlob(blob.data);
          found.set(der.toString('base64'), der);
        } catch {
          // a damaged entry is not a certificate of the store for Windows either
        }
      }
    }
    return [...found.values()];
  }

  /**
   * From the token's mandatory label as `whoami /groups` lists it (High or System = elevated). wine's whoami
   * lists no groups at all; there every process holds an administrator token, and Windows' own access checks
   * still refuse any write the account may not make.
   */
  async isElevated(): Promise<boolean> {
    const result = runWindowsCommand('whoami.exe', ['/groups', '/fo', 'csv', '/nh']);
    const labels = result.stdout.match(/S-1-16-\d+/g) ?? [];
    if (labels.length === 0) return true;
    return labels.some((l) => l === 'S-1-16-12288' || l === 'S-1-16-16384');
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
      // reg.exe says 1 for a missing key and for a refused one alike (its words are localised, so not read).
      if (result.status === 1) {
        this.refuseIfListed(path);
        return [];
      }
      this.mustSucceed(result, `reg export ${shortKeyPath(path)}`);
      if (!existsSync(file)) return [];
      return parseRegFile(decodeRegFileBytes(readFileSync(file)).text, `reg export ${shortKeyPath(path)}`)
        .keys.filter((k) => !k.deleteKey)
        .map((k) => ({ path: k.path, values: k.values }));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /**
   * After reg.exe's exit 1: when the parent lists the key, the key exists, so reg.exe was refused. That costs
   * one more process, only for keys reg.exe would not export; which refusal, reg.exe does not say.
   */
  private refuseIfListed(path: string): void {
    const canonical = canonicalKeyPath(path);
    const parent = canonical.slice(0, Math.max(0, canonical.lastIndexOf('\\')));
    if (!parent.includes('\\')) return;
    const listing = runRegCommand(['query', shortKeyPath(parent), '/reg:64']);
    if (listing.status !== 0) return;
    const listed = listing.stdout
      .split(/\r?\n/)
      .some((line) => /^HKEY_/i.test(line.trim()) && canonicalKeyPath(line.trim()).toLowerCase() === canonical.toLowerCase());
    if (listed) throw unreadableKeyError({ key: canonical, win32Error: null, error: phrase('REG_EXE_KEY_LISTED_NOT_EXPORTED') });
  }

  protected serviceState(name: string): ServiceState {
    const result = runWindowsCommand('sc.exe', ['query', name]);
    // sc's field names are not localised; the state is the number after STATE.
    const match = /STATE\s*:\s*(\d+)/.exec(result.stdout);
    return match ? serviceStateOf(Number(match[1])) : 'unknown';
  }

  private mustSucceed(result: { status: number; stderr: string; stdout: string }, what: string): void {
    if (result.status !== 0) {
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: what, detail: (result.stderr || result.stdout).trim() || detail('EXIT_CODE', { status: result.status }) },
        { exit: EXIT.ROLLED_BACK },
      );
    }
  }
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
  if (!name)
    throw fail(
      'HOST_COMMAND_FAILED',
      { command: 'reg add', detail: detail('REG_EXE_TYPE_UNWRITABLE', { type }) },
      { exit: EXIT.ROLLED_BACK },
    );
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
