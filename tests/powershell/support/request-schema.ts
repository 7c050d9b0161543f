// Answers "does this request field exist, and which fields are required" from the core's committed JSON Schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './repo-files';

interface SchemaNode {
  $ref?: string;
  anyOf?: SchemaNode[];
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
}

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'defenderproxy.schema.json'), 'utf8')) as {
  definitions: Record<string, SchemaNode>;
};

export function requestDefinition(command: string): string {
  return command[0]!.toUpperCase() + command.slice(1) + 'Request';
}

export function definitionNames(): string[] {
  return Object.keys(schema.definitions);
}

/** The object schemas a node can be (refs followed, anyOf branches and array items unfolded). */
function objectsOf(node: SchemaNode | undefined): SchemaNode[] {
  if (!node) return [];
  if (node.$ref) return objectsOf(schema.definitions[node.$ref.replace('#/definitions/', '')]);
  if (node.anyOf) return node.anyOf.flatMap(objectsOf);
  if (node.items) return objectsOf(node.items);
  return node.properties ? [node] : [];
}

function nodesAt(definition: string, path: string): SchemaNode[] {
  let nodes: SchemaNode[] = [{ $ref: `#/definitions/${definition}` }];
  for (const key of path.split('.')) {
    nodes = nodes.flatMap(objectsOf).flatMap((o) => (o.properties?.[key] ? [o.properties[key]!] : []));
  }
  return nodes;
}

/** Whether `proxy.url`-style path is a field of the definition. */
export function hasField(definition: string, path: string): boolean {
  return nodesAt(definition, path).length > 0;
}

/** Required fields that the given paths leave out: at the top, and inside every object the paths reach. */
export function missingRequired(definition: string, paths: string[]): string[] {
  const present = new Set(paths);
  const missing: string[] = [];
  const containers = ['', ...paths.filter((p) => paths.some((q) => q.startsWith(p + '.')))];
  for (const container of containers) {
    const nodes = container ? nodesAt(definition, container) : [{ $ref: `#/definitions/${definition}` }];
    const objects = nodes.flatMap(objectsOf);
    // Every required field must be there for the object shape the request builds: the branch it matches best.
    if (objects.length !== 1) continue;
    for (const field of objects[0]!.required ?? []) {
      const path = container ? `${container}.${field}` : field;
      if (!present.has(path)) missing.push(path);
    }
  }
  return missing;
}

export function definitionProperties(definition: string): string[] {
  return Object.keys(schema.definitions[definition]?.properties ?? {});
}

/** The values a field may take when the schema lists them (enum or const, of the field or its array items); null when any. */
export function allowedValues(definition: string, path: string): unknown[] | null {
  const values: unknown[] = [];
  let open = false;
  const collect = (node: SchemaNode | undefined): void => {
    if (!node) return;
    if (node.$ref) collect(schema.definitions[node.$ref.replace('#/definitions/', '')]);
    else if (node.anyOf) for (const branch of node.anyOf) collect(branch);
    else if (node.items) collect(node.items);
    else if (node.enum) values.push(...node.enum);
    else if (node.const !== undefined) values.push(node.const);
    else open = true;
  };
  nodesAt(definition, path).forEach(collect);
  return open || values.length === 0 ? null : values;
}
