import type { RegKey, RegValue } from '../formats/registry-model';
import type { StateFolderCheck } from './state-folder-security';

export type ServiceState = 'running' | 'stopped' | 'start-pending' | 'stop-pending' | 'paused' | 'unknown';

export interface ServiceInfo {
  name: string;
  state: ServiceState;
  /** Account the service runs as, e.g. `LocalService`, `LocalSystem`, `NT AUTHORITY\LocalService`. */
  account: string | null;
  /** The service's binary path as the Service Control Manager holds it (may be quoted, may carry arguments). */
  binaryPath: string | null;
}

/**
 * "The machine": everything stores and commands read or change goes through this interface. Three
 * implementations: `image` (an offline machine image folder), `native` (the live machine through the Win32 API
 * in-process) and `windows` (the live machine through reg.exe, sc.exe, tasklist, certutil: the fallback). Paths are Windows paths (`C:\Program Files\...`) and registry paths with
 * any root spelling (`HKLM\...` or `HKEY_LOCAL_MACHINE\...`).
 */
export interface Host {
  readonly kind: 'image' | 'native' | 'windows';
  /** The image folder, or the computer name. */
  readonly description: string;

  /** The values of one key (not its subkeys); null when the key does not exist. */
  readKey(path: string): Promise<RegKey | null>;
  /** Several keys at once: the live host batches them to spawn as few processes as it can. */
  readKeys(paths: string[]): Promise<(RegKey | null)[]>;
  /** Creates the key when needed. One call is one write. */
  setValue(keyPath: string, value: RegValue): Promise<void>;
  /** Removing a value that does not exist is not an error. One call is one write. */
  deleteValue(keyPath: string, name: string): Promise<void>;
  /** The keys and all their subkeys as the text of a .reg file (`reg export`), for backups. Missing keys are skipped. */
  exportKeys(paths: string[]): Promise<string>;

  /** null when the file does not exist. */
  readFile(path: string): Promise<Buffer | null>;
  /**
   * Atomic: a reader sees the old or the new content, never a mix. One call is one write. An existing file keeps
   * its permissions; `mode` (permission bits, where the host has them) sets them, as a restore does.
   */
  writeFile(path: string, data: Buffer, mode?: number): Promise<void>;
  /** A file's permission bits where the host keeps them (an image on a POSIX file system); null elsewhere. */
  fileMode?(path: string): Promise<number | null>;
  /**
   * The path with every link, junction and 8.3 name resolved (what the file system really opens); null when it
   * does not exist. A write through a planted link lands where the link points: callers compare real paths.
   */
  realPath?(path: string): Promise<string | null>;
  /** Names of the entries of a folder; null when it does not exist. */
  listDirectory(path: string): Promise<string[] | null>;

  /** The service's binary path alone, from its registry key (cheap: no service query); null when not installed. */
  getServiceBinaryPath(name: string): Promise<string | null>;
  getService(name: string): Promise<ServiceInfo | null>;
  stopService(name: string, timeoutMs: number): Promise<void>;
  startService(name: string, timeoutMs: number): Promise<void>;
  /** Polls until the service runs; false when it does not within the timeout. */
  waitForService(name: string, state: ServiceState, timeoutMs: number): Promise<boolean>;

  /** Whether a process with this image name (e.g. `SenseIdentity.exe`) runs. */
  isProcessRunning(imageName: string): Promise<boolean>;

  /** DER bytes of a certificate in a store such as `LocalMachine\My`; null when absent. */
  getCertificate(store: string, thumbprint: string): Promise<Buffer | null>;
  /** DER bytes of every certificate in a store such as 'LocalMachine\\Root' (image: certificates/LocalMachine/Root/*.cer|*.crt|*.pem). */
  listCertificates(store: string): Promise<Buffer[]>;
  /** Whether this process runs elevated (an administrator token); image: true. */
  isElevated(): Promise<boolean>;
  /**
   * RSA-OAEP-SHA256 decryption with the private key of the certificate `thumbprint` in `store` (e.g.
   * 'LocalMachine\\My'), as the MDI sensor decrypts its stored proxy password. Throws a ToolError with its own
   * code when the key is absent (CERTIFICATE_KEY_MISSING) or unusable (CERTIFICATE_KEY_UNUSABLE), when the
   * live certificate is not there (CERTIFICATE_NOT_FOUND), or the host cannot reach keys at all (reg.exe:
   * CERTIFICATE_KEY_HOST_UNSUPPORTED).
   */
  decryptWithCertificateKey(store: string, thumbprint: string, ciphertext: Buffer): Promise<Buffer>;

  /**
   * RSA-OAEP-SHA256 decryption with the private key of the certificate `thumbprint` in `store` (e.g. 'LocalMachine\\My'),
   * as the MDI sensor decrypts its stored proxy password. Throws a ToolError with its own code when the key is absent or unusable.
   */
  decryptWithCertificateKey(store: string, thumbprint: string, ciphertext: Buffer): Promise<Buffer>;

  /** A local folder (real file system) for backups and the lock: inside the image, or under ProgramData. */
  readonly stateDirectory: string;
  /**
   * Secures the state folder where the machine has permissions that matter (the live machine): a folder just
   * created gets its ACL (owner Administrators, SYSTEM and Administrators only), and any folder is checked
   * against it. Throws STATE_DIRECTORY_INSECURE for a looser one; says why when the ACL cannot be read.
   * Absent for an image, which is the folder of whoever handed it over.
   */
  secureStateDirectory?(created: boolean): Promise<StateFolderCheck>;

  /**
   * Forgets everything read or cached so far: later reads see the machine as it is now. Called after taking
   * the change lock, since another process may have changed the machine while this one waited.
   */
  reload(): Promise<void>;
}
