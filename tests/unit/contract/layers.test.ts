import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BELOW, BIOME_CONFIG, biomeConfigText, layerOf, reach } from '../../../build/layers';

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

function upwardImports(): string[] {
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
  assert.equal(Object.keys(BELOW).sort(), [
    'base',
    'cli',
    'commands',
    'dsc',
    'formats',
    'host',
    'net',
    'net/catalog',
    'net/probe',
    'net/routes',
    'safety',
    'stores',
  ]);
  assert.equal(upwardImports(), []);
});

test('the check sees type-only imports, re-exports and require()', () => {
  const seen = (file: string) => importsOf(join(CORE, file)).map((t) => relative(CORE, t));
  assert.ok(seen('commands/index.ts').includes('commands/get.ts'), 'require() in commands/index.ts');
  assert.ok(seen('stores/store.ts').includes('host/host.ts'), 'import type in stores/store.ts');
  assert.ok(seen('net/probe/advice.ts').includes('messages.ts'), 're-export in net/probe/advice.ts');
});

test('biome.jsonc carries the same layer rule, as `npm run layers` writes it from build/layers.ts', () => {
  const text = readFileSync(BIOME_CONFIG, 'utf8');
  assert.ok(text === biomeConfigText(text), 'biome.jsonc is out of date: run npm run layers');
});

test.run();
