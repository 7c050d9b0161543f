import { terminalText } from '../messages';
import type { ChangeRequest, MdiMethod, SetResult } from '../protocol';
import type { CommandContext } from './command';
import { defineCommand } from './command';
import { parseChangeRequest } from './change-request';
import { planChange } from './change-plan';
import { runChange } from '../safety/run-change';
import { changeNotes } from './change-notes';

/** set and clear: checked before anything is read, planned under the lock, backed up, applied with rollback. */
export async function applyChangeRequest(request: ChangeRequest, context: CommandContext): Promise<SetResult> {
  const parsed = parseChangeRequest(request);
  const host = await context.host();
  let method: MdiMethod | null = null;
  let warnings: string[] = [];
  const result = await runChange(host, {
    reason: parsed.intent.action === 'clear' ? 'clear' : 'set',
    serviceTimeoutMs: request.serviceTimeoutMs,
    log: context.log,
    async plan() {
      const plan = await planChange(host, parsed);
      method = plan.mdiMethod;
      warnings = changeNotes(plan.writes, parsed.intent);
      return plan.writes;
    },
  });
  return { ...result, method, ...(warnings.length > 0 ? { warnings } : {}) };
}

export const setCommand = defineCommand({
  name: 'set',
  summary: terminalText('HELP_COMMAND_SET'),
  async run(request, context) {
    return { result: await applyChangeRequest(request, context) };
  },
});
