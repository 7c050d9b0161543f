import { terminalText } from '../messages';
import { existsSync } from 'node:fs';
import type { BackupRequest } from '../protocol';
import { defineCommand } from './command';
import { listBackups } from '../safety/backup';
import { secureStateDirectory } from '../safety/state-directory';

export const backupCommand = defineCommand({
  name: 'backup',
  summary: terminalText('HELP_COMMAND_BACKUP'),
  async run(_request: BackupRequest, context) {
    const host = await context.host();
    if (existsSync(host.stateDirectory)) await secureStateDirectory(host, false, context.log);
    return { result: { backups: listBackups(host.stateDirectory, context.log) } };
  },
});
