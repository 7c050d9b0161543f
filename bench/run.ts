// `npm run bench [-- figure…]`: start-up, the sweep side by side with curl, black hole, process cost under wine and
// memory, each against its floor, on loopback only. Prints one line per figure, then a markdown table, written to
// bench/RESULTS.md when every figure ran. Figures: startup sweep black-hole processes memory.
// DEFENDERPROXY_BENCH_EXE=<path> measures another Linux build (e.g. main's) instead of dist's, without building;
// DEFENDERPROXY_BENCH_CONCURRENCY=<n> then says its default concurrency cap, if it differs from this tree's.
// First: the bench's lasting wine prefix must be named before tests/support/wine reads the variable, or each run
// makes (and leaves) a ~700 MB prefix in /tmp.
import './wine-prefix';
import { join } from 'node:path';
import { wineAvailable } from '../tests/support/wine';
import { measureBlackHole } from './black-hole';
import { describeEnvironment } from './environment';
import { buildIfStale, LINUX_EXE } from './executables';
import { measureMemory } from './memory';
import { measureProcessCost } from './process-cost';
import { figureLine, markdownTable, writeResults, type Figure } from './report';
import { measureStartup } from './startup';
import { measureSweep } from './sweep';

const FIGURES: Record<string, () => Promise<Figure[]>> = {
  startup: measureStartup,
  sweep: measureSweep,
  'black-hole': async () => [await measureBlackHole()],
  processes: async () => {
    if (!wineAvailable()) throw new Error('wine is not installed (build/setup.sh installs it)');
    return measureProcessCost();
  },
  memory: async () => [await measureMemory()],
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in FIGURES));
  if (unknown.length) throw new Error(`unknown figure ${unknown.join(', ')}; known: ${Object.keys(FIGURES).join(', ')}`);
  const names = asked.length ? asked : Object.keys(FIGURES);
  const started = performance.now();
  if (!process.env.DEFENDERPROXY_BENCH_EXE) buildIfStale();
  const environment = describeEnvironment();
  process.stdout.write(
    `Node ${environment.exeNode} in the executables, Node ${environment.hostNode} running the bench; ${environment.machine}\n`,
  );
  if (process.env.DEFENDERPROXY_BENCH_EXE)
    process.stdout.write(`measuring ${LINUX_EXE} (DEFENDERPROXY_BENCH_EXE); bench/RESULTS.md is left as it is\n`);
  const figures: Figure[] = [];
  for (const name of names) {
    for (const figure of await FIGURES[name]!()) {
      figures.push(figure);
      process.stdout.write(figureLine(figure) + '\n');
      if (figure.extra) process.stdout.write(`\n${figure.extra}\n`);
    }
  }
  const table = markdownTable(figures, environment);
  process.stdout.write(`\n${table}\n`);
  if (names.length === Object.keys(FIGURES).length && !process.env.DEFENDERPROXY_BENCH_EXE) {
    writeResults(join(__dirname, 'RESULTS.md'), table);
    process.stdout.write('wrote bench/RESULTS.md\n');
  }
  process.stdout.write(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
