/**
 * `defenderproxy help <command>` and `<command> --help`: every flag with its type, allowed values, description
 * and an example, all from the flag table (so from the schema, so from core/protocol.ts). Pure.
 */
import { terminalText } from '../messages';
import { exampleUse, quoteWord, type FlagSpec, type FlagTable } from './flag-table';
import { OPTIONS } from './options';
import { COMMAND_EXAMPLES } from './examples';
import { bold, dim, type Style } from './style';
import { hangingIndent, wrap } from './text-layout';

const INDENT = 36;

export interface CommandHelp {
  name: string;
  summary: string;
  /** Words besides flags, e.g. dsc's `<get|set|test|whatif> <MDIProxy|MDEProxy>`. */
  arguments?: string;
}

function typeOf(flag: FlagSpec): string {
  const one = flag.allowed
    ? terminalText('HELP_TYPE_CHOICE')
    : flag.kind === 'number'
      ? terminalText('HELP_TYPE_NUMBER')
      : terminalText('HELP_TYPE_TEXT');
  if (flag.shape === 'list') return terminalText('HELP_TYPE_LIST', { item: one });
  if (flag.shape === 'map') return terminalText('HELP_TYPE_MAP', { value: one });
  if (flag.kind === 'boolean') return terminalText('HELP_TYPE_SWITCH');
  return flag.nullable ? terminalText('HELP_TYPE_NULLABLE', { type: one }) : one;
}

function flagLines(flag: FlagSpec, style: Style): string[] {
  const head = `  --${flag.name}` + (flag.kind === 'boolean' && flag.shape === 'scalar' ? '' : ` <${typeOf(flag)}>`);
  const text = [flag.required ? terminalText('HELP_REQUIRED') : '', flag.description].filter((t) => t !== '').join(' ');
  const lines = hangingIndent(bold(style, head), text, INDENT, style.width);
  const extra: string[] = [];
  if (flag.allowed) extra.push(terminalText('HELP_VALUES', { values: flag.allowed.join(', ') }));
  if (flag.minimum !== null || flag.maximum !== null)
    extra.push(terminalText('HELP_RANGE', { minimum: String(flag.minimum ?? '-'), maximum: String(flag.maximum ?? '-') }));
  const example = exampleUse(flag);
  if (example) extra.push(terminalText('HELP_EXAMPLE', { example }));
  for (const line of extra)
    lines.push(...hangingIndent('', line, INDENT, style.width).map((l) => l.slice(0, INDENT) + dim(style, l.slice(INDENT))));
  return lines;
}

function paragraph(text: string, style: Style, indent = 2): string[] {
  return wrap(text, style.width - indent).map((l) => ' '.repeat(indent) + l);
}

export function renderCommandHelp(command: CommandHelp, table: FlagTable, style: Style): string {
  const out: string[] = [...paragraph(`defenderproxy ${command.name}: ${command.summary}`, style, 0), ''];
  const args = command.arguments ? ` ${command.arguments}` : '';
  out.push(bold(style, terminalText('HELP_USAGE')));
  out.push(`  defenderproxy ${command.name}${args} [flags]`);
  out.push(`  defenderproxy ${command.name}${args} [flags] < request.json`);
  out.push(...paragraph(terminalText('HELP_REQUEST_SOURCES'), style, 4), '');
  out.push(bold(style, terminalText('HELP_FLAGS')));
  if (table.flags.length === 0) out.push(`  ${terminalText('HELP_NO_FLAGS')}`);
  for (const flag of table.flags) out.push(...flagLines(flag, style));
  if (table.secrets.length > 0) {
    out.push('', bold(style, terminalText('HELP_SECRETS')));
    for (const secret of table.secrets) {
      const user = secret.userPath
        ? `--${table.flags.find((f) => f.path.join('.') === secret.userPath!.join('.'))?.name ?? secret.userPath.join('.')}`
        : null;
      out.push(
        ...hangingIndent(
          `  ${secret.path.join('.')}`,
          terminalText('HELP_SECRET', { userFlag: user ?? terminalText('HELP_SECRET_NO_USER') }),
          INDENT,
          style.width,
        ),
      );
    }
  }
  out.push('', bold(style, terminalText('HELP_OPTIONS')));
  for (const option of OPTIONS) {
    if (option.commands && !option.commands.includes(command.name)) continue;
    const head = `  --${option.name}${option.value ? ` ${option.value}` : ''}${option.name === 'help' ? ', -h' : ''}`;
    out.push(...hangingIndent(head, terminalText(option.help), INDENT, style.width));
  }
  const examples = COMMAND_EXAMPLES[command.name] ?? [];
  if (examples.length > 0) {
    out.push('', bold(style, terminalText('HELP_EXAMPLES')));
    for (const example of examples) out.push(`  defenderproxy ${command.name} ${example.map(quoteWord).join(' ')}`);
  }
  return out.join('\n') + '\n';
}

/** `defenderproxy --help`: the commands, how requests arrive, exit codes. */
export function renderUsage(version: string, commands: { name: string; summary: string }[], style: Style): string {
  const out = [
    ...paragraph(`defenderproxy ${version}: ${terminalText('HELP_TAGLINE')}`, style, 0),
    '',
    bold(style, terminalText('HELP_USAGE')),
  ];
  out.push('  defenderproxy <command> [flags]             ' + terminalText('HELP_USAGE_FLAGS'));
  out.push('  defenderproxy <command> [--input FILE]      ' + terminalText('HELP_USAGE_JSON'));
  out.push('  defenderproxy help <command>                ' + terminalText('HELP_USAGE_HELP'));
  out.push('  defenderproxy schema                        ' + terminalText('HELP_USAGE_SCHEMA'));
  out.push('  defenderproxy --version | --help', '', bold(style, terminalText('HELP_COMMANDS')));
  // The summaries start two spaces after the longest name (compliance), all in one column.
  const column = Math.max(...commands.map((c) => c.name.length)) + 4;
  for (const c of commands) out.push(...hangingIndent(`  ${c.name}`, c.summary, column, style.width));
  out.push('', ...paragraph(terminalText('HELP_OUTPUT'), style, 0));
  out.push('', ...paragraph(terminalText('HELP_EXIT_CODES'), style, 0));
  out.push(...paragraph(terminalText('HELP_EXAMPLE_LINE'), style, 0));
  return out.join('\n') + '\n';
}
