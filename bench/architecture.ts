// The architecture's figures of a checkout (issue 15's before/after table): lines per layer, imports that go up
// or sideways, sentences under a key and sentences written inline. Not a timing benchmark: it reads source.
//   npx tsx bench/architecture.ts <checkout>          (e.g. a `git worktree add /tmp/before <commit>`)
// An inline sentence is a string or template literal of three words or more outside the locale; it also counts
// codec and probe details and endpoint descriptions, so it is an upper bound, compared like for like.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { layerOf as layerNow, reach } from '../build/layers';
import { inlineSentences } from '../build/inline-sentences';

const root = resolve(process.argv[2] ?? join(__dirname, '..'));
const CORE = join(root, 'core');
// The original tree had net/ flat and windows-path.ts at the root: place them as the table would.
function layerOf(path: string): string {
  if (path === 'windows-path.ts') return 'formats';
  if (/^net\/[^/]+$/.test(path) && !existsSync(join(root, 'core/net/probe'))) return 'net';
  return layerNow(path);
}
function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(folder, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(folder, e.name)] : [],
  );
}
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
const all = files(CORE);
const lines: Record<string, number> = {};
let upward = 0;
const upwardList: string[] = [];
let inline = 0;
const inlineSamples: string[] = [];
for (const file of all) {
  const rel = relative(CORE, file);
  const layer = layerOf(rel);
  const text = readFileSync(file, 'utf8');
  lines[layer] = (lines[layer] ?? 0) + text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  for (const m of text.matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), m[2]!);
    const found = [target, `${target}.ts`, join(target, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
    if (!found || !found.startsWith(CORE + '/')) continue;
    const to = layerOf(relative(CORE, found));
    const fromReach = layer === 'net' && !existsSync(join(root, 'core/net/probe')) ? new Set([...reach('net'), 'net']) : reach(layer);
    if (!fromReach.has(to)) {
      upward++;
      upwardList.push(`${rel} → ${relative(CORE, found)}`);
    }
  }
  // A sentence a user reads, written inline: a string or template literal of three words or more.
  if (rel === 'messages.ts') continue;
  for (const value of inlineSentences(file, text)) {
    inline++;
    if (inlineSamples.length < 400) inlineSamples.push(`${rel}: ${value.slice(0, 90).replace(/\n/g, ' ')}`);
  }
}
const localeFile = join(CORE, 'locales', 'en-us.json');
let coded: number;
if (existsSync(localeFile)) {
  const locale = JSON.parse(readFileSync(localeFile, 'utf8')) as Record<string, object>;
  coded = Object.values(locale).reduce((n, section) => n + Object.keys(section).length, 0);
} else {
  const messages = readFileSync(join(CORE, 'messages.ts'), 'utf8');
  const advice = readFileSync(join(CORE, 'net', 'advice.ts'), 'utf8');
  coded = (messages.match(/^ {2}[A-Z_]+: /gm) ?? []).length + (advice.match(/^ {2}[A-Z_]+:/gm) ?? []).length;
}
process.stdout.write(
  JSON.stringify(
    { root, files: all.length, lines, totalLines: Object.values(lines).reduce((a, b) => a + b, 0), upward, upwardList, coded, inline },
    null,
    1,
  ) + '\n',
);
if (process.env.SAMPLES) process.stdout.write(inlineSamples.join('\n') + '\n');
