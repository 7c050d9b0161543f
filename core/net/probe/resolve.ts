import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import type { Deadline } from './deadline';

/** Host name → address overrides, like curl --resolve (keys compared case-insensitively). */
export type ResolveMap = { [host: string]: string } | undefined;

export function overriddenAddress(host: string, resolveMap: ResolveMap): string | null {
  if (!resolveMap) return null;
  const wanted = host.toLowerCase();
  for (const [name, address] of Object.entries(resolveMap)) if (name.toLowerCase() === wanted) return address;
  return null;
}

/** The address to connect to: a literal IP as is, then the request's resolve map, then the system resolver. */
export function resolveHost(host: string, resolveMap: ResolveMap, deadline: Deadline): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return Promise.resolve(bare);
  const overridden = overriddenAddress(bare, resolveMap);
  if (overridden) return Promise.resolve(overridden);
  return deadline.step<string>((resolve, reject) => {
    lookup(bare, (error, address) => (error ? reject(error) : resolve(address)));
    // dns.lookup cannot be cancelled; an abandoned lookup finishes in the thread pool and is ignored.
    return () => {};
  });
}

/** Every address of a name (for service-tag checks), honouring the resolve map. */
export function resolveAll(host: string, resolveMap: ResolveMap): Promise<string[]> {
  if (isIP(host)) return Promise.resolve([host]);
  const overridden = overriddenAddress(host, resolveMap);
  if (overridden) return Promise.resolve([overridden]);
  return new Promise((resolve, reject) =>
    lookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))),
  );
}
