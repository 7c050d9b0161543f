import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import locale from '../../../core/locales/en-us.json';
import {
  conflict,
  detail,
  errorMessage,
  fail,
  logLine,
  note,
  phrase,
  placeholdersOf,
  render,
  routeNote,
  signatures,
  terminalText,
} from '../../../core/messages';

const ROOT = join(__dirname, '..', '..', '..');
const TEMPLATED = ['errors', 'conflicts', 'log', 'phrases', 'details', 'routes', 'notes', 'terminal'] as const;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(folder, e.name)) : e.name.endsWith('.ts') ? [join(folder, e.name)] : [],
  );
}

/** A value no sentence could contain by chance, so that each one is found again in the rendered text. */
const marker = (name: string) => `<<${name}>>`;

test('every templated sentence uses exactly the placeholders its signature declares', () => {
  for (const section of TEMPLATED) {
    const sentences = locale[section] as Record<string, string>;
    assert.equal(
      Object.keys(signatures[section]).sort(),
      Object.keys(sentences).sort(),
      `${section}: the signatures and the locale name the same keys`,
    );
    for (const [key, sentence] of Object.entries(sentences)) {
      assert.equal(placeholdersOf(sentence).sort(), [...signatures[section][key]!].sort(), `${section}.${key}: "${sentence}"`);
    }
  }
});

test('every key renders: each placeholder filled with its value, none left over', () => {
  let rendered = 0;
  for (const section of TEMPLATED) {
    for (const [key, names] of Object.entries(signatures[section])) {
      const values = Object.fromEntries(names.map((n) => [n, marker(n)]));
      const text = {
        errors: () => (errorMessage as (k: string, v: object) => string)(key, values),
        conflicts: () => (conflict as (k: string, v: object) => { message: string })(key, values).message,
        log: () => (logLine as (l: string, k: string, v: object) => { message: string })('info', key, values).message,
        phrases: () => (phrase as (k: string, v: object) => string)(key, values),
        details: () => (detail as (k: string, v: object) => string)(key, values),
        routes: () => (routeNote as (k: string, v: object) => string)(key, values),
        notes: () => (note as (k: string, v: object) => string)(key, values),
        terminal: () => (terminalText as (k: string, v: object) => string)(key, values),
      }[section]();
      for (const name of names) assert.ok(text.includes(marker(name)), `${section}.${key} shows {${name}}`);
      assert.not.match(text, /\{[A-Za-z][A-Za-z0-9]*\}/, `${section}.${key}: a placeholder is left in "${text}"`);
      rendered++;
    }
  }
  for (const [code, sentence] of Object.entries(locale.advice)) {
    assert.equal(placeholdersOf(sentence), [], `advice.${code} takes no placeholders`);
    rendered++;
  }
  assert.ok(rendered > 100, `${rendered} keys rendered`);
});

test('sentences are written out: errors, advice and conflicts are capitalised and end with a full stop or question mark', () => {
  for (const [key, sentence] of [...Object.entries(locale.errors), ...Object.entries(locale.advice), ...Object.entries(locale.conflicts)]) {
    assert.ok(/^[A-Z`"{].*[.?]$/s.test(sentence), `${key}: "${sentence}"`);
  }
  for (const key of TEMPLATED.flatMap((section) => Object.keys(locale[section])).concat(Object.keys(locale.advice))) {
    assert.ok(/^[A-Z][A-Z0-9_]*$/.test(key), `${key} is an UPPER_SNAKE key`);
  }
});

test('every key is used by the core: the locale holds no dead sentence', () => {
  // Only the renderer itself is left out (not formats/ntlm-messages.ts, whose name also ends in messages.ts).
  const sources = sourceFiles(join(ROOT, 'core')).filter((f) => f !== join(ROOT, 'core', 'messages.ts'));
  const used = new Set(sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!)));
  for (const section of [...TEMPLATED, 'advice'] as const) {
    for (const key of Object.keys(locale[section])) assert.ok(used.has(key), `${section}.${key} is not used in core/`);
  }
});

test('the conflicts are exactly the issue codes of the contract (MdiIssueCode in the schema)', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'defenderproxy.schema.json'), 'utf8'));
  assert.equal([...schema.definitions.MdiIssueCode.enum].sort(), Object.keys(locale.conflicts).sort());
});

test('rendering fills each placeholder once: braces inside a value stay as they are', () => {
  assert.is(render('a {x} b {y}', { x: '{y}', y: 2 }), 'a {y} b 2');
  assert.is(render('JSON like {"product":"mdi"} is not a placeholder', {}), 'JSON like {"product":"mdi"} is not a placeholder');
  const error = fail('FIELD_MISSING', { field: 'proxy.url' }, { field: 'proxy.url' });
  assert.is(error.code, 'FIELD_MISSING');
  assert.is(error.message, 'The field "proxy.url" is required.');
  assert.is(error.field, 'proxy.url');
  assert.equal(logLine('info', 'BACKUP_WRITTEN', { id: 'b1', path: '/x' }), {
    level: 'info',
    code: 'BACKUP_WRITTEN',
    message: 'Backup b1 written to /x.',
  });
});

test.run();
