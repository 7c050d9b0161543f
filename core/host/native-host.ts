import type { Host, ServiceState } from './host';
import { canonicalKeyPath, isUnderKey, type RegKey, type RegValue } from '../formats/registry-model';
import { formatRegFile, regFileFromKeys } from '../formats/reg-file';
import { LiveWindowsHost } from './live-windows-host';
import { NativeSecurity, SecurityError } from './native/security';
import { judgeStateFolder, type StateFolderCheck } from './state-folder-security';
import { STATE_DIRECTORY_SDDL } from '../formats/security-descriptor';
import { localMachineStoreName } from './certificate-stores';
import { Win32, win32ErrorName, type KoffiModule } from './native/win32';
import { NativeRegistry, RegistryAccessError } from './native/registry';
import { NativeServices, ServiceControlError } from './native/services';
import { NativeProcesses } from './native/processes';
import { CertificateKeyError, CertificateStoreError, NativeCertificates } from './native/certificates';
import { isTokenElevated } from './native/token';
import { detail, fail, phrase } from '../messages';
import { EXIT } from '../errors';
import { unreadableKeyError } from './unreadable-key';

/**
 * The live Windows machine through the Win32 API in-process (koffi): the registry (advapi32, 64-bit view),
 * the Service Control Manager, certificate stores (crypt32, NCrypt) and a process snapshot. No child process,
 * exact types and bytes, and Windows' own error codes: a key the tool may not read is REGISTRY_KEY_UNREADABLE,
 * never "absent".
 */
export class NativeHost extends LiveWindowsHost implements Host {
  readonly kind = 'native';
  /** A query of the Service Control Manager costs microseconds here, not a process. */
  protected readonly servicePollMs = 200;
  private readonly registry: NativeRegistry;
  private readonly services: NativeServices;
  private readonly processes: NativeProcesses;
  private readonly certificates: NativeCertificates;
  private readonly win32: Win32;

  constructor(koffi: KoffiModule) {
    super();
    this.win32 = new Win32(koffi);
    this.registry = new NativeRegistry(this.win32);
    this.services = new NativeServices(this.win32);
    this.processes = new NativeProcesses(this.win32);
    this.certificates = new NativeCertificates(this.win32);
  }

  /** SetFileSecurityW gives a new folder its ACL; GetNamedSecurityInfoW reads the whole descriptor back. */
  async secureStateDirectory(created: boolean): Promise<StateFolderCheck> {
    const security = new NativeSecurity(this.win32);
    try {
      if (created) security.writeSddl(this.stateDirectory, STATE_DIRECTORY_SDDL);
      const sddl = security.readSddl(this.stateDirectory);
      // Under wine the descriptor read back may not be the one set: said, not judged (wine is not Windows).
      if (security.isWine() && !sddl.startsWith('O:BAG:SYD:PAI'))
        return { checked: false, reason: phrase('ACL_WINE', { sddl }), quiet: true };
      return judgeStateFolder(this.stateDirectory, sddl);
    } catch (error) {
      if (!(error instanceof SecurityError)) throw error;
      return { checked: false, reason: detail('WINDOWS_CALL_STATUS', { call: error.call, status: win32ErrorName(error.status) }) };
    }
  }

  /** Nothing is cached: every read asks Windows. */
  async reload(): Promise<void> {}

  async readKey(path: string): Promise<RegKey | null> {
    return this.registryRead(() => this.registry.readKey(path));
  }

  async readKeys(paths: string[]): Promise<(RegKey | null)[]> {
    return paths.map((p) => this.registryRead(() => this.registry.readKey(p)));
  }

  async setValue(keyPath: string, value: RegValue): Promise<void> {
    this.registryWrite(() => this.registry.setValue(keyPath, value));
  }

  async deleteValue(keyPath: string, name: string): Promise<void> {
    this.registryWrite(() => this.registry.deleteValue(keyPath, name));
  }

  /** Each wanted key with everything below it, once even when one wanted key lies under another. */
  async exportKeys(paths: string[]): Promise<string> {
    const wanted = [...new Set(paths.map((p) => canonicalKeyPath(p).toLowerCase()))];
    const roots = wanted.filter((p) => !wanted.some((other) => other !== p && isUnderKey(p, other)));
    const keys = roots.flatMap((root) => this.registryRead(() => this.registry.readTree(root)));
    return formatRegFile(regFileFromKeys(keys));
  }

  async stopService(name: string, timeoutMs: number): Promise<void> {
    if (!this.serviceCall(() => this.services.stop(name)))
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: detail('SERVICE_STOP', { name }), detail: phrase('SERVICE_NOT_INSTALLED') },
        { exit: EXIT.ROLLED_BACK },
      );
    if (!(await this.waitForService(name, 'stopped', timeoutMs))) {
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: detail('SERVICE_STOP', { name }), detail: phrase('SERVICE_DID_NOT_STOP', { seconds: timeoutMs / 1000 }) },
        { exit: EXIT.ROLLED_BACK },
      );
    }
  }

  /** Like the reg.exe host: asks, then waits; whether it runs is for the caller's own wait to judge. */
  async startService(name: string, timeoutMs: number): Promise<void> {
    if (!this.serviceCall(() => this.services.start(name)))
      throw fail(
        'HOST_COMMAND_FAILED',
        { command: detail('SERVICE_START', { name }), detail: phrase('SERVICE_NOT_INSTALLED') },
        { exit: EXIT.ROLLED_BACK },
      );
    await this.waitForService(name, 'running', timeoutMs);
  }

  async isProcessRunning(imageName: string): Promise<boolean> {
    const wanted = imageName.toLowerCase();
    return this.processes.imageNames().some((name) => name.toLowerCase() === wanted);
  }

  async getCertificate(store: string, thumbprint: string): Promise<Buffer | null> {
    return this.certificateCall(store, () => this.certificates.find(localMachineStoreName(store), thumbprint));
  }

  async listCertificates(store: string): Promise<Buffer[]> {
    return this.certificateCall(store, () => this.certificates.list(localMachineStoreName(store)));
  }

  async isElevated(): Promise<boolean> {
    return isTokenElevated(this.win32);
  }

  async decryptWithCertificateKey(store: string, thumbprint: string, ciphertext: Buffer): Promise<Buffer> {
    const name = localMachineStoreName(store);
    try {
      return this.certificateCall(store, () => this.certificates.decrypt(name, thumbprint, ciphertext));
    } catch (error) {
      if (!(error instanceof CertificateKeyError)) throw error;
      if (error.problem === 'not-found') throw fail('CERTIFICATE_NOT_FOUND', { store, thumbprint });
      if (error.problem === 'no-key')
        throw fail('CERTIFICATE_KEY_MISSING', { thumbprint, store, where: error.detail }, { details: { status: error.status } });
      throw fail('CERTIFICATE_KEY_UNUSABLE', { thumbprint, detail: error.detail }, { details: { status: error.status } });
    }
  }

  protected serviceState(name: string): ServiceState {
    return this.serviceCall(() => this.services.state(name)) ?? 'unknown';
  }

  private serviceCall<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof ServiceControlError) {
        throw fail(
          'HOST_COMMAND_FAILED',
          { command: `${error.operation} ${error.service}`, detail: win32ErrorName(error.win32Error) },
          { exit: EXIT.ROLLED_BACK, details: { win32Error: error.win32Error } },
        );
      }
      throw error;
    }
  }

  private certificateCall<T>(store: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof CertificateStoreError)
        throw fail('CERTIFICATE_STORE_UNREADABLE', { store, detail: win32ErrorName(error.status) }, { details: { status: error.status } });
      throw error;
    }
  }

  /** A refused read is REGISTRY_KEY_UNREADABLE with Windows' code: a plan never mistakes it for an absent key. */
  private registryRead<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof RegistryAccessError) {
        throw unreadableKeyError({
          key: error.keyPath,
          win32Error: error.win32Error,
          error: detail('WINDOWS_CALL_STATUS', { call: error.operation, status: win32ErrorName(error.win32Error) }),
        });
      }
      throw error;
    }
  }

  private registryWrite(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (error instanceof RegistryAccessError) {
        throw fail(
          'HOST_COMMAND_FAILED',
          { command: `${error.operation} ${error.keyPath}`, detail: win32ErrorName(error.win32Error) },
          {
            exit: EXIT.ROLLED_BACK,
            details: { key: error.keyPath, win32Error: error.win32Error },
          },
        );
      }
      throw error;
    }
  }
}
