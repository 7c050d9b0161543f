import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childText, elementsNamed, parseXml } from './support/xml-document';
import { parseSource, syntaxProblems } from './support/powershell-ast';
import { repoFiles, ROOT } from './support/repo-files';

const FORMAT_FILE = join(ROOT, 'ps-module', 'DefenderProxyTools.format.ps1xml');
const CONTROLS = ['TableControl', 'ListControl', 'WideControl', 'CustomControl'];

/** The PSTypeNames the module gives its objects (PSTypeName = '...', -TypeName '...', [OutputType('...')]). */
function typeNamesUsed(): Set<string> {
  const names = new Set<string>();
  for (const file of repoFiles(/\.(ps1|psm1)$/, join(ROOT, 'ps-module'))) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:PSTypeName\s*=\s*|-TypeName\s+|OutputType\()'(DefenderProxyTools\.\w+)'/g)) names.add(m[1]!);
  }
  return names;
}

const document = parseXml(readFileSync(FORMAT_FILE, 'utf8'));
const views = elementsNamed(document, 'View').map((view) => ({
  name: childText(view, 'Name'),
  typeNames: elementsNamed(view, 'TypeName').map((t) => t.text.trim()),
  controls: view.children.filter((c) => CONTROLS.includes(c.name)),
}));

test('the format file is well-formed XML rooted in <Configuration><ViewDefinitions>', () => {
  assert.is(document.name, 'Configuration');
  assert.equal(
    document.children.map((c) => c.name),
    ['ViewDefinitions'],
  );
  assert.ok(views.length > 0);
});

test('the XML reader rejects what is not well-formed', () => {
  for (const bad of ['<a><b></a></b>', '<a x=1></a>', '<a>&nbsp;</a>', '<a>1 < 2</a>', '<a></a><b></b>', '<a x="1" x="2"/>', '<a>']) {
    assert.throws(() => parseXml(bad), undefined, bad);
  }
});

test('every view has a unique name, one type, one control; table headers match their columns', () => {
  assert.is(new Set(views.map((v) => v.name)).size, views.length);
  for (const view of views) {
    assert.ok(view.name, 'view name');
    assert.is(view.typeNames.length, 1, `${view.name}: one TypeName`);
    assert.is(view.controls.length, 1, `${view.name}: one control`);
    const table = view.controls[0]!;
    if (table.name === 'TableControl') {
      assert.is(
        elementsNamed(table, 'TableColumnHeader').length,
        elementsNamed(table, 'TableColumnItem').length,
        `${view.name}: headers = columns`,
      );
    }
    for (const item of [...elementsNamed(table, 'TableColumnItem'), ...elementsNamed(table, 'ListItem')]) {
      const filled = ['PropertyName', 'ScriptBlock'].filter((k) => childText(item, k));
      assert.is(filled.length, 1, `${view.name}: an item has a PropertyName or a ScriptBlock`);
    }
  }
});

test('every PSTypeName the module emits has a table view and a list view; no view is for a type nobody emits', () => {
  const used = typeNamesUsed();
  assert.ok(used.size >= 8, `only ${used.size} type names found`);
  for (const typeName of used) {
    const kinds = views.filter((v) => v.typeNames[0] === typeName).map((v) => v.controls[0]!.name);
    assert.ok(kinds.includes('TableControl'), `${typeName}: table view`);
    assert.ok(kinds.includes('ListControl'), `${typeName}: list view`);
  }
  for (const view of views)
    assert.ok(used.has(view.typeNames[0]!), `${view.name} is for ${view.typeNames[0]}, which the module does not emit`);
});

test('every ScriptBlock in the views is valid PowerShell', async () => {
  for (const block of elementsNamed(document, 'ScriptBlock')) {
    const parsed = await parseSource(block.text);
    assert.equal(syntaxProblems(parsed.tree), [], block.text);
  }
});

test.run();
