// The cmdlets' declarations (ps-module/DefenderProxyTools.requests.json, which New-DefenderProxyRequest builds every
// request from) against the core's JSON Schema: every parameter of every public cmdlet is declared, every field it
// fills exists, takes the values the parameter can give, and every request carries the required fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsIn, parseFile, type PsFunction, type PsParameter } from './support/powershell-ast';
import { allowedValues, hasField, missingRequired, requestDefinition } from './support/request-schema';
import { ROOT } from './support/repo-files';

interface Rule {
  field?: string;
  urlField?: string;
  path?: boolean;
  lowercase?: boolean;
  values?: Record<string, string>;
  multiply?: number;
  defaultPath?: string;
  ifEmpty?: Record<string, unknown>;
  credential?: string;
  noField?: string;
  addValue?: Record<string, string>;
}
interface Declaration {
  command: string;
  request: Record<string, unknown>;
  parameters: Record<string, Rule>;
}

const RULE_KEYS = [
  'field',
  'urlField',
  'path',
  'lowercase',
  'values',
  'multiply',
  'defaultPath',
  'ifEmpty',
  'credential',
  'noField',
  'addValue',
];
const declarations = (
  JSON.parse(readFileSync(join(ROOT, 'ps-module', 'DefenderProxyTools.requests.json'), 'utf8')) as { cmdlets: Record<string, Declaration> }
).cmdlets;

const ready = (async () => {
  const functions: PsFunction[] = [];
  for (const file of readdirSync(join(ROOT, 'ps-module', 'Public')))
    functions.push(...functionsIn((await parseFile(join(ROOT, 'ps-module', 'Public', file))).tree));
  return functions;
})();

/** `desired.mdi.proxyUrl` and every object on its way: `desired`, `desired.mdi`. */
function withParents(path: string): string[] {
  const steps = path.split('.');
  return steps.map((_, i) => steps.slice(0, i + 1).join('.'));
}

function parameterAttribute(parameter: PsParameter): { mandatory: boolean; set: string | null }[] {
  return parameter.attributes
    .filter((a) => a.name === 'Parameter')
    .map((a) => ({ mandatory: a.named.Mandatory === '$true', set: a.named.ParameterSetName ?? null }));
}

/** The parameter sets a cmdlet has (one unnamed set when it declares none). */
function setsOf(fn: PsFunction): (string | null)[] {
  const named = new Set(fn.parameters.flatMap((p) => parameterAttribute(p).map((a) => a.set)).filter((s): s is string => s !== null));
  return named.size > 0 ? [...named] : [null];
}

function inSet(parameter: PsParameter, set: string | null): boolean {
  const attributes = parameterAttribute(parameter);
  return attributes.length === 0 || attributes.some((a) => a.set === null || a.set === set);
}

/** The values a parameter can hold, when they are a fixed list ([ValidateSet]). */
function validateSet(parameter: PsParameter): string[] | null {
  return parameter.attributes.find((a) => a.name === 'ValidateSet')?.args ?? null;
}

test('every public cmdlet is declared, with each of its parameters, and nothing else; every rule is one the builder knows', async () => {
  const functions = await ready;
  assert.equal(functions.map((f) => f.name).sort(), Object.keys(declarations).sort());
  for (const fn of functions) {
    assert.equal(fn.parameters.map((p) => p.name).sort(), Object.keys(declarations[fn.name]!.parameters).sort(), fn.name);
    for (const [parameter, rule] of Object.entries(declarations[fn.name]!.parameters)) {
      for (const key of Object.keys(rule)) assert.ok(RULE_KEYS.includes(key), `${fn.name} -${parameter}: unknown rule ${key}`);
      const kinds = ['field', 'credential', 'noField'].filter((k) => k in rule);
      assert.is(kinds.length, 1, `${fn.name} -${parameter}: one of field, credential or noField`);
    }
  }
});

test('a switch that adds a value adds one its target parameter can hold, in the same parameter sets', async () => {
  let seen = 0;
  for (const fn of await ready) {
    for (const [name, rule] of Object.entries(declarations[fn.name]!.parameters)) {
      if (!rule.addValue) continue;
      const source = fn.parameters.find((p) => p.name === name)!;
      assert.is(source.type?.toLowerCase(), 'switch', `${fn.name} -${name}: addValue is for switches`);
      for (const [target, value] of Object.entries(rule.addValue)) {
        const parameter = fn.parameters.find((p) => p.name === target);
        assert.ok(parameter, `${fn.name} -${name}: adds to -${target}, which the cmdlet does not have`);
        assert.ok(declarations[fn.name]!.parameters[target]!.field, `${fn.name} -${target}: receives a value but sends no field`);
        assert.ok(validateSet(parameter!)?.includes(value), `${fn.name} -${name}: -${target} cannot hold ${value}`);
        for (const set of setsOf(fn))
          assert.is(inSet(parameter!, set), inSet(source, set), `${fn.name} -${name} and -${target} in set ${set}`);
        seen++;
      }
    }
  }
  assert.ok(seen >= 5, 'every -IncludeWinHttp is declared with addValue');
});

test('every field a cmdlet fills exists in the request of its command, the fixed ones too', () => {
  for (const [name, declaration] of Object.entries(declarations)) {
    const definition = requestDefinition(declaration.command);
    for (const field of Object.keys(declaration.request))
      assert.ok(hasField(definition, field), `${name}: ${declaration.command} has no field ${field}`);
    for (const [parameter, rule] of Object.entries(declaration.parameters)) {
      const fields = [rule.field, rule.urlField, ...Object.keys(rule.ifEmpty ?? {})].filter((f): f is string => !!f);
      for (const field of fields)
        assert.ok(hasField(definition, field), `${name} -${parameter}: ${declaration.command} has no field ${field}`);
      if (rule.credential !== undefined) {
        for (const field of ['userName', 'password']) {
          const path = rule.credential ? `${rule.credential}.${field}` : field;
          assert.ok(hasField(definition, path), `${name} -${parameter}: ${declaration.command} has no field ${path}`);
        }
      }
    }
  }
});

test('every value a parameter can give is one the field takes: ValidateSet choices, looked up or lower-cased', async () => {
  for (const fn of await ready) {
    const declaration = declarations[fn.name]!;
    const definition = requestDefinition(declaration.command);
    for (const [field, value] of Object.entries(declaration.request)) {
      const allowed = allowedValues(definition, field);
      if (allowed) assert.ok(allowed.includes(value), `${fn.name}: ${field} = ${JSON.stringify(value)}`);
    }
    for (const parameter of fn.parameters) {
      const rule = declaration.parameters[parameter.name]!;
      const choices = validateSet(parameter);
      if (!rule.field || !choices) continue;
      const allowed = allowedValues(definition, rule.field);
      assert.ok(allowed, `${fn.name} -${parameter.name}: ${rule.field} takes any value, yet the parameter has a ValidateSet`);
      for (const choice of choices) {
        const looked = rule.values ? rule.values[choice] : choice;
        assert.ok(looked !== undefined, `${fn.name} -${parameter.name}: no value declared for ${choice}`);
        const sent = rule.lowercase ? looked!.toLowerCase() : looked;
        assert.ok(
          allowed!.includes(sent),
          `${fn.name} -${parameter.name} ${choice} sends ${sent}, which ${rule.field} does not take (${allowed!.join(', ')})`,
        );
      }
    }
  }
});

test('every request carries the fields its command requires, in every parameter set, with values or left empty', async () => {
  for (const fn of await ready) {
    const declaration = declarations[fn.name]!;
    for (const set of setsOf(fn)) {
      // Always sent: the fixed fields, and what a mandatory parameter or one with a default fills. A mandatory
      // [string] may be empty too: then its ifEmpty fields go instead, so both ways must carry what is required.
      for (const empty of [false, true]) {
        const paths = new Set(Object.keys(declaration.request).flatMap(withParents));
        for (const parameter of fn.parameters.filter((p) => inSet(p, set))) {
          const rule = declaration.parameters[parameter.name]!;
          const always =
            parameterAttribute(parameter).some((a) => a.mandatory && (a.set === null || a.set === set)) || parameter.hasDefault;
          if (!rule.field || !always) continue;
          const sent = empty && rule.ifEmpty ? Object.keys(rule.ifEmpty) : [rule.field];
          for (const path of sent.flatMap(withParents)) paths.add(path);
        }
        assert.equal(
          missingRequired(requestDefinition(declaration.command), [...paths]),
          [],
          `${fn.name} (${set ?? 'one parameter set'}${empty ? ', empty values' : ''})`,
        );
      }
    }
  }
});

test('the schema checks themselves catch a wrong field, a missing required one and a value out of range', () => {
  assert.not.ok(hasField('SetRequest', 'proxy.uri'));
  assert.ok(hasField('SetRequest', 'proxy.url'));
  assert.equal(missingRequired('TestRequest', ['machine']), ['product']);
  assert.equal(missingRequired('CompareRequest', ['desired', 'desired.mdi', 'desired.mdi.method']), ['desired.mdi.proxyUrl']);
  assert.not.ok(allowedValues('TestRequest', 'routes')!.includes('wininet-system'));
  assert.ok(allowedValues('GetRequest', 'stores')!.includes('defender-av'));
  assert.is(allowedValues('SetRequest', 'proxy.url'), null);
});

test.run();
