import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { schemaPath } from '../../../build/schema';
import { flagTable, type Schema } from '../../../core/cli/flag-table';
import { parseCommandLine } from '../../../core/cli/parse-args';
import { gatherRequest } from '../../../core/cli/request-source';
import type { ToolError } from '../../../core/errors';

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
const folder = mkdtempSync(join(tmpdir(), 'dp-request-source-'));

/** At a terminal stdin is not read, so these run without touching this process's stdin. */
async function gather(command: string, words: string[], answers: string[] = []) {
  const prompts: string[] = [];
  const line = parseCommandLine(words, { command, takesArguments: false, flagTable: () => flagTable(schema, command) });
  const request = await gatherRequest({
    line,
    stdinIsTerminal: true,
    acceptsEmptyRequest: false,
    flagTable: () => flagTable(schema, command),
    askSecret: async (prompt) => {
      prompts.push(prompt);
      return answers.shift() ?? '';
    },
  });
  return { request, prompts };
}

test('at a terminal: the flags are the request; no flags is an empty request', async () => {
  assert.equal((await gather('get', ['--product', 'mdi'])).request, { product: 'mdi' });
  assert.equal((await gather('get', [])).request, {});
});

test('--input FILE with flags on top, field by field', async () => {
  const file = join(folder, 'request.json');
  writeFileSync(
    file,
    JSON.stringify({ product: 'mdi', proxy: { url: 'http://old:1', userName: 'CONTOSO\\u', password: 'from-file' }, routes: ['sensor'] }),
  );
  const { request, prompts } = await gather('test', ['--input', file, '--proxy-url', 'http://new:2']);
  assert.equal(request, {
    product: 'mdi',
    proxy: { url: 'http://new:2', userName: 'CONTOSO\\u', password: 'from-file' },
    routes: ['sensor'],
  });
  assert.equal(prompts, [], 'a password from the file is not asked for again');
});

test('an empty or broken --input file is refused as a stdin request would be', async () => {
  const empty = join(folder, 'empty.json');
  writeFileSync(empty, '');
  await gather('get', ['--input', empty]).then(
    () => assert.unreachable(),
    (error: ToolError) => assert.is(error.code, 'REQUEST_EMPTY'),
  );
  await gather('get', ['--input', join(folder, 'missing.json')]).then(
    () => assert.unreachable(),
    (error: ToolError) => assert.equal([error.code, error.field], ['REQUEST_INPUT_UNREADABLE', '--input']),
  );
});

test('a user name at a terminal asks for its password; Enter leaves it out', async () => {
  const asked = await gather('set', ['--proxy-url', 'http://p:1', '--proxy-user-name', 'CONTOSO\\svc'], ['typed secret']);
  assert.equal(asked.prompts, ['Password for CONTOSO\\svc (proxy.password; Enter to leave it out): ']);
  assert.equal(asked.request, { proxy: { url: 'http://p:1', userName: 'CONTOSO\\svc', password: 'typed secret' } });
  const skipped = await gather('set', ['--proxy-url', 'http://p:1', '--proxy-user-name', 'CONTOSO\\svc'], ['']);
  assert.equal(skipped.request, { proxy: { url: 'http://p:1', userName: 'CONTOSO\\svc' } });
  assert.equal((await gather('set', ['--proxy-url', 'http://p:1'])).prompts, [], 'no user, no question');
  const compare = await gather('compare', ['--desired-mdi-proxy-url', 'http://p:1', '--desired-mdi-user-name', 'CONTOSO\\svc'], ['x']);
  assert.equal(compare.request, { desired: { mdi: { proxyUrl: 'http://p:1', userName: 'CONTOSO\\svc', password: 'x' } } });
});

test.run();
