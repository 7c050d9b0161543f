import { terminalText } from '../messages';
import { defineCommand } from './command';
import { applyChangeRequest } from './set';

export const clearCommand = defineCommand({
  name: 'clear',
  summary: terminalText('HELP_COMMAND_CLEAR'),
  async run(request, context) {
    return { result: await applyChangeRequest({ ...request, clear: true }, context) };
  },
});
