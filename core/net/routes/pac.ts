import { lookup } from 'node:dns';
import { networkInterfaces } from 'node:os';
import { fetchText } from './fetch-text';
import { overriddenAddress, type ResolveMap } from '../probe/resolve';
import { quickjsWasm } from './quickjs-wasm';

/** A loaded PAC file: FindProxyForURL for any URL, until disposed. */
export interface PacScript {
  findProxy(url: string): Promise<string>;
  dispose(): void;
}

function lookupOrNull(host: string, resolveMap: ResolveMap): Promise<string | null> {
  const overridden = overriddenAddress(host, resolveMap);
  if (overridden) return Promise.resolve(overridden);
  return new Promise((resolve) => lookup(host, { family: 4 }, (error, address) => resolve(error ? null : address)));
}

function firstExternalIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/**
 * The PAC helpers that touch the network, replaced so that they honour the request's resolve map and never
 * reach out: pac-resolver's own myIpAddress opens a UDP socket towards a public address to learn the local one.
 */
function sandbox(resolveMap: ResolveMap) {
  return {
    dnsResolve: async (host: string) => lookupOrNull(host, resolveMap),
    isResolvable: async (host: string) => (await lookupOrNull(host, resolveMap)) !== null,
    myIpAddress: async () => firstExternalIpv4(),
  };
}

/** Evaluates PAC text with pac-resolver in a QuickJS sandbox (the script never runs in our own VM). */
export async function compilePac(text: string, resolveMap: ResolveMap): Promise<PacScript> {
  const [{ createPacResolver }, { QuickJS }] = await Promise.all([import('pac-resolver'), import('quickjs-wasi')]);
  const vm = await QuickJS.create({ wasm: quickjsWasm() });
  try {
    const find = createPacResolver(vm, text, { sandbox: sandbox(resolveMap) });
    return { findProxy: (url) => find(url), dispose: () => vm.dispose() };
  } catch (error) {
    vm.dispose();
    throw error;
  }
}

export async function loadPac(pacUrl: string, resolveMap: ResolveMap, timeoutMs: number): Promise<PacScript> {
  return compilePac(await fetchText(pacUrl, resolveMap, timeoutMs), resolveMap);
}
