import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Environment } from './report';
import { stockNode } from './executables';

/** What the figures depend on: the CPU, the load when the bench started, and both Node versions. */
export function describeEnvironment(): Environment {
  const cpu = cpus();
  const load = loadavg()[0]!.toFixed(1);
  return {
    exeNode: stockNode().version,
    hostNode: process.version.replace(/^v/, ''),
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Linux ${release()}, load average ${load} at start`,
    date: new Date().toISOString().slice(0, 10),
  };
}
