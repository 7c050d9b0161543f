import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoreEntry } from '../../../core/protocol';
import { ToolError } from '../../../core/errors';
import { needsSensorWorkspace, testTargets } from '../../../core/net/sweep-targets';

const sensor = (workspaceEndpoint: string | null): StoreEntry => ({
  store: 'mdi-sensor',
  status: 'no-proxy',
  generation: 'v2',
  sensorVersion: '2.250',
  configurationPath: 'C:\\x',
  url: null,
  userName: null,
  hasPassword: false,
  certificateThumbprint: null,
  secretCertificateThumbprint: null,
  workspaceEndpoint,
  error: null,
});

test('one URL replaces the catalog', () => {
  assert.equal(
    testTargets({ product: 'mde', url: 'https://x.example/' }, []).map((t) => t.url),
    ['https://x.example/'],
  );
  assert.not.ok(needsSensorWorkspace({ product: 'mdi', url: 'https://x.example/' }));
});

test('MDI: the named workspace in its cloud, then the PKI URLs', () => {
  const targets = testTargets({ product: 'mdi', workspace: 'contoso-corp', cloud: 'gcc' }, []);
  assert.is(targets[0]!.url, 'https://contoso-corpsensorapi.gcc.atp.azure.com/tri/sensor/api/ping');
  assert.equal(targets[0]!.expectation, { kind: 'mdi-ping' });
  assert.ok(targets.slice(1).every((t) => !t.secure));
});

test("MDI without a workspace: the sensor configuration's endpoint, cloud and port included", () => {
  assert.ok(needsSensorWorkspace({ product: 'mdi' }));
  const targets = testTargets({ product: 'mdi' }, [sensor('fabrikamsensorapi.atp.azure.us:443')]);
  assert.is(targets[0]!.url, 'https://fabrikamsensorapi.atp.azure.us/tri/sensor/api/ping');
  assert.is(targets[0]!.pins, 'mdi-gcc-high');
  assert.is(
    testTargets({ product: 'mdi' }, [sensor('fabrikamsensorapi.atp.azure.com:8443')])[0]!.url,
    'https://fabrikamsensorapi.atp.azure.com:8443/tri/sensor/api/ping',
  );
});

test('MDI with no workspace anywhere is refused with WORKSPACE_REQUIRED', () => {
  for (const entries of [[], [sensor(null)]]) {
    try {
      testTargets({ product: 'mdi' }, entries);
      assert.unreachable('expected WORKSPACE_REQUIRED');
    } catch (error) {
      assert.ok(error instanceof ToolError);
      assert.is((error as ToolError).code, 'WORKSPACE_REQUIRED');
    }
  }
});

test("MDE: the geo's list (streamlined by default) plus the PKI URLs", () => {
  const streamlined = testTargets({ product: 'mde', geo: 'au' }, []);
  assert.ok(streamlined.some((t) => t.host === 'edr-aue.au.endpoint.security.microsoft.com'));
  const standard = testTargets({ product: 'mde', geo: 'au', list: 'standard' }, []);
  assert.ok(standard.some((t) => t.host === 'winatp-gw-aue.microsoft.com'));
  assert.ok(standard.some((t) => t.host === 'crl.microsoft.com'));
});

test.run();
