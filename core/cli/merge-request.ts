/**
 * A request from JSON (stdin or --input FILE) with the flags on top: flags win field by field. Objects merge key by
 * key (`--proxy-url` keeps the file's `proxy.userName`); a list or a value given as a flag replaces the JSON's.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergeRequest(base: object, flags: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(flags)) {
    const existing = merged[key];
    merged[key] = isPlainObject(existing) && isPlainObject(value) ? mergeRequest(existing, value) : value;
  }
  return merged;
}

/** The value at a path of a request, or undefined. */
export function valueAt(request: unknown, path: readonly string[]): unknown {
  let node = request;
  for (const key of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of the request with a value set at a path (objects on the way are created or copied). */
export function withValueAt(request: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return request;
  const child = isPlainObject(request[head]) ? (request[head] as Record<string, unknown>) : {};
  return { ...request, [head]: rest.length === 0 ? value : withValueAt(child, rest, value) };
}
