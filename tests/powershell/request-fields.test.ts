// Every cmdlet parameter reaches a field of the core's JSON Schema, and every request a cmdlet sends is one the
// schema accepts, with its required fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { coreCallsIn, functionsIn, parseFile, type CoreCall, type PsFunction } from './support/powershell-ast';
import { hasField, missingRequired, requestDefinition } from './support/request-schema';
import { ROOT } from './support/repo-files';

/** `[command, field, other field…]`: the parameter fills one of the fields of that command's request. */
type Mapping = [command: string, ...fields: string[]] | typeof CREDENTIAL | typeof OUTPUT_ONLY | typeof CHOOSES_REQUESTS;
/** A PSCredential: its user name and password go where the call's -CredentialPath says. */
const CREDENTIAL = Symbol('credential');
/** Shapes the output only (-PassThru, -Quiet): no request field. */
const OUTPUT_ONLY = Symbol('output only');
/** Decides which requests are sent (-TestConnectivity): no request field. */
const CHOOSES_REQUESTS = Symbol('chooses requests');

const PARAMETER_FIELDS: Record<string, Record<string, Mapping>> = {
  'Get-MDIProxy': { MachineImage: ['get', 'machine'] },
  'Set-MDIProxy': {
    ProxyUrl: ['set', 'proxy.url'],
    ProxyCredential: CREDENTIAL,
    Method: ['set', 'method'],
    ServiceTimeoutSeconds: ['set', 'serviceTimeoutMs'],
    MachineImage: ['set', 'machine'],
    PassThru: OUTPUT_ONLY,
  },
  'Clear-MDIProxy': { Method: ['clear', 'method'], ServiceTimeoutSeconds: ['clear', 'serviceTimeoutMs'], MachineImage: ['clear', 'machine'], PassThru: OUTPUT_ONLY },
  'Test-MDIProxy': {
    WorkspaceName: ['test', 'workspace'],
    SensorApiUrl: ['test', 'url'],
    ProxyUrl: ['test', 'proxy.url'],
    ProxyCredential: CREDENTIAL,
    Route: ['test', 'routes'],
    Cloud: ['test', 'cloud'],
    TimeoutSeconds: ['test', 'timeoutMs'],
    ReportPath: ['test', 'reportPath'],
    MachineImage: ['test', 'machine'],
    Quiet: OUTPUT_ONLY,
  },
  'Compare-MDIProxy': {
    ProxyUrl: ['compare', 'desired.mdi.proxyUrl'],
    ProxyCredential: ['compare', 'desired.mdi.userName'],
    Method: ['compare', 'desired.mdi.method'],
    MachineImage: ['compare', 'machine'],
  },
  'Get-MDEProxy': { Component: ['get', 'stores'], MachineImage: ['get', 'machine'] },
  'Set-MDEProxy': {
    ProxyServer: ['set', 'proxy.server', 'proxy.url'],
    Component: ['set', 'stores'],
    BypassList: ['set', 'proxy.bypass'],
    PacUrl: ['set', 'proxy.pacUrl'],
    MachineImage: ['set', 'machine'],
    PassThru: OUTPUT_ONLY,
  },
  'Clear-MDEProxy': { Component: ['clear', 'stores'], MachineImage: ['clear', 'machine'], PassThru: OUTPUT_ONLY },
  'Test-MDEProxy': {
    Geo: ['test', 'geo'],
    UrlList: ['test', 'list'],
    Route: ['test', 'routes'],
    ProxyServer: ['test', 'proxy.server', 'proxy.url'],
    TimeoutSeconds: ['test', 'timeoutMs'],
    ReportPath: ['test', 'reportPath'],
    MachineImage: ['test', 'machine'],
    Quiet: OUTPUT_ONLY,
  },
  'Compare-MDEProxy': {
    ProxyServer: ['compare', 'desired.mde.proxyServer'],
    Component: ['compare', 'desired.mde.components'],
    BypassList: ['compare', 'desired.mde.bypass'],
    PacUrl: ['compare', 'desired.mde.pacUrl'],
    MachineImage: ['compare', 'machine'],
  },
  'Get-DefenderProxyBackup': { MachineImage: ['backup', 'machine'] },
  'Restore-DefenderProxyBackup': { Id: ['restore', 'backup'], MachineImage: ['restore', 'machine'], PassThru: OUTPUT_ONLY },
  'Test-DefenderProxyCompliance': {
    Product: ['test', 'product'],
    ProxyUrl: ['compare', 'desired.mdi.proxyUrl'],
    Method: ['compare', 'desired.mdi.method'],
    UserName: ['compare', 'desired.mdi.userName'],
    ProxyServer: ['compare', 'desired.mde.proxyServer'],
    BypassList: ['compare', 'desired.mde.bypass'],
    Component: ['compare', 'desired.mde.components'],
    Geo: ['test', 'geo'],
    TestConnectivity: CHOOSES_REQUESTS,
    MachineImage: ['compare', 'machine'],
  },
  'Repair-DefenderProxyCompliance': {
    Product: ['set', 'product'],
    ProxyUrl: ['set', 'proxy.url'],
    Method: ['set', 'method'],
    UserName: ['set', 'proxy.userName'],
    ProxyServer: ['set', 'proxy.server'],
    BypassList: ['set', 'proxy.bypass'],
    Component: ['set', 'stores'],
    MachineImage: ['set', 'machine'],
  },
};

/** Invoke-DefenderProxyChange plans with the same request first (clear adds `clear: true`). */
function commandsOf(call: CoreCall): string[] {
  return call.helper === 'Invoke-DefenderProxyChange' ? [call.command, 'plan'] : [call.command];
}

const ready = (async () => {
  const functions: PsFunction[] = [];
  for (const file of readdirSync(join(ROOT, 'ps-module', 'Public'))) functions.push(...functionsIn((await parseFile(join(ROOT, 'ps-module', 'Public', file))).tree));
  return functions;
})();

test('the map names every public cmdlet and each of its parameters', async () => {
  const functions = await ready;
  assert.equal(functions.map((f) => f.name).sort(), Object.keys(PARAMETER_FIELDS).sort());
  for (const fn of functions) assert.equal(fn.parameters.map((p) => p.name).sort(), Object.keys(PARAMETER_FIELDS[fn.name]!).sort(), fn.name);
});

test('every parameter fills a schema field of the command it is sent with, from its own value', async () => {
  for (const fn of await ready) {
    const calls = coreCallsIn(fn);
    for (const [parameter, mapping] of Object.entries(PARAMETER_FIELDS[fn.name]!)) {
      if (mapping === OUTPUT_ONLY || mapping === CHOOSES_REQUESTS) continue;
      if (mapping === CREDENTIAL) {
        const withCredential = calls.filter((c) => c.credentialPath !== null);
        assert.ok(withCredential.length > 0, `${fn.name} -${parameter} is passed as -Credential`);
        for (const call of withCredential) {
          for (const field of ['userName', 'password']) {
            const path = call.credentialPath ? `${call.credentialPath}.${field}` : field;
            assert.ok(hasField(requestDefinition(call.command), path), `${fn.name}: ${call.command} request has ${path}`);
          }
        }
        continue;
      }
      const [command, ...fields] = mapping;
      const call = calls.find((c) => c.command === command);
      assert.ok(call, `${fn.name} sends ${command}`);
      for (const field of fields) {
        assert.ok(hasField(requestDefinition(command), field), `${fn.name} -${parameter}: ${command} request has no field ${field}`);
        const expression = call!.fields.get(field);
        assert.ok(expression !== undefined, `${fn.name} -${parameter}: the ${command} request never sets ${field}`);
        assert.match(expression!, new RegExp(`\\$${parameter}\\b`, 'i'), `${fn.name}: ${field} is filled from $${parameter}`);
      }
    }
  }
});

test('every request a cmdlet sends has only schema fields and every required one', async () => {
  for (const fn of await ready) {
    for (const call of coreCallsIn(fn)) {
      for (const command of commandsOf(call)) {
        const definition = requestDefinition(command);
        const paths = [...call.fields.keys()];
        for (const path of paths) assert.ok(hasField(definition, path), `${fn.name}: ${command} request has no field ${path}`);
        assert.equal(missingRequired(definition, paths), [], `${fn.name}: ${command} request lacks required fields`);
      }
    }
  }
});

test('the schema check itself catches a wrong field and a missing required one', () => {
  assert.not.ok(hasField('SetRequest', 'proxy.uri'));
  assert.ok(hasField('SetRequest', 'proxy.url'));
  assert.equal(missingRequired('TestRequest', ['machine']), ['product']);
  assert.equal(missingRequired('CompareRequest', ['desired', 'desired.mdi', 'desired.mdi.method']), ['desired.mdi.proxyUrl']);
});

test.run();
