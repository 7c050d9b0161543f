import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNet } from '../../support/net-command';

// `catalog` needs no machine and no network: with a service tags file it checks the addresses it is given.
const dir = mkdtempSync(join(tmpdir(), 'dpt-catalog-'));
const tagsFile = join(dir, 'ServiceTags_Public_20261123.json');
writeFileSync(
  tagsFile,
  JSON.stringify({
    changeNumber: 321,
    cloud: 'Public',
    values: [
      {
        name: 'AzureAdvancedThreatProtection',
        id: 'AzureAdvancedThreatProtection',
        properties: { addressPrefixes: ['20.36.0.0/14', '2603:1000::/25'] },
      },
      {
        name: 'MicrosoftDefenderForEndpoint',
        id: 'MicrosoftDefenderForEndpoint',
        properties: { addressPrefixes: ['52.100.0.0/16', '2603:1030:2::/48'] },
      },
    ],
  }),
);

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('an MDI allowlist for a workspace: the sensor URL plus the PKI patterns, as JSON and text', async () => {
  const run = await runNet('catalog', { product: 'mdi', workspace: 'contoso-corp' });
  assert.is(run.exit, 0);
  assert.equal(run.result!.urls[0], {
    url: 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping',
    host: 'contoso-corpsensorapi.atp.azure.com',
    purpose: 'MDI sensor API',
    expectedStatus: [200, 503],
    required: true,
    list: 'mdi-sensor',
    probed: true,
  });
  assert.is(run.result!.text.split('\n')[0], 'contoso-corpsensorapi.atp.azure.com');
  assert.ok(run.result!.text.includes('www.microsoft.com/pkiops/*\n'));
  assert.is(run.result!.serviceTags, undefined);
});

test('the cloud decides the sensor host; without a workspace the allowlist shows where it goes', async () => {
  assert.is(
    (await runNet('catalog', { product: 'mdi', workspace: 'contoso-corp', cloud: 'gcc-high' })).result!.urls[0]!.host,
    'contoso-corpsensorapi.atp.azure.us',
  );
  assert.is(
    (await runNet('catalog', { product: 'mdi', cloud: 'gcc' })).result!.text.split('\n')[0],
    '<workspace>sensorapi.gcc.atp.azure.com',
  );
});

test('an MDE allowlist per geo and list; without a geo, every geo', async () => {
  const eu = (await runNet('catalog', { product: 'mde', geo: 'eu', list: 'standard' })).result!;
  assert.ok(eu.text.includes('winatp-gw-neu3.microsoft.com\n'));
  assert.not.ok(eu.text.includes('.us.endpoint.security.microsoft.com'));
  const all = (await runNet('catalog', { product: 'mde' })).result!;
  for (const geo of ['us', 'eu', 'uk', 'au']) assert.ok(all.text.includes(`mdav.${geo}.endpoint.security.microsoft.com\n`), geo);
});

test("service tags: every address of every host, IPv4, IPv6 and IPv4-mapped, inside or outside the product's tag", async () => {
  const run = await runNet('catalog', {
    product: 'mdi',
    workspace: 'contoso-corp',
    serviceTagsFile: tagsFile,
    resolve: {
      'contoso-corpsensorapi.atp.azure.com': '20.37.1.2',
      'crl.microsoft.com': '2603:1000:4::10',
      'ctldl.windowsupdate.com': '203.0.113.9',
      'www.microsoft.com': '::ffff:20.36.0.9',
    },
  });
  assert.is(run.exit, 0);
  assert.equal(run.result!.serviceTags, [
    { host: 'contoso-corpsensorapi.atp.azure.com', address: '20.37.1.2', tags: ['AzureAdvancedThreatProtection'], prefix: '20.36.0.0/14' },
    { host: 'crl.microsoft.com', address: '2603:1000:4::10', tags: ['AzureAdvancedThreatProtection'], prefix: '2603:1000::/25' },
    { host: 'ctldl.windowsupdate.com', address: '203.0.113.9', tags: [], prefix: null },
    { host: 'www.microsoft.com', address: '::ffff:20.36.0.9', tags: ['AzureAdvancedThreatProtection'], prefix: '20.36.0.0/14' },
  ]);
});

test('MDE checks against MicrosoftDefenderForEndpoint, not the MDI tag', async () => {
  const hosts = (await runNet('catalog', { product: 'mde', geo: 'uk' })).result!.urls.map((u) => u.host);
  const resolve = Object.fromEntries(hosts.map((h) => [h, h.startsWith('edr-') ? '52.100.7.7' : '20.36.0.1']));
  const tags = (await runNet('catalog', { product: 'mde', geo: 'uk', serviceTagsFile: tagsFile, resolve })).result!.serviceTags!;
  assert.ok(tags.filter((t) => t.host.startsWith('edr-')).every((t) => t.tags[0] === 'MicrosoftDefenderForEndpoint'));
  assert.ok(tags.filter((t) => !t.host.startsWith('edr-')).every((t) => t.tags.length === 0));
});

test('a file that is not the service tags JSON, or a bad workspace, is refused with the field named', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"values": [{"name": "Storage", "properties": {"addressPrefixes": []}}]}');
  const run = await runNet('catalog', { product: 'mdi', workspace: 'x', serviceTagsFile: bad });
  assert.equal([run.exit, run.error!.code, run.error!.field], [2, 'SERVICE_TAGS_UNREADABLE', 'serviceTagsFile']);
  assert.match(run.error!.message, /AzureAdvancedThreatProtection/);
  const missing = await runNet('catalog', { product: 'mdi', serviceTagsFile: join(dir, 'nope.json') });
  assert.is(missing.error!.code, 'SERVICE_TAGS_UNREADABLE');
  assert.is((await runNet('catalog', { product: 'mdi', workspace: 'contoso.corp' })).error!.code, 'WORKSPACE_INVALID');
});

test.run();
