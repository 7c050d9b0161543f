/** Seeded randomness for the fuzz runs: a failure names its seed and case, and FUZZ_SEED replays another run. */

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed1234);

/** mulberry32: small, fast, good enough to drive mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Dice {
  random(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function dice(seed: number): Dice {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  return { random, int, pick: (items) => items[int(items.length)]!, chance: (p) => random() < p };
}
