// The DSC v3 manifests are valid by Microsoft's own schema and describe the instances the core takes; the PSDSC
// classes map onto the same instance fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classesIn, parseFile } from './support/powershell-ast';
import { definitionProperties } from './support/request-schema';
import { ROOT } from './support/repo-files';

const OFFICIAL_SCHEMA = join(__dirname, 'fixtures', 'dsc-resource-manifest.schema.json');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

const RESOURCES = [
  { name: 'MDIProxy', definition: 'MdiProxyInstance' },
  { name: 'MDEProxy', definition: 'MdeProxyInstance' },
];

/** PSDSC class property → DSC v3 instance field (null: the single-instance key, which the core does not need). */
const CLASS_FIELDS: Record<string, Record<string, string[] | null>> = {
  MDIProxy: {
    IsSingleInstance: null,
    ProxyUrl: ['proxyUrl'],
    ProxyCredential: ['userName', 'password'],
    Method: ['method'],
    Ensure: ['_exist'],
    MachineImage: ['machine'],
    UserName: ['userName'],
  },
  MDEProxy: {
    IsSingleInstance: null,
    ProxyServer: ['proxyServer'],
    Component: ['components'],
    IncludeWinHttp: ['includeWinHttp'],
    BypassList: ['bypassList'],
    PacUrl: ['pacUrl'],
    Ensure: ['_exist'],
    MachineImage: ['machine'],
  },
};

function manifestOf(name: string): any {
  return JSON.parse(readFileSync(join(ROOT, 'dsc', `DefenderProxyTools.${name}.dsc.resource.json`), 'utf8'));
}

function officialValidator(): ReturnType<Ajv2020['compile']> {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(OFFICIAL_SCHEMA, 'utf8')));
}

test('both manifests validate against the official DSC v3 manifest schema', () => {
  const validate = officialValidator();
  for (const { name } of RESOURCES) assert.ok(validate(manifestOf(name)), `${name}: ${JSON.stringify(validate.errors)}`);
});

test('the official schema does reject a broken manifest', () => {
  const validate = officialValidator();
  const manifest = manifestOf('MDIProxy');
  assert.not.ok(validate({ ...manifest, type: 'MDIProxy' }), 'type without owner');
  assert.not.ok(validate({ ...manifest, get: { ...manifest.get, input: 'pipe' } }), 'unknown input kind');
  assert.not.ok(validate({ ...manifest, exitCodes: { ok: 'Success' } }), 'exit code not a number');
});

for (const { name, definition } of RESOURCES) {
  test(`${name}: type, version, operations run "defenderproxy dsc <op> ${name}" with the instance on stdin`, () => {
    const manifest = manifestOf(name);
    assert.is(manifest.type, `DefenderProxyTools/${name}`);
    assert.is(manifest.version, version);
    for (const [key, operation] of [
      ['get', 'get'],
      ['set', 'set'],
      ['test', 'test'],
      ['whatIf', 'whatif'],
    ] as const) {
      assert.is(manifest[key].executable, 'defenderproxy');
      assert.equal(manifest[key].args, ['dsc', operation, name]);
      assert.is(manifest[key].input, 'stdin');
    }
    assert.is(manifest.set.return, 'state');
    for (const code of ['0', '2', '3', '4']) assert.type(manifest.exitCodes[code], 'string');
  });

  test(`${name}: the embedded instance schema has exactly the core's ${definition} fields`, () => {
    const embedded = manifestOf(name).schema.embedded;
    assert.equal(Object.keys(embedded.properties).sort(), definitionProperties(definition).sort());
    assert.is(embedded.additionalProperties, false);
    assert.is(embedded.properties._exist.$ref, 'https://aka.ms/dsc/schemas/v3/resource/properties/exist.json');
    assert.is(embedded.properties._inDesiredState.$ref, 'https://aka.ms/dsc/schemas/v3/resource/properties/inDesiredState.json');
  });
}

test('the PSDSC classes map every property onto an instance field the core takes', async () => {
  const classes = classesIn(await parseFile(join(ROOT, 'ps-module', 'DefenderProxyTools.psm1')));
  for (const { name, definition } of RESOURCES) {
    const resource = classes.find((c) => c.name === name)!;
    assert.ok(resource.dscResource, `${name} is a [DscResource()]`);
    assert.equal(resource.properties.map((p) => p.name).sort(), Object.keys(CLASS_FIELDS[name]!).sort());
    const fields = definitionProperties(definition);
    for (const mapped of Object.values(CLASS_FIELDS[name]!))
      for (const field of mapped ?? []) assert.ok(fields.includes(field), `${name}: ${field}`);
  }
});

test('the instance each PSDSC class sends to the core has only fields of that instance type', async () => {
  const parsed = await parseFile(join(ROOT, 'ps-module', 'DefenderProxyTools.psm1'));
  for (const { name, definition } of RESOURCES) {
    const node = parsed.tree.rootNode.descendantsOfType('class_statement').find((c) => c?.namedChildren[0]?.text === name)!;
    const keys = [...node.text.matchAll(/\$instance\.(\w+)\s*=|\$instance = \[ordered\]@\{ (\w+) =/g)].map((m) => m[1] ?? m[2]!);
    assert.ok(keys.includes('_exist') && keys.includes('machine'), `${name}: ${keys.join(', ')}`);
    for (const key of keys) assert.ok(definitionProperties(definition).includes(key), `${name} sends ${key}`);
    assert.match(node.text, new RegExp(`-Command 'dsc' -Arguments @\\('get', '${name}'\\)`));
  }
});

test.run();
