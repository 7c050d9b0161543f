import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleMemory, type MemoryPeak } from './memory-sampler';

export interface TimedRun {
  wallMs: number;
  status: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size in KB of the largest process (GNU time's %M), when asked for. */
  peakRssKb: number | null;
  /** CPU time (user + system) in ms of the process and every process it waited for, when asked for. */
  cpuMs: number | null;
  /** Peak anonymous and file-backed memory of the process, when sampled. */
  memory: MemoryPeak | null;
}

export interface TimedOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Measure CPU time and peak RSS (adds one bash and one GNU time, ~1 ms of CPU, to the measured run). */
  measureResources?: boolean;
  /** With measureResources: also sample the anonymous and file-backed memory every 10 ms. */
  sampleMemory?: boolean;
}

/**
 * bash runs the command under GNU time (for the peak RSS) and then prints `times` on descriptor 3: the CPU time
 * of its children to the millisecond, where GNU time's %U/%S round to 10 ms — too coarse for ~1 ms per URL.
 * Children's times include every process they waited for, so `xargs -P … curl` counts all its curls.
 */
const MEASURE = '"$@"; status=$?; times >&3; exit $status';

function cpuOfTimes(output: string): number {
  // Line 1: the shell's own user and system time; line 2: its children's, as `0m0.123s 0m0.045s`.
  const children = output.trim().split('\n')[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`cannot read bash's times: ${JSON.stringify(output)}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

/**
 * Runs a process to its end and times it from spawn to exit, asynchronously: the bench's own loopback servers
 * (HTTPS, proxies) live in this process and must keep answering meanwhile.
 */
export function runTimed(file: string, args: string[], options: TimedOptions = {}): Promise<TimedRun> {
  const folder = options.measureResources ? mkdtempSync(join(tmpdir(), 'dp-bench-time-')) : null;
  const rssFile = folder ? join(folder, 'rss') : null;
  const [command, commandArgs] = rssFile
    ? ['bash', ['-c', MEASURE, 'bash', '/usr/bin/time', '-f', '%M', '-o', rssFile, file, ...args]]
    : [file, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, {
      env: options.env ?? process.env,
      stdio: rssFile ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    });
    const stopSampling = rssFile && options.sampleMemory && child.pid !== undefined ? sampleMemory(child.pid) : null;
    let stdout = '';
    let stderr = '';
    let times = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3]?.on('data', (chunk) => (times += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const memory = stopSampling?.() ?? null;
      let peakRssKb: number | null = null;
      let cpuMs: number | null = null;
      try {
        if (rssFile) {
          // The last line: GNU time puts "Command exited with non-zero status N" before it.
          peakRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
          cpuMs = cpuOfTimes(times);
        }
      } catch (error) {
        return reject(error);
      } finally {
        if (folder) rmSync(folder, { recursive: true, force: true });
      }
      resolve({ wallMs, status: status ?? -1, stdout, stderr, peakRssKb, cpuMs, memory });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
