import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINUX_EXE, ROOT, stockNode } from './executables';
import type { Figure } from './report';
import { formatSummary, pairedRatio, summarize } from './stats';
import { runTimed } from './timed-process';

/** Many pairs: one start-up is ~40 ms, and a busy machine moves single runs by more than the difference measured. */
const RUNS = 100;
const WARM_UP = 3;
const GOAL = 1.3;
/** Why it misses, when it does: what is left over the floor (callgrind instruction counts, 2026-11-28). */
const STARTUP_NOTE =
  'a trivial SEA starts in fewer instructions than stock Node running an empty script (81 M against 88 M); a get takes 105–115 M: reading the 1.5 MB bundle and its code cache out of the executable, then the get itself (reading the image, validating the request).';

/**
 * Start-up: `defenderproxy get` on a copy of the example image ÷ the same stock Node running an empty script, once
 * with the request as JSON on stdin and once as a flag (which derives the flag table from the schema at start), over
 * 100 interleaved rounds (empty, get, get with flags, empty…): each figure is the median of its pairs' ratios with
 * the empty script of the same round, so a busy machine weighs on both sides of each pair alike; the ratio of the
 * medians is shown beside it.
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
      for (const run of [b, c])
        if (run.status !== 0) throw new Error(`get on the example image failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
      if (i < WARM_UP) continue;
      empty.push(a.wallMs);
      get.push(b.wallMs);
      flags.push(c.wallMs);
    }
    const emptySummary = summarize(empty);
    const figure = (name: string, runs: number[], how: string): Figure => {
      const summary = summarize(runs);
      const pairs = pairedRatio(runs, empty);
      const ratio = pairs.median;
      return {
        name,
        value: ratio,
        unit: '×',
        digits: 2,
        goal: GOAL,
        runs: RUNS,
        detail: `${how} on examples/dc01 ${formatSummary(summary)} ÷ stock Node ${node.version} empty script ${formatSummary(emptySummary)}, median of ${RUNS} interleaved pairs (${formatSummary(pairs, '', 2)}); ratio of the medians ${(summary.median / emptySummary.median).toFixed(2)}×`,
        note: ratio > GOAL ? STARTUP_NOTE : undefined,
      };
    };
    return [figure('Start-up', get, '`get` (JSON on stdin)'), figure('Start-up with flags', flags, '`get --machine`')];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
