import type { Probe, TestRequest } from '../core/protocol';
import { LINUX_EXE } from './executables';
import { runTimed, type TimedRun } from './timed-process';

/**
 * The environment without NODE_EXTRA_CA_CERTS: some build machines set it for every process (this one points it at
 * the system bundle), and Node then parses ~140 more certificates whenever node:tls loads (~45 M instructions per
 * run), which a domain controller does not pay and the probes never use (they trust no store). curl is given its
 * CA file explicitly, so neither side reads a CA store from the environment.
 */
function productEnvironment(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...environment } = process.env;
  return environment;
}

export interface TestRun extends TimedRun {
  probes: Probe[];
}

/**
 * One `defenderproxy test` through the Linux executable; throws unless it answered with `probeCount` probes that
 * all end as `expect` says (every probe passing, or every one timing out), so a broken set-up is never timed.
 */
export async function runTestCommand(
  request: TestRequest,
  probeCount: number,
  expect: 'pass' | 'timeout',
  measureResources = false,
  sampleMemory = false,
): Promise<TestRun> {
  const run = await runTimed(LINUX_EXE, ['test'], {
    input: JSON.stringify(request),
    measureResources,
    sampleMemory,
    env: productEnvironment(),
  });
  let probes: Probe[] = [];
  try {
    probes = JSON.parse(run.stdout).result.probes;
  } catch {
    throw new Error(`test answered no probes (exit ${run.status}): ${run.stdout.slice(0, 500)}${run.stderr.slice(-500)}`);
  }
  const wrong = probes.find((p) => (expect === 'pass' ? p.verdict !== 'pass' : p.code !== 'TIMEOUT'));
  if (probes.length !== probeCount || wrong) {
    throw new Error(
      `expected ${probeCount} probes that ${expect === 'pass' ? 'pass' : 'time out'}, got ${probes.length}${wrong ? `, e.g. ${JSON.stringify(wrong)}` : ''}`,
    );
  }
  return { ...run, probes };
}
