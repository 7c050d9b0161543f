import { terminalText } from '../messages';
import type { GetRequest, GetResult } from '../protocol';
import { defineCommand } from './command';
import { checkReadable, readStoresReportingUnreadable, storesOf } from '../stores/read';
import { summarizeMdi } from '../stores/mdi-summary';
import { summarizeMde } from '../stores/mde-summary';
import { journalExists } from '../safety/journal-file';

export const getCommand = defineCommand({
  name: 'get',
  summary: terminalText('HELP_COMMAND_GET'),
  async run(request: GetRequest, context) {
    const host = await context.host();
    const stores = storesOf(request);
    const { entries } = await readStoresReportingUnreadable(host, stores);
    const result: GetResult = { stores: entries };
    if (stores.includes('mdi-sensor') || stores.includes('wininet')) result.mdi = summarizeMdi(entries);
    // The checks of the MDE values appear whenever those stores are read, not only beside MDI's.
    if (stores.includes('mde-telemetry') || stores.includes('defender-av')) result.mde = summarizeMde(entries);
    if (journalExists(host.stateDirectory)) {
      const { warnOfInterruptedChange } = require('../safety/interrupted-change') as typeof import('../safety/interrupted-change');
      const interrupted = await warnOfInterruptedChange(host, context.log);
      if (interrupted) result.interruptedChange = interrupted;
    }
    checkReadable(entries, { result });
    return { result };
  },
});
