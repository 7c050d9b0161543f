import './wine-prefix';
import { stopWine } from '../tests/support/wine';
import { runWindowsExeTraced, type TracedRun } from '../tests/support/wine-trace';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { applyExampleMachine, setUpExampleMachine, tearDownExampleMachine } from './wine-machine';

const RUNS = 3;
const GET_GOAL = 3;
const STORES = ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av'] as const;
const PROXY = { url: 'http://127.0.0.1:3128' };

function traced(command: string, request: object): TracedRun & { wallMs: number } {
  const started = performance.now();
  const run = runWindowsExeTraced([command], request);
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${JSON.stringify(request)} under wine failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
  return { ...run, wallMs };
}

/** `6× reg.exe export, 1× tasklist.exe /FI` */
function tally(spawned: string[]): string {
  const counts = new Map<string, number>();
  for (const name of spawned) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${n}× ${name}`).join(', ');
}

/** Why a full get needs more processes than the goal, from what it started. */
function getNote(spawned: string[]): string {
  const exports = spawned.filter((p) => p === 'reg.exe export').length;
  const others = spawned.filter((p) => p !== 'reg.exe export');
  return (
    `reg.exe exports one key (and its subkeys) per process: ${exports} exports for the Connections keys of HKCU, HKU\\S-1-5-18 and ` +
    "HKU\\S-1-5-19 (three hives), WinHTTP's Connections key, Services\\AATPSensor and one for all the policy keys" +
    (others.length ? `; besides: ${tally(others)}` : '') +
    `. ${GET_GOAL} needs registry reads that do not cost a process per key.`
  );
}

/** A set from the example state: the example is applied again first, so every run changes the same values. */
function setFromExample(request: object): TracedRun {
  applyExampleMachine();
  return traced('set', { ...request, proxy: PROXY });
}

/**
 * Processes the Windows executable starts (DEFENDERPROXY_TRACE_SPAWN=1) under wine against wine's registry set
 * up as examples/dc01: a full `get`, a `set` of each store, and one `set` of all five stores.
 */
export function measureProcessCost(): Figure[] {
  setUpExampleMachine();
  try {
    const gets = Array.from({ length: RUNS }, () => traced('get', {}));
    const getCounts = summarize(gets.map((r) => r.spawned.length));
    const perStore = STORES.map((store) => {
      const runs = Array.from({ length: RUNS }, () => setFromExample({ store }));
      return { store, counts: summarize(runs.map((r) => r.spawned.length)), spawned: runs[0]!.spawned };
    });
    const all = Array.from({ length: RUNS }, () => setFromExample({ stores: [...STORES] }));
    const allCounts = summarize(all.map((r) => r.spawned.length));
    const getWall = summarize(gets.map((r) => r.wallMs));
    return [
      {
        name: 'Processes per full get (Windows exe under wine)',
        value: getCounts.median,
        unit: 'processes',
        digits: 0,
        goal: GET_GOAL,
        runs: RUNS,
        detail: `${tally(gets[0]!.spawned)}; get under wine ${formatSummary(getWall)}`,
        note: getCounts.median > GET_GOAL ? getNote(gets[0]!.spawned) : undefined,
      },
      {
        name: 'Processes per set (Windows exe under wine)',
        value: allCounts.median,
        unit: 'processes',
        digits: 0,
        goal: null,
        runs: RUNS,
        detail: `all five stores in one set: ${tally(all[0]!.spawned)}; one store at a time: ${perStore.map((s) => `${s.store} ${s.counts.median} (${tally(s.spawned)})`).join('; ')}`,
      },
    ];
  } finally {
    tearDownExampleMachine();
    stopWine();
  }
}
