import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the hostile tests need of the machine, asked once when the tests are declared: a test that cannot run
 * here is declared skipped (and counted so), never passed without running.
 */
export const isRoot = process.getuid?.() === 0;

/** Root may still be refused mounts (a container without CAP_SYS_ADMIN): try one. */
export const canMountTmpfs: boolean = (() => {
  if (!isRoot) return false;
  const mount = mkdtempSync(join(tmpdir(), 'dp-mount-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]).status === 0;
  if (mounted) spawnSync('umount', [mount]);
  rmdirSync(mount);
  return mounted;
})();

export const canRunAsNobody: boolean =
  isRoot && spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']).status === 0;
