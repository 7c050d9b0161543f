/** Median, min and max of repeated measurements: the median is the figure, min and max show the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** `412 ms (398–431)`: the median, then min–max. */
export function formatSummary(summary: Summary, unit = 'ms', digits = 0): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(summary.median)}${unit ? ' ' + unit : ''} (${f(summary.min)}–${f(summary.max)})`;
}

/**
 * The ratio of two series measured in the same runs, pair by pair (a[i] ÷ b[i]), summarized: runs alternate
 * between the contestants, so a load that changes between runs weighs on both sides of each pair alike.
 */
export function pairedRatio(a: number[], b: number[]): Summary {
  if (a.length !== b.length) throw new Error(`unpaired series: ${a.length} and ${b.length} samples`);
  return summarize(a.map((value, i) => value / b[i]!));
}
