/**
 * The command line's own options: they shape how the tool reads and prints, and are no request field. Their names
 * must never equal a field's flag (a unit test checks it against every command's flag table).
 */
export type OutputFormat = 'json' | 'table';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'table'];

export interface OptionSpec {
  name: string;
  /** Takes a value (`--input FILE`) or stands alone (`--json`). */
  value: string | null;
  /** Key of its help sentence in core/messages.ts. */
  help: 'HELP_OPTION_INPUT' | 'HELP_OPTION_JSON' | 'HELP_OPTION_FORMAT' | 'HELP_OPTION_WHAT_IF' | 'HELP_OPTION_HELP';
  /** Commands it applies to; all when absent. */
  commands?: readonly string[];
}

/** Commands whose `--what-if` runs `plan` on the same request. */
export const WHAT_IF_COMMANDS: readonly string[] = ['set', 'clear'];

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'input', value: 'FILE', help: 'HELP_OPTION_INPUT' },
  { name: 'json', value: null, help: 'HELP_OPTION_JSON' },
  { name: 'format', value: OUTPUT_FORMATS.join('|'), help: 'HELP_OPTION_FORMAT' },
  { name: 'what-if', value: null, help: 'HELP_OPTION_WHAT_IF', commands: WHAT_IF_COMMANDS },
  { name: 'help', value: null, help: 'HELP_OPTION_HELP' },
];
