import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINUX_EXE, ROOT, stockNode } from './executables';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { runTimed } from './timed-process';

const RUNS = 30;
const WARM_UP = 3;
const GOAL = 1.3;
/** What prototypes (not in the product) showed of the time left over the floor; see the bench's report. */
const STARTUP_NOTE =
  'the command registry now loads each command on first use (before: 2.4×, the whole net stack loaded for every get). What is left, by prototype: node:crypto, imported at the top of the mdi-sensor store for set\'s password encryption (~0.2×), and the functions a get runs, compiled at start because the SEA code cache is made before anything has run (~0.25×); a cache made after a training get and loading crypto on use measured 1.09×.';

/**
 * Start-up: `defenderproxy get` on a copy of the example image ÷ the same stock Node running an empty script, once
 * with the request as JSON on stdin and once as a flag (which derives the flag table from the schema at start).
 * Runs alternate (empty, get, get with flags, empty…) so a busy machine weighs on all sides alike.
 */
export async function measureStartup(): Promise<Figure[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dp-bench-startup-'));
  try {
    const image = join(folder, 'dc01');
    cpSync(join(ROOT, 'examples', 'dc01'), image, { recursive: true });
    const emptyScript = join(folder, 'empty.js');
    writeFileSync(emptyScript, '');
    const node = stockNode();
    const request = JSON.stringify({ machine: image });

    const empty: number[] = [];
    const get: number[] = [];
    const flags: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const a = await runTimed(node.path, [emptyScript]);
      const b = await runTimed(LINUX_EXE, ['get'], { input: request });
      const c = await runTimed(LINUX_EXE, ['get', '--machine', image]);
      for (const run of [b, c]) if (run.status !== 0) throw new Error(`get on the example image failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
      if (i < WARM_UP) continue;
      empty.push(a.wallMs);
      get.push(b.wallMs);
      flags.push(c.wallMs);
    }
    const emptySummary = summarize(empty);
    const figure = (name: string, runs: number[], how: string): Figure => {
      const summary = summarize(runs);
      const ratio = summary.median / emptySummary.median;
      return {
        name,
        value: ratio,
        unit: '×',
        digits: 2,
        goal: GOAL,
        runs: RUNS,
        detail: `${how} on examples/dc01 ${formatSummary(summary)} ÷ stock Node ${node.version} empty script ${formatSummary(emptySummary)}`,
        note: ratio > GOAL ? STARTUP_NOTE : undefined,
      };
    };
    return [figure('Start-up', get, '`get` (JSON on stdin)'), figure('Start-up with flags', flags, '`get --machine`')];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
