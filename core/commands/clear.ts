import { defineCommand } from './command';
import { applyChangeRequest } from './set';

export const clearCommand = defineCommand({
  name: 'clear',
  summary: 'remove the proxy of a product or store (direct access); backed up first, rolled back on failure',
  async run(request, context) {
    return { result: await applyChangeRequest({ ...request, clear: true }, context) };
  },
});
