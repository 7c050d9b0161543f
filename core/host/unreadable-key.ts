import type { UnreadableKey } from '../protocol';
import { ToolError } from '../errors';
import { fail } from '../messages';

/** What a host throws for a key that exists but could not be read: REGISTRY_KEY_UNREADABLE, never "absent". */
export function unreadableKeyError(unreadable: UnreadableKey): ToolError {
  return fail('REGISTRY_KEY_UNREADABLE', { key: unreadable.key, detail: unreadable.error }, { field: 'machine', details: { unreadable } });
}

/** The key a REGISTRY_KEY_UNREADABLE error is about; null for any other error. */
export function unreadableKeyOf(error: unknown): UnreadableKey | null {
  if (!(error instanceof ToolError) || error.code !== 'REGISTRY_KEY_UNREADABLE') return null;
  return (error.options.details as { unreadable?: UnreadableKey } | undefined)?.unreadable ?? null;
}
