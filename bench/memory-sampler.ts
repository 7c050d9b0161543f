import { readFileSync } from 'node:fs';

export interface MemoryPeak {
  /** Anonymous memory (the heap, OpenSSL's buffers: what the process allocated), KB. */
  anonKb: number;
  /** File-backed pages (the executable's code and data mapped in), KB. */
  fileKb: number;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function residentOf(pid: number): MemoryPeak | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { anonKb: kb('RssAnon'), fileKb: kb('RssFile') };
  } catch {
    return null;
  }
}

/**
 * Samples, every 10 ms, the resident memory of the largest process under `rootPid` (the executable, below bash and
 * GNU time) split into anonymous and file-backed pages; returns a function that stops and gives the peaks. The
 * split matters: the file-backed part of the same 120 MB executable depends on how the kernel holds the file in
 * its page cache (measured on a sweep of 640 URLs: 59 MB for the executable as built, 45 MB for a cp of it, with
 * the same 47 MB of anonymous memory), while the anonymous part is what the sweep costs.
 */
export function sampleMemory(rootPid: number): () => MemoryPeak {
  const peak: MemoryPeak = { anonKb: 0, fileKb: 0 };
  const sample = () => {
    const pids: number[] = [];
    for (let queue = [rootPid]; queue.length; ) {
      const pid = queue.pop()!;
      pids.push(pid);
      queue.push(...childrenOf(pid));
    }
    const largest = pids
      .map(residentOf)
      .reduce<MemoryPeak | null>((a, b) => (b && (!a || b.anonKb + b.fileKb > a.anonKb + a.fileKb) ? b : a), null);
    if (!largest) return;
    peak.anonKb = Math.max(peak.anonKb, largest.anonKb);
    peak.fileKb = Math.max(peak.fileKb, largest.fileKb);
  };
  const timer = setInterval(sample, 10);
  return () => {
    clearInterval(timer);
    return { ...peak };
  };
}
