import type { CommandName } from '../protocol';
import type { Command } from './command';

/**
 * A command whose module loads on first use. Start-up cost: a `get` must not load the net stack (tls, https,
 * dns, QuickJS) that only `test` and `catalog` need, nor the write path (crypto, locks, backups) of `set`.
 * `name` is known without loading; `summary`, `acceptsEmptyRequest`, `arguments` and `run` load the module.
 */
function lazy<N extends CommandName>(name: N, load: () => Command<N>): Command<N> {
  let loaded: Command<N> | undefined;
  const command = () => (loaded ??= load());
  return {
    name,
    get summary() {
      return command().summary;
    },
    get acceptsEmptyRequest() {
      return command().acceptsEmptyRequest;
    },
    get arguments() {
      return command().arguments;
    },
    run: (request, context) => command().run(request, context),
  };
}

/** Every command the executable answers, by name. `require` (not `import`) keeps each module out of start-up. */
export const commands: { [N in CommandName]?: Command<N> } = {
  get: lazy('get', () => (require('./get') as typeof import('./get')).getCommand),
  test: lazy('test', () => (require('./test') as typeof import('./test')).testCommand),
  catalog: lazy('catalog', () => (require('./catalog') as typeof import('./catalog')).catalogCommand),
  capture: lazy('capture', () => (require('./capture') as typeof import('./capture')).captureCommand),
  plan: lazy('plan', () => (require('./plan') as typeof import('./plan')).planCommand),
  set: lazy('set', () => (require('./set') as typeof import('./set')).setCommand),
  clear: lazy('clear', () => (require('./clear') as typeof import('./clear')).clearCommand),
  backup: lazy('backup', () => (require('./backup') as typeof import('./backup')).backupCommand),
  restore: lazy('restore', () => (require('./restore') as typeof import('./restore')).restoreCommand),
  compare: lazy('compare', () => (require('./compare') as typeof import('./compare')).compareCommand),
  compliance: lazy('compliance', () => (require('./compliance') as typeof import('./compliance')).complianceCommand),
  dsc: lazy('dsc', () => (require('./dsc') as typeof import('./dsc')).dscCommand),
};
