import { hostname } from 'node:os';
import type { RegKey } from '../formats/registry-model';
import type { ServiceInfo, ServiceState } from './host';
import {
  listLiveDirectory,
  liveStateDirectory,
  readLiveFile,
  realLivePath,
  serviceBinaryPath,
  serviceInfo,
  serviceKeyPath,
  writeLiveFile,
} from './live-machine';

/**
 * What both live Windows hosts (native and reg.exe) do alike once they can read a key and ask a service's state:
 * the file system, the state folder, a service as its key describes it, and the wait for a service. How they
 * reach the registry and the Service Control Manager is theirs.
 */
export abstract class LiveWindowsHost {
  readonly description = hostname();
  readonly stateDirectory = liveStateDirectory();
  /** How often a wait asks for the service's state: what one question costs decides it. */
  protected abstract readonly servicePollMs: number;

  abstract readKey(path: string): Promise<RegKey | null>;

  /** "unknown" when the Service Control Manager does not know the name (a service only in the registry). */
  protected abstract serviceState(name: string): ServiceState;

  async readFile(path: string): Promise<Buffer | null> {
    return readLiveFile(path);
  }

  async writeFile(path: string, data: Buffer): Promise<void> {
    writeLiveFile(path, data);
  }

  async realPath(path: string): Promise<string | null> {
    return realLivePath(path);
  }

  async listDirectory(path: string): Promise<string[] | null> {
    return listLiveDirectory(path);
  }

  async getServiceBinaryPath(name: string): Promise<string | null> {
    return serviceBinaryPath(await this.readKey(serviceKeyPath(name)));
  }

  async getService(name: string): Promise<ServiceInfo | null> {
    const key = await this.readKey(serviceKeyPath(name));
    return key ? serviceInfo(name, key, this.serviceState(name)) : null;
  }

  async waitForService(name: string, state: ServiceState, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.serviceState(name) === state) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, this.servicePollMs));
    }
  }
}
