import { spawnSync } from 'node:child_process';
import { fail } from '../messages';
import { EXIT } from '../errors';
import { writeStderr } from '../io';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Every process the live host starts goes through here. */
export function runWindowsCommand(
  executable: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const result = spawnSync(executable, args, {
    input: options.input,
    env: options.env,
    encoding: 'latin1',
    windowsHide: true,
    timeout: 120_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // DEFENDERPROXY_TRACE_SPAWN=1 logs each process started (for the benchmarks' process count); never the data.
  if (process.env.DEFENDERPROXY_TRACE_SPAWN)
    writeStderr(JSON.stringify({ level: 'verbose', message: `spawned ${executable} ${args[0] ?? ''}` }) + '\n');
  if (result.error) {
    throw fail(
      'HOST_COMMAND_FAILED',
      { command: `${executable} ${args[0] ?? ''}`.trim(), detail: result.error.message },
      { exit: EXIT.ROLLED_BACK },
    );
  }
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
