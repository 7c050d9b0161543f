/**
 * The flag table of a command from the committed schema. The schema is required here, on first use, not imported:
 * a request on stdin without flags must not pay for evaluating the whole schema at start-up.
 */
import { flagTable, type FlagTable, type Schema } from './flag-table';

const tables = new Map<string, FlagTable>();

export function flagTableOf(command: string): FlagTable {
  let table = tables.get(command);
  if (!table) {
    table = flagTable(require('../../schema/defenderproxy.schema.json') as Schema, command);
    tables.set(command, table);
  }
  return table;
}
