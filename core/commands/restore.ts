import { terminalText } from '../messages';
import type { RestoreRequest } from '../protocol';
import { defineCommand } from './command';
import { loadBackup } from '../safety/backup';
import { planRestore } from '../safety/restore-plan';
import { runChange } from '../safety/run-change';

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: terminalText('HELP_COMMAND_RESTORE'),
  async run(request: RestoreRequest, context) {
    const host = await context.host();
    // Loaded under the lock, once the state folder's security is checked: a backup is trusted no earlier.
    const result = await runChange(host, {
      reason: `restore ${request.backup}`,
      log: context.log,
      plan: () => planRestore(host, loadBackup(host.stateDirectory, request.backup)),
    });
    return { result };
  },
});
