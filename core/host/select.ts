import type { LogEvent } from '../log';
import type { Host } from './host';
import { fail } from '../messages';

/** The image the request names, else the live machine on Windows; elsewhere a clear refusal. */
export async function selectHost(machine: string | undefined, log?: (event: LogEvent) => void): Promise<Host> {
  if (machine !== undefined) {
    const { openImageHost } = await import('./image');
    return openImageHost(machine, { log });
  }
  if (process.platform === 'win32') {
    const { WindowsHost } = await import('./windows');
    return new WindowsHost();
  }
  throw fail('MACHINE_REQUIRED', {}, { field: 'machine' });
}
