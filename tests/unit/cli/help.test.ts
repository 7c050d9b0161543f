import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { schemaPath } from '../../../build/schema';
import { flagTable, type Schema } from '../../../core/cli/flag-table';
import { renderCommandHelp, renderUsage } from '../../../core/cli/help';
import { commands } from '../../../core/commands/index';

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
const plain = { color: false, width: 120 };
const help = (name: string, style = plain) => {
  const command = commands[name as keyof typeof commands]!;
  return renderCommandHelp({ name, summary: command.summary, arguments: command.arguments }, flagTable(schema, name), style);
};

test('help lists every flag of every command with its description, type, values and an example', () => {
  for (const name of Object.keys(commands)) {
    const text = help(name).replace(/\s+/g, ' ');
    for (const flag of flagTable(schema, name).flags) {
      assert.ok(text.includes(`--${flag.name}`), `${name}: --${flag.name}`);
      assert.ok(text.includes(flag.description.split(' ').slice(0, 3).join(' ')), `${name}: --${flag.name} description`);
      if (flag.allowed) assert.ok(text.includes(`values: ${flag.allowed.join(', ')}`), `${name}: --${flag.name} values`);
    }
  }
  const test = help('test');
  assert.match(test, /--product <choice>\s+\(required\) Whose URLs to test/);
  assert.match(test, /--routes <choice,\.\.\.>/);
  assert.match(test, 'e.g. --routes explicit,direct');
  assert.match(test, /--resolve <name=text,\.\.\.>/);
  assert.match(test, 'e.g. --resolve contoso-corpsensorapi.atp.azure.com=127.0.0.1');
  assert.match(test, /--timeout-ms <number>/);
});

test('help names the secrets and how to give them, and --what-if only for set and clear', () => {
  const set = help('set');
  assert.match(set, /proxy\.password\s+Asked for without echo at a terminal when --proxy-user-name is given/);
  assert.not.match(set, '--proxy-password');
  assert.match(set, '--what-if');
  assert.not.match(help('get'), '--what-if');
  assert.not.match(help('get'), 'Secrets');
  assert.match(help('dsc'), 'defenderproxy dsc <get|set|test|whatif> <MDIProxy|MDEProxy> [flags]');
});

test('help lines fit the width; colour only when asked', () => {
  // A long single word (a URL) and an example command line (kept whole, to be copied) may run over.
  for (const line of help('test', { color: false, width: 80 }).split('\n')) {
    assert.ok(line.length <= 80 || !line.trim().includes(' ') || line.startsWith('  defenderproxy '), line);
  }
  assert.not.match(help('test'), '\x1b[');
  assert.match(help('test', { color: true, width: 120 }), '\x1b[1m');
});

test('the general usage lists every command and the exit codes', () => {
  const text = renderUsage(
    '1.2.3',
    Object.values(commands).map((c) => ({ name: c!.name, summary: c!.summary })),
    plain,
  );
  for (const name of Object.keys(commands)) assert.match(text, new RegExp(`^  ${name} `, 'm'));
  assert.match(text, '130 interrupted');
  assert.match(text, 'defenderproxy help <command>');
});

test.run();
