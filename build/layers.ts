// The core's layers, in one table: the layer test (tests/unit/contract/layers.test.ts) checks every import of
// core/ against it, and `npm run layers` writes the same rule into biome.jsonc, so the linter carries it too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each layer names the layers right below it, and may import from those and from whatever they may import,
 * never from a layer above or beside it. Stores and the net stack do not know each other; commands compose them.
 */
export const BELOW: Record<string, string[]> = {
  base: [],
  formats: ['base'],
  host: ['formats'],
  stores: ['host'],
  'net/catalog': ['formats'],
  'net/probe': ['net/catalog'],
  'net/routes': ['net/probe'],
  net: ['net/routes'],
  safety: ['stores'],
  dsc: ['stores'],
  commands: ['safety', 'dsc', 'net'],
  cli: ['commands'],
};

/**
 * The base: the contract, errors, messages and their locales, logging, stdio. The CLI: entry, response, validation,
 * and core/cli/ (flags, help, summaries, terminal I/O).
 */
const BASE = /^(protocol|errors|messages|log|io)\.ts$|^locales\//;
const CLI = /^(bin|cli|response|validate)\.ts$|^cli\//;
const FOLDERS = ['net/catalog', 'net/probe', 'net/routes', 'net', 'formats', 'host', 'stores', 'safety', 'dsc', 'commands'];

/** The layer of a core/-relative path; throws for a path in none (a new top-level file must be placed). */
export function layerOf(path: string): string {
  if (BASE.test(path)) return 'base';
  if (CLI.test(path)) return 'cli';
  const folder = FOLDERS.find((f) => path.startsWith(f + '/'));
  if (!folder) throw new Error(`core/${path} belongs to no layer: place it in build/layers.ts and the README`);
  return folder;
}

/** A layer with everything it may import, itself included. */
export function reach(layer: string): Set<string> {
  return new Set([layer, ...BELOW[layer]!.flatMap((below) => [...reach(below)])]);
}

/** The files of each layer, as biome.jsonc `includes` globs. */
const INCLUDES: Record<string, string[]> = {
  base: ['core/protocol.ts', 'core/errors.ts', 'core/messages.ts', 'core/log.ts', 'core/io.ts'],
  cli: ['core/bin.ts', 'core/cli.ts', 'core/response.ts', 'core/validate.ts', 'core/cli/**'],
  net: ['core/net/*.ts'],
};

/**
 * Import specifiers (gitignore-style, as Biome's noRestrictedImports matches them) that reach a layer from
 * `from`. Approximate by nature, since Biome matches the written specifier: the layer test resolves each
 * import to its file and is the exact check; these patterns give the same answer in an editor.
 */
function patternsFor(layer: string, from: string): string[] {
  if (layer === 'cli') return ['**/cli', '**/response', '**/validate', '**/bin'];
  if (layer === 'net') return from.startsWith('net/') ? ['../*'] : ['**/net/**'];
  return [`**/${layer.replace(/^net\//, '')}/**`];
}

/** The `overrides` of biome.jsonc that forbid each layer's upward and sideways imports. */
export function biomeLayerOverrides(): object[] {
  return Object.keys(BELOW)
    .filter((layer) => layer !== 'cli')
    .map((layer) => {
      const forbidden = Object.keys(BELOW).filter((other) => !reach(layer).has(other));
      return {
        includes: INCLUDES[layer] ?? [`core/${layer}/**`],
        linter: {
          rules: {
            style: {
              noRestrictedImports: {
                level: 'error',
                options: {
                  patterns: forbidden.map((other) => ({
                    group: patternsFor(other, layer),
                    message: `core/${layer} may not import ${other}: layers import only downward (build/layers.ts, README "Layers").`,
                  })),
                },
              },
            },
          },
        },
      };
    });
}

export const BIOME_CONFIG = join(__dirname, '..', 'biome.jsonc');
const START = '// ─── layers: written by `npm run layers` from build/layers.ts ───';
const END = '// ─── end of layers ───';

/** biome.jsonc with its layer overrides as build/layers.ts says. */
export function biomeConfigText(current: string): string {
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  if (from === -1 || to === -1) throw new Error(`biome.jsonc lacks the markers ${START} … ${END}`);
  const body = biomeLayerOverrides()
    .map((o) => '    ' + JSON.stringify(o))
    .join(',\n');
  return `${current.slice(0, from)}${START}\n${body}\n    ${current.slice(to)}`;
}

if (require.main === module) {
  writeFileSync(BIOME_CONFIG, biomeConfigText(readFileSync(BIOME_CONFIG, 'utf8')));
  process.stdout.write(`wrote the layer overrides of ${BIOME_CONFIG}\n`);
}
