import { spawn, type ChildProcess } from 'node:child_process';

/** A service process started by a test: its output kept for failure messages, stopped by its own pid. */
export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

// A test file that throws or exits early must not leave proxies listening behind it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startService(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'pipe' | 'ignore' } = {},
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );
  child.once('error', (error) => {
    output += `\n${error.message}`;
    exited = true;
  });
  return {
    child,
    output: () => output,
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    },
  };
}
