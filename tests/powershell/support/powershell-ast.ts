// Reads PowerShell files with web-tree-sitter + tree-sitter-powershell (wasm, offline) and answers the questions
// the static tests ask: does it parse, which functions, parameters, attributes, help, and which requests do the
// cmdlets send to the core.
require('node:v8').setFlagsFromString('--liftoff-only'); // else the wasm keeps the process alive for seconds

import { readFileSync } from 'node:fs';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

/**
 * Lines the grammar cannot parse although PowerShell can, masked (with spaces, so positions hold) before parsing.
 * tree-sitter-powershell 0.26 allows no attribute on a class statement, yet PSDSC needs `[DscResource()]` there.
 */
export const GRAMMAR_GAPS: { pattern: RegExp; why: string }[] = [
  { pattern: /^\[DscResource\(\)\][ \t]*$/gm, why: 'attributes on a class statement ([DscResource()])' },
];

let parser: Promise<Parser> | null = null;

function loadParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

export interface ParsedFile {
  path: string;
  source: string;
  tree: Tree;
  /** How many lines were masked as known grammar gaps. */
  masked: number;
}

export async function parseFile(path: string): Promise<ParsedFile> {
  return parseSource(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), path);
}

export async function parseSource(source: string, path = '(source)'): Promise<ParsedFile> {
  let masked = 0;
  let text = source;
  for (const gap of GRAMMAR_GAPS) {
    text = text.replace(gap.pattern, (line) => {
      masked += 1;
      return ' '.repeat(line.length);
    });
  }
  const tree = (await loadParser()).parse(text)!;
  return { path, source, tree, masked };
}

/** ERROR and MISSING nodes as `line:column text`. */
export function syntaxProblems(tree: Tree): string[] {
  const problems: string[] = [];
  const walk = (node: Node): void => {
    if (node.isError || node.isMissing) {
      problems.push(
        `${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? 'MISSING' : 'ERROR'} ${JSON.stringify(node.text.slice(0, 60))}`,
      );
    }
    if (node.hasError || node.isError) for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  return problems;
}

export interface PsAttribute {
  name: string;
  /** Positional arguments as written (strings unquoted). */
  args: string[];
  /** Named arguments, e.g. SupportsShouldProcess → $true. */
  named: Record<string, string>;
}

export interface PsParameter {
  name: string;
  /** The first type constraint, e.g. `string`, `System.Management.Automation.PSCredential`; null when untyped. */
  type: string | null;
  attributes: PsAttribute[];
  /** Whether the parameter has a default value (`= ...`). */
  hasDefault: boolean;
}

export interface PsFunction {
  name: string;
  node: Node;
  /** The comment-based help block, or null. */
  help: string | null;
  attributes: PsAttribute[];
  parameters: PsParameter[];
}

export function functionsIn(tree: Tree): PsFunction[] {
  return tree.rootNode.descendantsOfType('function_statement').flatMap((node) => {
    if (!node) return [];
    const name = node.namedChildren.find((c) => c?.type === 'function_name')?.text ?? '';
    const help = node.namedChildren.find((c) => c?.type === 'comment' && c.text.startsWith('<#'))?.text ?? null;
    const paramBlock = node.namedChildren.find((c) => c?.type === 'script_block')?.namedChildren.find((c) => c?.type === 'param_block');
    const attributes = attributesOf(paramBlock?.namedChildren.find((c) => c?.type === 'attribute_list'));
    const parameters = (paramBlock?.descendantsOfType('script_parameter') ?? []).flatMap((p) => {
      if (!p || !paramBlock || p.parent?.parent?.id !== paramBlock.id) return [];
      const variable = p.namedChildren.find((c) => c?.type === 'variable')?.text ?? '';
      const list = p.namedChildren.find((c) => c?.type === 'attribute_list');
      const typeLiteral = list?.namedChildren.map((a) => a?.namedChildren.find((c) => c?.type === 'type_literal')).find((t) => t);
      const hasDefault = p.namedChildren.some((c) => c?.type === 'script_parameter_default');
      return [
        {
          name: variable.replace(/^\$/, ''),
          type: typeLiteral ? typeLiteral.text.slice(1, -1) : null,
          attributes: attributesOf(list),
          hasDefault,
        },
      ];
    });
    return [{ name, node, help, attributes, parameters }];
  });
}

function attributesOf(list: Node | null | undefined): PsAttribute[] {
  if (!list) return [];
  return list.namedChildren.flatMap((attribute) => {
    const nameNode = attribute?.namedChildren.find((c) => c?.type === 'attribute_name');
    if (!attribute || !nameNode) return [];
    const args: string[] = [];
    const named: Record<string, string> = {};
    for (const argument of attribute.descendantsOfType('attribute_argument')) {
      if (!argument || argument.parent?.parent?.id !== attribute.id) continue;
      const key =
        argument.namedChildren[0]?.type === 'simple_name' && argument.children.some((c) => c?.type === '=')
          ? argument.namedChildren[0]!.text
          : null;
      const value = unquote(argument.namedChildren[argument.namedChildren.length - 1]!.text);
      if (key) named[key] = value;
      else args.push(value);
    }
    return [{ name: nameNode.text, args, named }];
  });
}

function unquote(text: string): string {
  return /^'.*'$|^".*"$/s.test(text) ? text.slice(1, -1) : text;
}

// ─── the requests cmdlets send ──────────────────────────────────────────────────────────────────────────

/** A request as the source builds it: key → the expression written for it, and its own shape when it is a hashtable. */
export type Shape = Map<string, { value: string; shape: Shape | null }>;

export interface CoreCall {
  /** The private helper called: one of CORE_HELPERS. */
  helper: string;
  command: string;
  /** Every key path the request can carry, with the expression that fills it. */
  fields: Map<string, string>;
  /** Where -Credential puts userName/password (`proxy` unless -CredentialPath says otherwise); null without -Credential. */
  credentialPath: string | null;
}

/**
 * The private helpers that send a request (-Request) to the core, with the command each sends: null for the one
 * named by its -Command. module.test.ts checks that the helpers with a fixed command really send it.
 */
export const CORE_HELPERS: Record<string, string | null> = {
  'Invoke-DefenderProxyCore': null,
  'Invoke-DefenderProxyChange': null,
  'Invoke-DefenderProxyCompare': 'compare',
  'Invoke-DefenderProxyTest': 'test',
};

const VALUE_NODES = new Set([
  'hash_literal_expression',
  'variable',
  'string_literal',
  'array_expression',
  'member_access',
  'command',
  'integer_literal',
  'element_access',
]);

/** Strips the grammar's expression wrappers, casts and parentheses down to the value itself. */
function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'cast_expression') {
      current = current.namedChildren[current.namedChildren.length - 1]!;
      continue;
    }
    if (VALUE_NODES.has(current.type)) return current;
    const named = current.namedChildren.filter((c) => c && c.type !== 'comment');
    if (named.length !== 1) return current;
    current = named[0]!;
  }
}

/** Calls to the private helpers inside a function, with the request each sends, variables resolved. */
export function coreCallsIn(fn: PsFunction): CoreCall[] {
  const variables = variableShapes(fn.node);
  const calls: CoreCall[] = [];
  for (const command of fn.node.descendantsOfType('command')) {
    const name = command?.namedChildren.find((c) => c?.type === 'command_name')?.text;
    if (!command || !name || !(name in CORE_HELPERS)) continue;
    const args = commandArguments(command);
    const commandArgument = args.get('Command');
    const commandName = CORE_HELPERS[name] ?? (commandArgument ? unquote(unwrap(commandArgument).text) : null);
    const request = args.get('Request');
    if (!commandName || !request) continue;
    const credentialPath = args.has('Credential') ? unquote(args.get('CredentialPath')?.text ?? "'proxy'") : null;
    calls.push({ helper: name, command: commandName, fields: flatten(shapeOf(request, variables)), credentialPath });
  }
  return calls;
}

function commandArguments(command: Node): Map<string, Node> {
  const args = new Map<string, Node>();
  const elements =
    command.namedChildren
      .find((c) => c?.type === 'command_elements')
      ?.namedChildren.filter((c) => c && c.type !== 'command_argument_sep') ?? [];
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    if (element.type === 'command_parameter' && elements[i + 1] && elements[i + 1]!.type !== 'command_parameter') {
      args.set(element.text.replace(/^-/, '').replace(/:$/, ''), elements[i + 1]!);
      i++;
    }
  }
  return args;
}

/** Every call of the command `name` in the tree, as parameter → argument node (null for a switch given alone). */
export function callsOf(tree: Tree, name: string): Map<string, Node | null>[] {
  return tree.rootNode.descendantsOfType('command').flatMap((command) => {
    if (!command || command.namedChildren.find((c) => c?.type === 'command_name')?.text.toLowerCase() !== name.toLowerCase()) return [];
    const args = new Map<string, Node | null>(commandArguments(command));
    for (const element of command.namedChildren.find((c) => c?.type === 'command_elements')?.namedChildren ?? []) {
      const parameter = element?.type === 'command_parameter' ? element.text.replace(/^-/, '').replace(/:$/, '') : null;
      if (parameter && !args.has(parameter)) args.set(parameter, null);
    }
    return [args];
  });
}

type VariableShapes = Map<string, Shape>;

/** Every `$v = @{...}` and `$v.key = ...` in the function, merged per variable (all branches together). */
function variableShapes(root: Node): VariableShapes {
  const shapes: VariableShapes = new Map();
  const shapeFor = (name: string): Shape => {
    let shape = shapes.get(name);
    if (!shape) shapes.set(name, (shape = new Map()));
    return shape;
  };
  for (const assignment of root.descendantsOfType('assignment_expression')) {
    if (!assignment) continue;
    const [left, , right] = assignment.namedChildren;
    if (!left || !right) continue;
    const target = unwrap(left);
    if (target.type === 'variable') {
      const value = unwrap(right);
      if (value.type === 'hash_literal_expression') for (const [k, v] of hashShape(value)) addEntry(shapeFor(variableName(target)), k, v);
    } else if (target.type === 'member_access') {
      const owner = target.namedChildren.find((c) => c?.type === 'variable');
      const member = target.namedChildren.find((c) => c?.type === 'member_name')?.text;
      if (owner && member) addEntry(shapeFor(variableName(owner)), member, { value: right.text, shape: hashOrNull(right) });
    }
  }
  // Values that are variables holding hashtables: link them (resolved lazily in shapeOf).
  return shapes;
}

/** A key assigned in several branches keeps every expression and the union of its hashtable keys. */
function addEntry(shape: Shape, key: string, entry: { value: string; shape: Shape | null }): void {
  const existing = shape.get(key);
  if (!existing) {
    shape.set(key, entry);
    return;
  }
  existing.value = `${existing.value} ; ${entry.value}`;
  if (entry.shape) {
    existing.shape ??= new Map();
    for (const [k, v] of entry.shape) addEntry(existing.shape, k, v);
  }
}

function variableName(node: Node): string {
  return node.text.replace(/^\$/, '').toLowerCase();
}

function hashOrNull(node: Node): Shape | null {
  const value = unwrap(node);
  return value.type === 'hash_literal_expression' ? hashShape(value) : null;
}

function hashShape(hash: Node): Shape {
  const shape: Shape = new Map();
  const body = hash.namedChildren.find((c) => c?.type === 'hash_literal_body');
  for (const entry of body?.namedChildren ?? []) {
    if (!entry || entry.type !== 'hash_entry') continue;
    const key = unquote(entry.namedChildren.find((c) => c?.type === 'key_expression')?.text ?? '');
    const value = entry.namedChildren[entry.namedChildren.length - 1]!;
    shape.set(key, { value: value.text, shape: hashOrNull(value) });
  }
  return shape;
}

function shapeOf(node: Node, variables: VariableShapes): Shape {
  const value = unwrap(node);
  const resolve = (shape: Shape, seen: Set<string>): Shape => {
    const out: Shape = new Map();
    for (const [key, entry] of shape) {
      let nested = entry.shape ? resolve(entry.shape, seen) : null;
      const inner = nested ? null : unwrapText(entry.value);
      if (inner && variables.has(inner) && !seen.has(inner)) nested = resolve(variables.get(inner)!, new Set([...seen, inner]));
      out.set(key, { value: entry.value, shape: nested });
    }
    return out;
  };
  if (value.type === 'hash_literal_expression') return resolve(hashShape(value), new Set());
  if (value.type === 'variable') return resolve(variables.get(variableName(value)) ?? new Map(), new Set([variableName(value)]));
  return new Map();
}

function unwrapText(text: string): string | null {
  const match = /^\$(\w+)$/.exec(text.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** `proxy` → { url } becomes `proxy.url`; a hashtable key is listed itself too. */
function flatten(shape: Shape, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, entry] of shape) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.set(path, entry.value);
    if (entry.shape) for (const [k, v] of flatten(entry.shape, path)) out.set(k, v);
  }
  return out;
}

/** A data file (.psd1): its top hashtable flattened to `PrivateData.PSData.Tags` → the expression written. */
export function dataFileEntries(tree: Tree): Map<string, string> {
  const hash = tree.rootNode.descendantsOfType('hash_literal_expression')[0];
  return hash ? flatten(hashShape(hash)) : new Map();
}

/** The strings of an expression such as `@('a', 'b')` or `'a'`. */
export function stringsIn(expression: string): string[] {
  return [...expression.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]!);
}

/** Class statements and whether `[DscResource()]` stands right above them. */
export function classesIn(
  parsed: ParsedFile,
): { name: string; dscResource: boolean; properties: { name: string; attribute: string | null }[] }[] {
  const lines = parsed.source.split('\n');
  return parsed.tree.rootNode.descendantsOfType('class_statement').flatMap((node) => {
    if (!node) return [];
    const name = node.namedChildren.find((c) => c?.type === 'simple_name')?.text ?? '';
    const above =
      lines
        .slice(0, node.startPosition.row)
        .reverse()
        .find((l) => l.trim() !== '') ?? '';
    const properties = node.namedChildren.flatMap((c) => {
      if (!c || c.type !== 'class_property_definition') return [];
      const attribute = c.namedChildren.find((a) => a?.type === 'attribute' && a.namedChildren.some((x) => x?.type === 'attribute_name'));
      return [
        { name: (c.namedChildren.find((v) => v?.type === 'variable')?.text ?? '').replace(/^\$/, ''), attribute: attribute?.text ?? null },
      ];
    });
    return [{ name, dscResource: /^\s*\[DscResource\(\)\]\s*$/.test(above), properties }];
  });
}
