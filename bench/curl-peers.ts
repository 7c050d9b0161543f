import { spawnSync } from 'node:child_process';
import { runTimed, type TimedRun } from './timed-process';

/** curl cuts --parallel-max to 300 (7.88 here: asked for 640, its progress meter shows 300 live transfers). */
export const CURL_PARALLEL_MAX = 300;

/** The tools an admin would reach for instead, each given the same URLs, proxy and CA as the product. */
export type CurlWay = { kind: 'parallel'; parallelMax: number } | { kind: 'xargs'; processes: number } | { kind: 'sequential' };

export function curlVersion(): string {
  const run = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error('curl is not installed (Debian: apt-get install curl)');
  return /^curl (\S+)/.exec(run.stdout)?.[1] ?? 'unknown';
}

/** What one transfer is asked: through the proxy, trusting the test CA, printing the status on its own line. */
function transferOptions(proxyUrl: string, caFile: string): string[] {
  return ['-sS', '--proxy', proxyUrl, '--cacert', caFile, '-w', '%{http_code}\\n'];
}

/**
 * Runs curl one of three ways over `urls` and throws unless every transfer answered 200, so a broken set-up is
 * never timed: `curl -Z` (one process, transfers in parallel), `xargs -P` (one curl process per URL, that many
 * at once) and a sequential loop (one curl process per URL, one after the other, as Microsoft's client analyzer
 * tests its URLs).
 */
export async function runCurl(way: CurlWay, urls: string[], proxyUrl: string, caFile: string): Promise<TimedRun> {
  const options = transferOptions(proxyUrl, caFile);
  let run: TimedRun;
  if (way.kind === 'parallel') {
    // --parallel-immediate: open every connection at once instead of waiting to see whether one can be shared.
    const limit = Math.min(way.parallelMax, CURL_PARALLEL_MAX);
    run = await runTimed('curl', ['-Z', '--parallel-immediate', '--parallel-max', String(limit), ...options, ...urls], {
      measureResources: true,
    });
  } else {
    const processes = way.kind === 'xargs' ? way.processes : 1;
    run = await runTimed('xargs', ['-P', String(processes), '-n', '1', 'curl', ...options], {
      input: urls.join('\n') + '\n',
      measureResources: true,
    });
  }
  // Bodies ("OK") and statuses share stdout and may interleave between parallel transfers; statuses end lines.
  const passed = run.stdout.match(/200\n/g)?.length ?? 0;
  if (run.status !== 0 || passed !== urls.length) {
    throw new Error(
      `curl (${way.kind}) answered 200 for ${passed} of ${urls.length} URLs (exit ${run.status}): ${run.stderr.slice(0, 500)}`,
    );
  }
  return run;
}
