/**
 * The executables' start-up traces (build/sea-loader.cjs): DEFENDERPROXY_TRACE_CODE_CACHE says whether V8 took the
 * code cache, DEFENDERPROXY_TRACE_MODULES which of Node's own modules the run loaded.
 */
export const TRACE_START_UP: NodeJS.ProcessEnv = { DEFENDERPROXY_TRACE_CODE_CACHE: '1', DEFENDERPROXY_TRACE_MODULES: '1' };

function traceMessages(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { message?: string }).message ?? '');
}

/** `accepted`, `rejected` or `absent`; null when the run traced nothing. */
export function codeCacheVerdict(stderr: string): string | null {
  const line = traceMessages(stderr).find((m) => m.startsWith('code cache '));
  return line ? line.slice('code cache '.length) : null;
}

/** Node's modules the run loaded after start (`crypto`, `tty`, `internal/perf/performance`...). */
export function modulesLoaded(stderr: string): string[] {
  const line = traceMessages(stderr).find((m) => m.startsWith('modules loaded:'));
  if (line === undefined) throw new Error(`no module trace in: ${stderr}`);
  return line.slice('modules loaded:'.length).split(' ').filter(Boolean);
}
