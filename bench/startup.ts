import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINUX_EXE, ROOT, stockNode } from './executables';
import type { Figure } from './report';
import { formatSummary, summarize } from './stats';
import { runTimed } from './timed-process';

const RUNS = 30;
const WARM_UP = 3;

/**
 * Start-up: `defenderproxy get` on a copy of the example image ÷ the same stock Node running an empty script.
 * Runs alternate (empty, get, empty, get…) so a busy machine weighs on both sides alike.
 */
export async function measureStartup(): Promise<Figure> {
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
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const a = await runTimed(node.path, [emptyScript]);
      const b = await runTimed(LINUX_EXE, ['get'], { input: request });
      if (b.status !== 0) throw new Error(`get on the example image failed (exit ${b.status}): ${b.stdout}${b.stderr}`);
      if (i < WARM_UP) continue;
      empty.push(a.wallMs);
      get.push(b.wallMs);
    }
    const getSummary = summarize(get);
    const emptySummary = summarize(empty);
    return {
      name: 'Start-up',
      value: getSummary.median / emptySummary.median,
      unit: '×',
      digits: 2,
      goal: 1.3,
      runs: RUNS,
      detail: `\`get\` on examples/dc01 ${formatSummary(getSummary)} ÷ stock Node ${node.version} empty script ${formatSummary(emptySummary)}`,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
