import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TimedRun {
  wallMs: number;
  status: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size in KB and CPU time (user + system) in ms, from GNU time, when asked for. */
  peakRssKb: number | null;
  cpuMs: number | null;
}

export interface TimedOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Run under /usr/bin/time for the peak RSS and CPU time (adds one exec of `time` to the wall time). */
  measureResources?: boolean;
}

/**
 * Runs a process to its end and times it from spawn to exit, asynchronously: the bench's own loopback servers
 * (HTTPS, proxies) live in this process and must keep answering meanwhile.
 */
export function runTimed(file: string, args: string[], options: TimedOptions = {}): Promise<TimedRun> {
  const folder = options.measureResources ? mkdtempSync(join(tmpdir(), 'dp-bench-time-')) : null;
  const timeFile = folder ? join(folder, 'time') : null;
  const [command, commandArgs] = timeFile ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, file, ...args]] : [file, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let peakRssKb: number | null = null;
      let cpuMs: number | null = null;
      if (timeFile) {
        // The last line: GNU time puts "Command exited with non-zero status N" before it.
        const [rss, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        [peakRssKb, cpuMs] = [rss!, (user! + system!) * 1000];
        rmSync(folder!, { recursive: true, force: true });
      }
      resolve({ wallMs, status: status ?? -1, stdout, stderr, peakRssKb, cpuMs });
    });
    child.stdin.end(options.input ?? '');
  });
}
