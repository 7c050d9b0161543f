import type { ChangeRequest, MdiMethod, SetResult } from '../protocol';
import type { CommandContext } from './command';
import { defineCommand } from './command';
import { parseChangeRequest } from './change-request';
import { planChange } from './change-plan';
import { runChange } from '../safety/run-change';

/** set and clear: checked before anything is read, planned under the lock, backed up, applied with rollback. */
export async function applyChangeRequest(request: ChangeRequest, context: CommandContext): Promise<SetResult> {
  const parsed = parseChangeRequest(request);
  const host = await context.host();
  let method: MdiMethod | null = null;
  const result = await runChange(host, {
    reason: parsed.intent.action === 'clear' ? 'clear' : 'set',
    serviceTimeoutMs: request.serviceTimeoutMs,
    log: context.log,
    async plan() {
      const plan = await planChange(host, parsed);
      method = plan.mdiMethod;
      return plan.writes;
    },
  });
  return { ...result, method };
}

export const setCommand = defineCommand({
  name: 'set',
  summary: 'set (or with `clear`, remove) the proxy of a product or store; backed up first, rolled back on failure',
  async run(request, context) {
    return { result: await applyChangeRequest(request, context) };
  },
});
