import { terminalText } from '../messages';
import type { CompareRequest } from '../protocol';
import { EXIT } from '../errors';
import { defineCommand } from './command';
import { compareDesired } from './desired';

export const compareCommand = defineCommand({
  name: 'compare',
  summary: terminalText('HELP_COMMAND_COMPARE'),
  async run(request: CompareRequest, context) {
    const result = await compareDesired(await context.host(), request.desired);
    return { result, exit: result.inDesiredState ? EXIT.OK : EXIT.NEGATIVE };
  },
});
