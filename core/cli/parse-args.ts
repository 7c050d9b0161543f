/**
 * The words after the command name → request fields (from the flag table) and the command line's own options.
 * Pure: no I/O, no process state. The flag table is asked for only when a request flag is given, so a plain
 * `defenderproxy get < request.json` never loads the schema.
 */
import { ToolError } from '../errors';
import { errorMessage, phrase } from '../messages';
import { closest } from './did-you-mean';
import { exampleUse, kebab, normalizeFlagName, type FlagSpec, type FlagTable } from './flag-table';
import { OPTIONS, OUTPUT_FORMATS, type OptionSpec, type OutputFormat } from './options';

export interface CommandLine {
  /** Request fields given as flags, nested as the request nests them. */
  fields: Record<string, unknown>;
  /** Whether any request flag was given. */
  hasFields: boolean;
  /** `--input FILE`: read the JSON request from FILE instead of stdin. */
  input: string | null;
  /** `--json` or `--format`; null: decided by whether stdout is a terminal. */
  format: OutputFormat | null;
  help: boolean;
  whatIf: boolean;
  /** Words that are no flag (`dsc get MDIProxy`). */
  positionals: string[];
}

export interface ParseContext {
  command: string;
  /** The command takes words besides flags (dsc's operation and resource). */
  takesArguments: boolean;
  flagTable(): FlagTable;
}

interface FlagWord {
  /** As typed, without `=value`: `--proxy-url`. */
  typed: string;
  key: string;
  inline: string | null;
}

function splitFlag(word: string): FlagWord {
  const body = word.replace(/^--?/, '');
  const eq = body.indexOf('=');
  const name = eq === -1 ? body : body.slice(0, eq);
  return {
    typed: word.startsWith('--') ? `--${name}` : `-${name}`,
    key: normalizeFlagName(name),
    inline: eq === -1 ? null : body.slice(eq + 1),
  };
}

function typeError(flag: string, field: string, expected: string, value: string): ToolError {
  return new ToolError('FIELD_TYPE', errorMessage('FLAG_VALUE_TYPE', { flag, expected, value }), { field });
}

function parseBoolean(flag: string, field: string, text: string): boolean {
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  throw typeError(flag, field, phrase('FLAG_EXPECTS_BOOLEAN'), text);
}

function scalar(spec: FlagSpec, flag: string, text: string): unknown {
  const field = spec.path.join('.');
  if (spec.nullable && text === '') return null;
  if (spec.kind === 'boolean') return parseBoolean(flag, field, text);
  if (spec.kind === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw typeError(flag, field, phrase('FLAG_EXPECTS_NUMBER'), text);
    return value;
  }
  return text;
}

function items(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function pairs(spec: FlagSpec, flag: string, text: string): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const item of items(text)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw typeError(flag, spec.path.join('.'), phrase('FLAG_EXPECTS_PAIRS'), text);
    map[item.slice(0, eq).trim()] = scalar(spec, flag, item.slice(eq + 1).trim());
  }
  return map;
}

/** Puts a flag's value at its path; a repeated list flag adds to the list, a repeated map flag to the map. */
function assign(fields: Record<string, unknown>, spec: FlagSpec, value: unknown): void {
  let node = fields;
  for (const key of spec.path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const last = spec.path[spec.path.length - 1]!;
  const existing = node[last];
  if (spec.shape === 'list' && Array.isArray(existing)) node[last] = [...existing, ...(value as unknown[])];
  else if (spec.shape === 'map' && existing !== undefined) node[last] = { ...(existing as object), ...(value as object) };
  else node[last] = value;
}

/** `{"proxy":{"password":"..."}}` for the secret at proxy.password. */
function secretExample(path: string[]): string {
  const [head, ...rest] = path;
  return `{"${head}":${rest.length === 0 ? '"..."' : secretExample(rest)}}`;
}

function unknownFlag(word: FlagWord, context: ParseContext, table: FlagTable | null): ToolError {
  const names = [...(table?.flags.map((f) => f.name) ?? []), ...OPTIONS.map((o) => o.name)];
  const near = closest(word.key, names.map(normalizeFlagName));
  const hint =
    near === null
      ? phrase('FLAG_SEE_HELP', { command: context.command })
      : phrase('FLAG_DID_YOU_MEAN', { name: `--${names[names.map(normalizeFlagName).indexOf(near)]}` });
  return new ToolError('FIELD_UNKNOWN', errorMessage('FLAG_UNKNOWN', { flag: word.typed, hint }), { field: word.typed });
}

/** A flag that names a secret (`--proxy-password`, `--password`): refused, with where the secret goes instead. */
function secretFlag(word: FlagWord, table: FlagTable): ToolError | null {
  if (table.secrets.length === 0) return null;
  const named = table.secrets.find((s) => normalizeFlagName(s.path.map(kebab).join('-')) === word.key);
  const secret = named ?? (word.key.endsWith('password') ? table.secrets[0]! : null);
  if (!secret) return null;
  return new ToolError('SECRET_NOT_A_FLAG', errorMessage('SECRET_NOT_A_FLAG', { flag: word.typed, example: secretExample(secret.path) }), {
    field: secret.path.join('.'),
  });
}

export function parseCommandLine(words: string[], context: ParseContext): CommandLine {
  const line: CommandLine = { fields: {}, hasFields: false, input: null, format: null, help: false, whatIf: false, positionals: [] };
  let table: FlagTable | null = null;
  let onlyPositionals = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (onlyPositionals || word === '-' || !word.startsWith('-')) {
      line.positionals.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    const flag = splitFlag(word);
    const value = (example: string): string => {
      if (flag.inline !== null) return flag.inline;
      const next = words[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new ToolError('FLAG_VALUE_MISSING', errorMessage('FLAG_VALUE_MISSING', { flag: flag.typed, example }), { field: flag.typed });
      i++;
      return next;
    };
    const option = flag.key === 'h' ? OPTIONS.find((o) => o.name === 'help')! : OPTIONS.find((o) => normalizeFlagName(o.name) === flag.key);
    if (option) {
      applyOption(line, option, flag, value, context);
      continue;
    }
    table ??= context.flagTable();
    const spec = table.flags.find((f) => normalizeFlagName(f.name) === flag.key);
    if (!spec) throw secretFlag(flag, table) ?? unknownFlag(flag, context, table);
    const example = exampleUse(spec) ?? `--${spec.name} VALUE`;
    let parsed: unknown;
    if (spec.shape === 'scalar' && spec.kind === 'boolean')
      parsed = flag.inline === null ? true : parseBoolean(flag.typed, spec.path.join('.'), flag.inline);
    else if (spec.shape === 'list') parsed = items(value(example)).map((item) => scalar(spec, flag.typed, item));
    else if (spec.shape === 'map') parsed = pairs(spec, flag.typed, value(example));
    else parsed = scalar(spec, flag.typed, value(example));
    assign(line.fields, spec, parsed);
    line.hasFields = true;
  }
  if (line.positionals.length > 0 && !context.takesArguments && !line.help) {
    throw new ToolError(
      'ARGUMENT_UNEXPECTED',
      errorMessage('ARGUMENT_UNEXPECTED', { word: line.positionals[0]!, command: context.command }),
      { field: line.positionals[0]! },
    );
  }
  return line;
}

function applyOption(
  line: CommandLine,
  option: OptionSpec,
  flag: FlagWord,
  value: (example: string) => string,
  context: ParseContext,
): void {
  const bare = () => (flag.inline === null ? true : parseBoolean(flag.typed, flag.typed, flag.inline));
  switch (option.name) {
    case 'input':
      line.input = value('--input request.json');
      return;
    case 'json':
      if (bare()) line.format = 'json';
      return;
    case 'format': {
      const format = value('--format table');
      if (!OUTPUT_FORMATS.includes(format as OutputFormat))
        throw new ToolError('FIELD_VALUE', errorMessage('FLAG_VALUE', { flag: flag.typed, allowed: OUTPUT_FORMATS.join(', ') }), {
          field: flag.typed,
        });
      line.format = format as OutputFormat;
      return;
    }
    case 'what-if':
      if (!option.commands!.includes(context.command))
        throw new ToolError('WHAT_IF_NOT_FOR_COMMAND', errorMessage('WHAT_IF_NOT_FOR_COMMAND', { command: context.command }), {
          field: flag.typed,
        });
      line.whatIf = bare();
      return;
    case 'help':
      line.help = bare();
      return;
  }
}
