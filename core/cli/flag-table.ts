import { detail } from '../messages';
/**
 * The command-line flags of a command, derived from its request definition in the committed JSON Schema (the one
 * contract, generated from core/protocol.ts): each leaf field is one flag, so flags cannot drift from the fields.
 * Nested fields join their names with dashes (`proxy.url` → `--proxy-url`); fields marked `writeOnly` (secrets) are
 * never flags, fields marked `readOnly` (returned only) are left out. Pure: the schema comes in as a value.
 */

/** The subset of JSON Schema that core/protocol.ts produces. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required?: string[];
  description?: string;
  examples?: unknown[];
  readOnly?: boolean;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
}

export interface Schema {
  definitions: Record<string, SchemaNode>;
}

export type ValueKind = 'string' | 'number' | 'boolean';

export interface FlagSpec {
  /** Flag name without the leading dashes: `proxy-url`. */
  name: string;
  /** Where the value goes in the request: `['proxy', 'url']`. */
  path: string[];
  /** One value, a comma-separated list, or `key=value` pairs (a JSON object of strings). */
  shape: 'scalar' | 'list' | 'map';
  /** Type of the value, of each list item, or of each pair's value. */
  kind: ValueKind;
  /** The values the schema allows, when it lists them. */
  allowed: string[] | null;
  /** The field also takes null ("none"): an empty value gives it. */
  nullable: boolean;
  /** The request needs this field (only top-level fields are marked: nested ones are required within their parent). */
  required: boolean;
  description: string;
  /** From the field's `@example` in core/protocol.ts, if any. */
  example: unknown;
  minimum: number | null;
  maximum: number | null;
}

/** A secret field: never a flag. `userPath` names the user it belongs to (prompted for when that user is given). */
export interface SecretSpec {
  path: string[];
  userPath: string[] | null;
  description: string;
}

export interface FlagTable {
  flags: FlagSpec[];
  secrets: SecretSpec[];
}

/** `copyFromCurrentUser` → `copy-from-current-user`; `_exist` → `exist`. */
export function kebab(name: string): string {
  return name
    .replace(/^_+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** The form two spellings of one flag share: `--proxy-url`, `--proxy.url`, `--proxyUrl` and `--ProxyUrl` are one flag. */
export function normalizeFlagName(name: string): string {
  return name.replace(/[-._]/g, '').toLowerCase();
}

/** Request definition of a command in the schema: `get` → `GetRequest`. */
export function requestDefinition(command: string): string {
  return command[0]!.toUpperCase() + command.slice(1) + 'Request';
}

function refName(ref: string): string {
  return ref.replace('#/definitions/', '');
}

/** Follows `$ref`s; the referring node's own description wins over the target's. */
function resolve(schema: Schema, node: SchemaNode): SchemaNode {
  let current = node;
  let description = node.description;
  let examples = node.examples;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    if (hops > 20) throw new Error(detail('SCHEMA_REF_CYCLE', { ref: current.$ref }));
    const target = schema.definitions[refName(current.$ref)];
    if (!target) throw new Error(detail('SCHEMA_REF_UNKNOWN', { ref: current.$ref }));
    current = target;
    description ??= current.description;
    examples ??= current.examples;
  }
  return { ...current, description, examples };
}

function types(node: SchemaNode): string[] {
  if (node.type !== undefined) return Array.isArray(node.type) ? node.type : [node.type];
  // A limited string or null (`AddressText | null`): an anyOf of plain typed branches.
  const branches = node.anyOf ?? [];
  return branches.length > 0 && branches.every((b) => b.type !== undefined && !b.anyOf) ? branches.flatMap(types) : [];
}

/** The allowed strings of an enum, a const, or an anyOf of those (Route = four consts + StoreName). */
function allowedValues(schema: Schema, node: SchemaNode): string[] | null {
  const resolved = resolve(schema, node);
  if (resolved.enum) return resolved.enum.map(String);
  if (resolved.const !== undefined) return [String(resolved.const)];
  if (resolved.anyOf) {
    const branches = resolved.anyOf.map((branch) => allowedValues(schema, branch));
    if (branches.every((b): b is string[] => b !== null)) return branches.flat();
  }
  return null;
}

function scalarKind(schema: Schema, node: SchemaNode, where: string): { kind: ValueKind; allowed: string[] | null; nullable: boolean } {
  const allowed = allowedValues(schema, node);
  if (allowed) return { kind: 'string', allowed, nullable: false };
  const resolved = resolve(schema, node);
  const all = types(resolved);
  const nullable = all.includes('null');
  const [kind, ...others] = all.filter((t) => t !== 'null');
  if (others.length === 0 && (kind === 'string' || kind === 'boolean')) return { kind, allowed: null, nullable };
  if (others.length === 0 && (kind === 'number' || kind === 'integer')) return { kind: 'number', allowed: null, nullable };
  throw new Error(detail('SCHEMA_NO_FLAG_FORM', { where, type: JSON.stringify(resolved.type) }));
}

/** The properties of an object node, or the union of an anyOf of objects (the DSC instance shapes). */
function objectProperties(schema: Schema, node: SchemaNode): Record<string, SchemaNode> | null {
  const resolved = resolve(schema, node);
  if (resolved.properties) return resolved.properties;
  if (!resolved.anyOf) return null;
  const branches = resolved.anyOf.map((branch) => objectProperties(schema, branch));
  if (!branches.every((b): b is Record<string, SchemaNode> => b !== null)) return null;
  return Object.assign({}, ...branches) as Record<string, SchemaNode>;
}

function isStringMap(node: SchemaNode): boolean {
  return types(node).includes('object') && !node.properties && typeof node.additionalProperties === 'object';
}

function collect(schema: Schema, node: SchemaNode, path: string[], required: Set<string>, table: FlagTable): void {
  const properties = objectProperties(schema, node);
  if (!properties) throw new Error(detail('SCHEMA_NOT_OBJECT', { where: path.join('.') || detail('SCHEMA_THE_REQUEST') }));
  const fields = Object.entries(properties);
  for (const [name, raw] of fields) {
    const field = resolve(schema, raw);
    const fieldPath = [...path, name];
    if (field.readOnly) continue;
    if (field.writeOnly) {
      const user = fields.find(([other]) => other === 'userName');
      table.secrets.push({ path: fieldPath, userPath: user ? [...path, 'userName'] : null, description: field.description ?? '' });
      continue;
    }
    const base = {
      name: fieldPath.map(kebab).join('-'),
      path: fieldPath,
      required: path.length === 0 && required.has(name),
      description: field.description ?? '',
      example: field.examples?.[0],
      minimum: field.minimum ?? null,
      maximum: field.maximum ?? null,
    };
    const where = fieldPath.join('.');
    if (types(field).includes('array') && field.items) {
      table.flags.push({ ...base, shape: 'list', ...scalarKind(schema, field.items, `${where}[]`) });
    } else if (isStringMap(field)) {
      table.flags.push({ ...base, shape: 'map', ...scalarKind(schema, field.additionalProperties as SchemaNode, `${where}.*`) });
    } else if (objectProperties(schema, field) && !allowedValues(schema, field)) {
      collect(schema, field, fieldPath, new Set(field.required ?? []), table);
    } else {
      table.flags.push({ ...base, shape: 'scalar', ...scalarKind(schema, field, where) });
    }
  }
}

/** Every flag of a command's request. Throws when two fields would share a flag: the contract must then change. */
export function flagTable(schema: Schema, command: string): FlagTable {
  const definition = schema.definitions[requestDefinition(command)];
  if (!definition) throw new Error(detail('SCHEMA_NO_DEFINITION', { definition: requestDefinition(command) }));
  const table: FlagTable = { flags: [], secrets: [] };
  const root = resolve(schema, definition);
  collect(schema, root, [], new Set(root.required ?? []), table);
  const seen = new Map<string, string>();
  for (const flag of table.flags) {
    const key = normalizeFlagName(flag.name);
    const other = seen.get(key);
    if (other !== undefined) throw new Error(detail('SCHEMA_FLAG_TWICE', { first: other, second: flag.path.join('.'), flag: flag.name }));
    seen.set(key, flag.path.join('.'));
  }
  return table;
}

/** A value as it is typed after the flag: lists comma-separated, maps as `name=value` pairs. */
export function typedValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(typedValue).join(',');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${typedValue(v)}`)
      .join(',');
  return String(value);
}

/** A word as typed in a shell: quoted when it holds characters a shell reads. */
export function quoteWord(text: string): string {
  // Double quotes read the same in cmd, PowerShell and sh (a backslash before a letter stays in sh too).
  return text === '' || /[\s'\\<>|&;*$]/.test(text) ? `"${text}"` : text;
}

/** The flag as a person would type it with its example (or, without one, its first allowed value). */
export function exampleUse(flag: FlagSpec): string | null {
  if (flag.kind === 'boolean' && flag.shape === 'scalar') return null;
  const example = flag.example ?? flag.allowed?.[0];
  if (example === undefined) return null;
  return `--${flag.name} ${quoteWord(typedValue(example))}`;
}
