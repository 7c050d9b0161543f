import type { ServiceState } from '../host';
import { WIN32, type Win32 } from './win32';
import { serviceStateOf } from '../live-machine';

/** The Service Control Manager through advapi32: state, start and stop, with Windows' own error codes. */

const SC_MANAGER_CONNECT = 0x0001;
const SERVICE_QUERY_STATUS = 0x0004;
const SERVICE_START = 0x0010;
const SERVICE_STOP = 0x0020;
const SC_STATUS_PROCESS_INFO = 0;
const SERVICE_CONTROL_STOP = 1;
/** SERVICE_STATUS_PROCESS: nine DWORDs; dwCurrentState is the second. */
const STATUS_PROCESS_BYTES = 36;
const CURRENT_STATE_OFFSET = 4;

/** A call to the Service Control Manager that Windows refused. */
export class ServiceControlError extends Error {
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly win32Error: number,
  ) {
    super(`${operation} ${service}: Windows error ${win32Error}`);
    this.name = 'ServiceControlError';
  }
}

export class NativeServices {
  constructor(private readonly win32: Win32) {}

  /** null when the service is not installed. */
  state(name: string): ServiceState | null {
    return this.withService(name, SERVICE_QUERY_STATUS, (service) => {
      const status = Buffer.alloc(STATUS_PROCESS_BYTES);
      const needed = [0];
      const { koffi } = this.win32;
      const ok = this.fn('QueryServiceStatusEx', 'int', ['void *', 'uint32', 'uint8_t *', 'uint32', koffi.out(koffi.pointer('uint32'))])(
        service,
        SC_STATUS_PROCESS_INFO,
        status,
        status.length,
        needed,
      ) as number;
      if (!ok) throw new ServiceControlError(name, 'QueryServiceStatusEx', this.win32.lastError());
      return serviceStateOf(status.readUInt32LE(CURRENT_STATE_OFFSET));
    });
  }

  /** Asks the service to start; one already running is fine. Returns false when it is not installed. */
  start(name: string): boolean {
    return (
      this.withService(name, SERVICE_START, (service) => {
        const ok = this.fn('StartServiceW', 'int', ['void *', 'uint32', 'void *'])(service, 0, null) as number;
        const error = ok ? WIN32.SUCCESS : this.win32.lastError();
        if (error !== WIN32.SUCCESS && error !== WIN32.SERVICE_ALREADY_RUNNING) throw new ServiceControlError(name, 'StartServiceW', error);
        return true;
      }) ?? false
    );
  }

  /** Asks the service to stop; one already stopped is fine. Returns false when it is not installed. */
  stop(name: string): boolean {
    return (
      this.withService(name, SERVICE_STOP, (service) => {
        const status = Buffer.alloc(STATUS_PROCESS_BYTES);
        const ok = this.fn('ControlService', 'int', ['void *', 'uint32', 'uint8_t *'])(service, SERVICE_CONTROL_STOP, status) as number;
        const error = ok ? WIN32.SUCCESS : this.win32.lastError();
        if (error !== WIN32.SUCCESS && error !== WIN32.SERVICE_NOT_ACTIVE)
          throw new ServiceControlError(name, 'ControlService STOP', error);
        return true;
      }) ?? false
    );
  }

  private withService<T>(name: string, access: number, work: (service: unknown) => T): T | null {
    const manager = this.fn('OpenSCManagerW', 'void *', ['str16', 'str16', 'uint32'])(null, null, SC_MANAGER_CONNECT);
    if (!manager) throw new ServiceControlError(name, 'OpenSCManagerW', this.win32.lastError());
    try {
      const service = this.fn('OpenServiceW', 'void *', ['void *', 'str16', 'uint32'])(manager, name, access);
      if (!service) {
        const error = this.win32.lastError();
        if (error === WIN32.SERVICE_DOES_NOT_EXIST) return null;
        throw new ServiceControlError(name, 'OpenServiceW', error);
      }
      try {
        return work(service);
      } finally {
        this.close(service);
      }
    } finally {
      this.close(manager);
    }
  }

  private close(handle: unknown): void {
    this.fn('CloseServiceHandle', 'int', ['void *'])(handle);
  }

  private fn(name: string, result: string, parameters: Parameters<Win32['fn']>[3]) {
    return this.win32.fn('advapi32.dll', name, result, parameters);
  }
}
