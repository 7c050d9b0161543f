import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The core's layers (README "Code layout"): each names the layers right below it, and may import from those
 * and from whatever they may import, never from a layer above or beside it. Every import counts: type-only
 * imports, re-exports, require() and import(). Stores and the net stack do not know each other; commands
 * compose them.
 */
const BELOW: Record<string, string[]> = {
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

/** A layer with everything it may import, itself included. */
function reach(layer: string): Set<string> {
  return new Set([layer, ...BELOW[layer]!.flatMap((below) => [...reach(below)])]);
}

/** core/-relative path → layer. The base: the contract, errors, messages and their locales, logging, stdio. */
function layerOf(path: string): string {
  if (/^(protocol|errors|messages|log|io)\.ts$/.test(path) || path.startsWith('locales/')) return 'base';
  if (/^(bin|cli|response|validate)\.ts$/.test(path)) return 'cli';
  for (const folder of ['net/catalog', 'net/probe', 'net/routes', 'net', 'formats', 'host', 'stores', 'safety', 'dsc', 'commands']) {
    if (path.startsWith(folder + '/')) return folder;
  }
  throw new Error(`core/${path} belongs to no layer: add it to the table in this test and to the README`);
}

const CORE = join(__dirname, '..', '..', '..', 'core');

function modules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(folder, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(folder, e.name)] : [],
  );
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** The core files a module imports (relative specifiers that land in core/), whatever the kind of import. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)]
    .map((m) => resolve(dirname(file), m[2]!))
    .map((target) => [target, `${target}.ts`, join(target, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile()) ?? target)
    .filter((target) => target.startsWith(CORE + '/'));
}

export function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of modules(CORE)) {
    const from = layerOf(relative(CORE, file));
    for (const target of importsOf(file)) {
      const to = layerOf(relative(CORE, target));
      if (!reach(from).has(to)) found.push(`core/${relative(CORE, file)} (${from}) → core/${relative(CORE, target)} (${to})`);
    }
  }
  return found;
}

test('every module of core/ sits in a layer, and no import goes up or sideways', () => {
  assert.equal(Object.keys(BELOW).sort(), ['base', 'cli', 'commands', 'dsc', 'formats', 'host', 'net', 'net/catalog', 'net/probe', 'net/routes', 'safety', 'stores']);
  assert.equal(upwardImports(), []);
});

test('the check sees type-only imports, re-exports and require()', () => {
  const seen = (file: string) => importsOf(join(CORE, file)).map((t) => relative(CORE, t));
  assert.ok(seen('commands/index.ts').includes('commands/get.ts'), 'require() in commands/index.ts');
  assert.ok(seen('stores/store.ts').includes('host/host.ts'), 'import type in stores/store.ts');
  assert.ok(seen('net/probe/advice.ts').includes('messages.ts'), 're-export in net/probe/advice.ts');
});

test.run();
