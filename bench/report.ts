import { writeFileSync } from 'node:fs';

/** One benchmark figure: the number compared with its goal, and what it is made of. */
export interface Figure {
  name: string;
  /** A ratio of medians, a process count, megabytes. */
  value: number;
  /** `×` for ratios, `processes`, `MB`. */
  unit: string;
  digits: number;
  /** Met when `value <= goal`; null for a figure reported without a goal. */
  goal: number | null;
  runs: number;
  /** The measurements behind the value, each as median (min–max). */
  detail: string;
  /** Why it misses its goal, or what else to know; printed under the table. */
  note?: string;
  /** Markdown printed after the table and its notes, e.g. a side-by-side comparison the figure is taken from. */
  extra?: string;
}

function amount(value: number, unit: string, digits: number): string {
  return unit === '×' ? `${value.toFixed(digits)}×` : `${value.toFixed(digits)} ${unit}`;
}

function valueText(figure: Figure): string {
  return amount(figure.value, figure.unit, figure.digits);
}

function verdict(figure: Figure): string {
  if (figure.goal === null) return 'no goal';
  return figure.value <= figure.goal ? 'meets goal' : 'MISSES goal';
}

function goalText(figure: Figure): string {
  return figure.goal === null ? '—' : `≤ ${amount(figure.goal, figure.unit, figure.unit === '×' ? 1 : 0)}`;
}

/** The one line `npm run bench` prints per figure. */
export function figureLine(figure: Figure): string {
  return `${figure.name}: ${valueText(figure)} (goal ${goalText(figure)}: ${verdict(figure)}) — ${figure.detail}`;
}

export interface Environment {
  exeNode: string;
  hostNode: string;
  machine: string;
  date: string;
}

/** The markdown table for README's performance section, with the notes on what misses and why. */
export function markdownTable(figures: Figure[], environment: Environment): string {
  const met = (f: Figure) => (f.goal === null ? '—' : f.value <= f.goal ? 'yes' : '**no**');
  const rows = figures.map((f) => `| ${f.name} | ${valueText(f)} | ${goalText(f)} | ${met(f)} | ${f.runs} | ${f.detail} |`);
  const notes = figures.filter((f) => f.note).map((f) => `- **${f.name}**: ${f.note}`);
  const extras = figures.filter((f) => f.extra).map((f) => f.extra!);
  return [
    `Measured ${environment.date} on ${environment.machine}. Executables built from Node ${environment.exeNode}; bench run by Node ${environment.hostNode}. Loopback only. Times are median (min–max) over the runs.`,
    '',
    '| figure | value | goal | met | runs | made of |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...(notes.length ? ['', ...notes] : []),
    ...extras.flatMap((extra) => ['', extra]),
    '',
  ].join('\n');
}

export function writeResults(path: string, table: string): void {
  writeFileSync(
    path,
    `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.ts) for the README's performance section.\n\n${table}`,
  );
}
