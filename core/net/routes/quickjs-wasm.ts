import { detail } from '../../messages';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { capWasmMemory } from './wasm-memory-cap';

/** The SEA asset name the executable must carry quickjs.wasm under (sea-config `assets`). */
export const QUICKJS_WASM_ASSET = 'quickjs.wasm';

/**
 * The QuickJS engine that runs PAC files. quickjs-wasi finds its .wasm beside its own module through
 * import.meta.url, which a bundled single executable no longer has: there it comes from the SEA asset, in
 * development from node_modules.
 */
export function quickjsWasm(): Uint8Array {
  const sea = require('node:sea') as { isSea(): boolean; getAsset(key: string): ArrayBuffer };
  if (sea.isSea()) {
    try {
      return new Uint8Array(sea.getAsset(QUICKJS_WASM_ASSET));
    } catch {
      throw new Error(detail('QUICKJS_ASSET_MISSING', { asset: QUICKJS_WASM_ASSET }));
    }
  }
  // createRequire: a plain require.resolve would make esbuild warn that it cannot bundle the lookup.
  return readFileSync(join(dirname(createRequire(__filename).resolve('quickjs-wasi')), '..', 'quickjs.wasm'));
}

/** A compiled WebAssembly.Module, opaque here: this project's lib settings do not type WebAssembly. */
export type WasmModule = object;
/** The global WebAssembly object. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;
const compiled = new Map<number, Promise<WasmModule>>();

/** The engine compiled once per process, its memory unable to grow past `maxBytes` (see wasm-memory-cap). */
export function cappedQuickjsModule(maxBytes: number): Promise<WasmModule> {
  const known = compiled.get(maxBytes);
  if (known) return known;
  const module = wasmApi.compile(capWasmMemory(quickjsWasm(), maxBytes));
  compiled.set(maxBytes, module);
  return module;
}
