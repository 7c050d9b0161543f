import type { CommandName } from '../protocol';
import type { Command } from './command';
import { getCommand } from './get';
import { testCommand } from './test';
import { catalogCommand } from './catalog';
import { captureCommand } from './capture';
import { planCommand } from './plan';
import { setCommand } from './set';
import { clearCommand } from './clear';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { compareCommand } from './compare';
import { dscCommand } from './dsc';

/** Every command the executable answers, by name. */
export const commands: { [N in CommandName]?: Command<N> } = {
  get: getCommand,
  test: testCommand,
  catalog: catalogCommand,
  capture: captureCommand,
  plan: planCommand,
  set: setCommand,
  clear: clearCommand,
  backup: backupCommand,
  restore: restoreCommand,
  compare: compareCommand,
  dsc: dscCommand,
};
