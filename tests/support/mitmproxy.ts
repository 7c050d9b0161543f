import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './child-process';
import { closedPort, freePort, waitForPort } from './ports';
import { requireBinary } from './tools';

export interface RunningMitmdump {
  port: number;
  url: string;
  /** mitmproxy's own CA, which signs every forged leaf. */
  caPem: string;
  stop(): Promise<void>;
}

/**
 * An intercepting proxy (FACTS.md §5): mitmdump answers CONNECT and forges a leaf for the SNI, signed by its CA.
 * Lazy: it forges before it connects upstream; and its upstream is a closed loopback port, so whatever the
 * test asks it never reaches a public address.
 */
export async function startMitmdump(): Promise<RunningMitmdump> {
  const mitmdump = requireBinary('mitmdump', 'mitmproxy');
  const confdir = mkdtempSync(join(tmpdir(), 'dpt-mitm-'));
  const port = await freePort();
  const upstream = await closedPort();
  const service = startService(mitmdump, [
    '--listen-host',
    '127.0.0.1',
    '-p',
    String(port),
    '--mode',
    `upstream:http://127.0.0.1:${upstream}`,
    '--set',
    `confdir=${confdir}`,
    '--set',
    'connection_strategy=lazy',
    '-q',
  ]);
  try {
    await waitForPort(port, 30000, service.alive);
  } catch (error) {
    await service.stop();
    rmSync(confdir, { recursive: true, force: true });
    throw new Error(`mitmdump did not start: ${(error as Error).message}\n${service.output()}`);
  }
  const caFile = join(confdir, 'mitmproxy-ca-cert.pem');
  if (!existsSync(caFile)) throw new Error(`mitmdump wrote no CA into ${confdir}`);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    caPem: readFileSync(caFile, 'utf8'),
    stop: async () => {
      await service.stop();
      rmSync(confdir, { recursive: true, force: true });
    },
  };
}
