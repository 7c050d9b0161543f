import { terminalText } from '../messages';
import type { PlanRequest } from '../protocol';
import { defineCommand } from './command';
import { parseChangeRequest } from './change-request';
import { planChange } from './change-plan';
import { changeNotes } from './change-notes';

export const planCommand = defineCommand({
  name: 'plan',
  summary: terminalText('HELP_COMMAND_PLAN'),
  async run(request: PlanRequest, context) {
    const parsed = parseChangeRequest(request);
    const { writes, mdiMethod } = await planChange(await context.host(), parsed);
    const warnings = changeNotes(writes, parsed.intent);
    return {
      result: {
        changed: writes.length > 0,
        changes: writes.map((w) => w.change),
        method: mdiMethod,
        ...(warnings.length > 0 ? { warnings } : {}),
      },
    };
  },
});
