// Evaluates the literal part of a script: top-level `$Name = <literal>` assignments, where a literal is a string,
// number, $null/$true/$false, an array, a hashtable, or a variable assigned before. This is how the tests read the
// desired state the fleet scripts pass to the module, without a PowerShell.
import type { Node } from 'web-tree-sitter';
import type { ParsedFile } from './powershell-ast';

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

const WRAPPERS_TO_KEEP = new Set([
  'hash_literal_expression',
  'array_expression',
  'array_literal_expression',
  'variable',
  'string_literal',
  'integer_literal',
]);

function core(node: Node): Node {
  let current = node;
  // A one-element array_literal_expression is the grammar's wrapper around any expression, not an array.
  while (
    !WRAPPERS_TO_KEEP.has(current.type) ||
    (current.type === 'array_literal_expression' && current.namedChildren.filter((c) => c && c.type !== 'comment').length === 1)
  ) {
    if (current.type === 'cast_expression') {
      current = current.namedChildren[current.namedChildren.length - 1]!;
      continue;
    }
    const named = current.namedChildren.filter((c) => c && c.type !== 'comment');
    if (named.length !== 1) throw new Error(`not a literal: ${current.text.slice(0, 60)}`);
    current = named[0]!;
  }
  return current;
}

function evaluate(node: Node, variables: Map<string, Literal>): Literal {
  const value = core(node);
  switch (value.type) {
    case 'string_literal': {
      const text = value.text;
      if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
      if (text.includes('$') || text.includes('`')) throw new Error(`expandable string: ${text}`);
      return text.slice(1, -1);
    }
    case 'integer_literal':
      return Number(value.text);
    case 'variable': {
      const name = value.text.replace(/^\$/, '').toLowerCase();
      if (name === 'null') return null;
      if (name === 'true') return true;
      if (name === 'false') return false;
      if (!variables.has(name)) throw new Error(`unknown variable ${value.text}`);
      return variables.get(name)!;
    }
    case 'array_literal_expression':
      return value.namedChildren.filter((c) => c && c.type !== 'comment').map((c) => evaluate(c!, variables));
    case 'array_expression': {
      const list = value.namedChildren.find((c) => c?.type === 'statement_list');
      const items = (list?.namedChildren ?? []).filter((c) => c && c.type !== 'comment').map((c) => evaluate(c!, variables));
      return items.flatMap((item) => (Array.isArray(item) ? item : [item]));
    }
    case 'hash_literal_expression': {
      const result: { [key: string]: Literal } = {};
      const body = value.namedChildren.find((c) => c?.type === 'hash_literal_body');
      for (const entry of body?.namedChildren ?? []) {
        if (!entry || entry.type !== 'hash_entry') continue;
        const key = entry.namedChildren.find((c) => c?.type === 'key_expression')!.text.replace(/^'(.*)'$/, '$1');
        result[key] = evaluate(entry.namedChildren[entry.namedChildren.length - 1]!, variables);
      }
      return result;
    }
    default:
      throw new Error(`not a literal: ${value.text.slice(0, 60)}`);
  }
}

/** A command argument's value: a bare word (`-Product MDI`) is a string, anything else a literal as above. */
export function argumentValue(node: Node, variables: Map<string, Literal>): Literal {
  return node.type === 'generic_token' ? node.text : evaluate(node, variables);
}

/**
 * The script's top-level variables that hold literals, in order, with `overrides` taking the place of the script's
 * own assignments (names are case-insensitive, as in PowerShell). Assignments that are not literals are left out.
 */
export function scriptVariables(parsed: ParsedFile, overrides: Record<string, Literal> = {}): Map<string, Literal> {
  const variables = new Map<string, Literal>(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v]));
  const statements = parsed.tree.rootNode.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren ?? [];
  for (const statement of statements) {
    const assignment = statement?.namedChildren.find((c) => c?.type === 'assignment_expression');
    if (!assignment) continue;
    const [left, , right] = assignment.namedChildren;
    if (!left || !right) continue;
    let target: Node;
    try {
      target = core(left);
    } catch {
      continue;
    }
    if (target.type !== 'variable') continue;
    const name = target.text.replace(/^\$/, '').toLowerCase();
    if (name in overrides || [...Object.keys(overrides)].some((k) => k.toLowerCase() === name)) continue;
    try {
      variables.set(name, evaluate(right, variables));
    } catch {
      // Not a literal (a function call, a path from the environment): not part of a request.
    }
  }
  return variables;
}
