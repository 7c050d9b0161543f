import type { Host } from './host';
import { fail } from '../messages';

/** The image the request names, else the live machine on Windows; elsewhere a clear refusal. */
export async function selectHost(machine: string | undefined, onWarning?: (message: string) => void): Promise<Host> {
  if (machine !== undefined) {
    const { openImageHost } = await import('./image');
    return openImageHost(machine, { onWarning });
  }
  if (process.platform === 'win32') {
    const { WindowsHost } = await import('./windows');
    return new WindowsHost();
  }
  throw fail('MACHINE_REQUIRED', [], { field: 'machine' });
}
