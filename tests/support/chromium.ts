import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireBinary } from './tools';

/** Headless Debian chromium with everything that would phone home switched off. */
function runChromium(htmlFile: string, extra: string[]): string {
  const chromium = requireBinary('chromium', 'chromium');
  const profile = mkdtempSync(join(tmpdir(), 'dpt-chromium-'));
  try {
    return execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        ...extra,
        pathToFileURL(htmlFile).href,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000, maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export function screenshot(htmlFile: string, pngFile: string, size = '1200,800'): void {
  runChromium(htmlFile, [`--screenshot=${pngFile}`, `--window-size=${size}`]);
}

/** The DOM after chromium parsed and laid out the page. */
export function dumpDom(htmlFile: string): string {
  return runChromium(htmlFile, ['--dump-dom']);
}
