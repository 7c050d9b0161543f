import type { CommandName } from '../protocol';
import type { Command } from './command';
import { getCommand } from './get';
import { captureCommand } from './capture';

/** Every command the executable answers, by name. */
export const commands: { [N in CommandName]?: Command<N> } = {
  get: getCommand,
  capture: captureCommand,
};
