import type { CompareRequest } from '../protocol';
import { EXIT } from '../errors';
import { defineCommand } from './command';
import { compareDesired } from './desired';

export const compareCommand = defineCommand({
  name: 'compare',
  summary: 'compare the machine with a desired state (exit 0 in desired state, 1 drift); changes nothing',
  async run(request: CompareRequest, context) {
    const result = await compareDesired(await context.host(), request.desired);
    return { result, exit: result.inDesiredState ? EXIT.OK : EXIT.NEGATIVE };
  },
});
