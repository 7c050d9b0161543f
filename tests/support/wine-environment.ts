import { spawnSync } from 'node:child_process';
import { ensureWinePrefix, wineEnv } from './wine';

/**
 * `%NAME%` references expanded by wine's own cmd.exe, as the Service Control Manager expands a REG_EXPAND_SZ
 * ImagePath; an unknown name stays as written (cmd echoes it back unchanged).
 */
export function wineExpandVariables(text: string): string {
  ensureWinePrefix();
  return text.replace(/%([^%\s"]+)%/g, (whole, name: string) => {
    const result = spawnSync('wine', ['cmd', '/c', `echo %${name}%`], { env: wineEnv, encoding: 'utf8', timeout: 60_000 });
    const value = (result.stdout ?? '').trim();
    return result.status === 0 && value !== '' ? value : whole;
  });
}
