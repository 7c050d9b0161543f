import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
      throw new Error(`this executable was built without the "${QUICKJS_WASM_ASSET}" asset, so it cannot evaluate PAC files`);
    }
  }
  // createRequire: a plain require.resolve would make esbuild warn that it cannot bundle the lookup.
  return readFileSync(join(dirname(createRequire(__filename).resolve('quickjs-wasi')), '..', 'quickjs.wasm'));
}
