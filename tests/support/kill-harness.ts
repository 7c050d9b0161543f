/**
 * Runs one command on an image in this process and kills the process with SIGKILL at a chosen point: before or
 * after the n-th call of a host method (`write` counts setValue, deleteValue and writeFile together). What the
 * kill leaves on disk (lock, journal, half a backup, half the writes) is exactly what kill -9 leaves.
 *
 *   node --import tsx tests/support/kill-harness.ts <machine> <command> <request JSON> <method>:<n>:<before|after>
 *
 * Exits 0 with the command's result on stdout when the point is never reached.
 */
import { openImageHost } from '../../core/host/image';
import type { Host } from '../../core/host/host';
import type { CommandName } from '../../core/protocol';
import { runCommand } from './stores';

export interface KillPoint {
  method: string;
  nth: number;
  phase: 'before' | 'after';
}

export function parseKillPoint(text: string): KillPoint {
  const [method = '', nth = '', phase = ''] = text.split(':');
  if (phase !== 'before' && phase !== 'after') throw new Error(`bad kill point ${text}`);
  return { method, nth: Number(nth), phase };
}

const WRITES = new Set(['setValue', 'deleteValue', 'writeFile']);

/** The host with every method counted; at the kill point the process dies on the spot. */
export function killingHost(inner: Host, point: KillPoint): Host {
  const counts = new Map<string, number>();
  const die = () => process.kill(process.pid, 'SIGKILL');
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const name = String(property);
      const counted = WRITES.has(name) ? 'write' : name;
      return async (...args: unknown[]) => {
        const n = (counts.get(counted) ?? 0) + 1;
        counts.set(counted, n);
        const here = counted === point.method && n === point.nth;
        if (here && point.phase === 'before') die();
        const result = await (value as (...a: unknown[]) => unknown).apply(target, args);
        if (here && point.phase === 'after') die();
        return result;
      };
    },
  });
}

async function main(): Promise<void> {
  const [machine = '', command = '', requestText = '{}', pointText = ''] = process.argv.slice(2);
  const host = killingHost(openImageHost(machine), parseKillPoint(pointText));
  const run = await runCommand(command as CommandName, { machine, ...JSON.parse(requestText) }, host);
  process.stdout.write(JSON.stringify(run.body) + '\n');
  process.exit(run.exit);
}

if (require.main === module) void main();
