import { detail } from '../../messages';
import type { ServiceTagMatch } from '../../protocol';
import { cidrContains, parseCidr, type Cidr } from './cidr';

/** One tag of Azure's "Service Tags – Public" file with its parsed prefixes. */
export interface ServiceTag {
  name: string;
  prefixes: { text: string; cidr: Cidr }[];
}

/**
 * The tags named `wanted` (and their regional variants, `Name.Region`) from the file's JSON. Throws an Error
 * with a sentence when the JSON does not have the file's shape.
 */
export function parseServiceTags(json: unknown, wanted: string[]): ServiceTag[] {
  const values = (json as { values?: unknown })?.values;
  if (!Array.isArray(values)) throw new Error(detail('SERVICE_TAGS_NO_VALUES'));
  const matches = (name: string) => wanted.some((w) => name === w || name.startsWith(`${w}.`));
  const tags: ServiceTag[] = [];
  for (const value of values as { name?: unknown; properties?: { addressPrefixes?: unknown } }[]) {
    if (typeof value?.name !== 'string' || !matches(value.name)) continue;
    const prefixes = Array.isArray(value.properties?.addressPrefixes) ? (value.properties!.addressPrefixes as unknown[]) : [];
    tags.push({
      name: value.name,
      prefixes: prefixes.flatMap((p) => {
        const cidr = typeof p === 'string' ? parseCidr(p) : null;
        return cidr ? [{ text: p as string, cidr }] : [];
      }),
    });
  }
  return tags;
}

/** Which tags contain an address, and the longest matching prefix. */
export function matchAddress(host: string, address: string, tags: ServiceTag[]): ServiceTagMatch {
  const names: string[] = [];
  let best: { text: string; bits: number } | null = null;
  for (const tag of tags) {
    const hits = tag.prefixes.filter((p) => cidrContains(p.cidr, address));
    if (hits.length === 0) continue;
    names.push(tag.name);
    for (const hit of hits) if (!best || hit.cidr.bits > best.bits) best = { text: hit.text, bits: hit.cidr.bits };
  }
  return { host, address, tags: names, prefix: best?.text ?? null };
}
