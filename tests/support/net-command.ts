import { runAsync } from './exe-async';
import { join } from 'node:path';
import { commands } from '../../core/commands/index';
import type { CommandContext, LogEvent } from '../../core/commands/command';
import { ToolError, type ExitCode } from '../../core/errors';
import { errorResponse, successResponse } from '../../core/response';
import { validateRequest } from '../../core/validate';
import { selectHost } from '../../core/host/select';
import type { CatalogRequest, CatalogResult, TestRequest, TestResult } from '../../core/protocol';

export interface NetRun<R> {
  exit: ExitCode;
  result: R | null;
  error: { code: string; message: string; field?: string } | null;
  logs: LogEvent[];
}

/**
 * Runs `test` or `catalog` in-process exactly as the CLI does: schema validation, then the command, with the
 * machine chosen by selectHost (so a request that needs a machine and names none is refused, as off Windows).
 */
export async function runNet(name: 'test', request: TestRequest): Promise<NetRun<TestResult>>;
export async function runNet(name: 'catalog', request: CatalogRequest): Promise<NetRun<CatalogResult>>;
export async function runNet(name: 'test' | 'catalog', request: object): Promise<NetRun<unknown>> {
  const logs: LogEvent[] = [];
  const context: CommandContext = {
    args: [],
    host: () => selectHost(request as { machine?: string }),
    log: (event) => logs.push(event),
  };
  try {
    const valid = validateRequest(name, request);
    const { body, exit } = successResponse<unknown>(name, await commands[name]!.run(valid as never, context));
    return { exit, result: body.result, error: null, logs };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    const { body, exit } = errorResponse(name, error);
    return { exit, result: body.result ?? null, error: body.error, logs };
  }
}

/**
 * The real CLI (core/bin.ts under tsx) in a child process: exit code, stdout JSON and stderr JSON lines.
 * Asynchronous, because the services the CLI talks to run in this very process.
 */
export async function runCli(args: string[], request: object): Promise<{ status: number; json: any; stderrLines: any[] }> {
  const root = join(__dirname, '..', '..');
  const run = await runAsync(
    process.execPath,
    ['--import', 'tsx', join(root, 'core', 'bin.ts'), ...args],
    request,
    process.env,
    60_000,
    root,
  );
  if (run.json === null) throw new Error(`the CLI printed no JSON (exit ${run.status}): ${run.stdout}\n${run.stderr}`);
  const stderrLines = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return { status: run.status, json: run.json, stderrLines };
}
