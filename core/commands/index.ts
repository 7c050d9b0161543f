import type { CommandName } from '../protocol';
import type { Command } from './command';
import { getCommand } from './get';

/** Every command the executable answers, by name. */
export const commands: { [N in CommandName]?: Command<N> } = {
  get: getCommand,
};
