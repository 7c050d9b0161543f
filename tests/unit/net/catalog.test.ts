import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALL_GEOS, allowlistText, catalogUrls, cloudOfSensorApiHost, hostOf, knownEndpoint, mdeEndpoints, mdiEndpoints, mdiSensorApiHost, workspaceOfSensorApiHost } from '../../../core/net/catalog/catalog';
import { mdeStandard, mdeStreamlined } from '../../../core/net/catalog/catalog-data';
import { pinsForHost, targetFromSpec, targetFromUrl } from '../../../core/net/probe/targets';

test('the sensor API host per cloud, and back', () => {
  assert.is(mdiSensorApiHost('Contoso-Corp', 'commercial'), 'contoso-corpsensorapi.atp.azure.com');
  assert.is(mdiSensorApiHost('contoso-corp', 'gcc'), 'contoso-corpsensorapi.gcc.atp.azure.com');
  assert.is(mdiSensorApiHost('contoso-corp', 'gcc-high'), 'contoso-corpsensorapi.atp.azure.us');
  assert.is(cloudOfSensorApiHost('contoso-corpsensorapi.gcc.atp.azure.com'), 'gcc');
  assert.is(cloudOfSensorApiHost('contoso-corpsensorapi.atp.azure.us'), 'gcc-high');
  assert.is(cloudOfSensorApiHost('contoso-corp.atp.azure.com'), null);
  assert.is(workspaceOfSensorApiHost('contoso-corpsensorapi.atp.azure.com'), 'contoso-corp');
});

test('a URL given on its own is known by the first catalog entry with that URL, every list and geo searched', () => {
  const all = [...mdeEndpoints(ALL_GEOS, 'streamlined'), ...mdeEndpoints(ALL_GEOS, 'standard')];
  for (const url of new Set(all.map((s) => s.url))) assert.equal(knownEndpoint(url), all.find((s) => s.url === url), url);
  assert.is(knownEndpoint('https://edr-bench1.us.endpoint.security.microsoft.com/edr/commands/test'), null);
  assert.is(knownEndpoint('https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'), null);
});

test('the MDI catalog is the ping URL (200 or 503, cloud pins) plus the PKI hosts', () => {
  const [ping, ...pki] = mdiEndpoints('contoso-corp', 'gcc-high');
  assert.is(ping!.url, 'https://contoso-corpsensorapi.atp.azure.us/tri/sensor/api/ping');
  assert.equal(ping!.expectedStatus, [200, 503]);
  assert.is(ping!.pins, 'mdi-gcc-high');
  assert.ok(pki.every((s) => s.url.startsWith('http://') && s.pins === null));
  assert.equal([...new Set(pki.map((s) => hostOf(s.url)))].sort(), ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com']);
});

test('the MDI allowlist names the sensor host and the documented PKI patterns', () => {
  assert.is(
    allowlistText(mdiEndpoints('contoso-corp', 'commercial')),
    'contoso-corpsensorapi.atp.azure.com\ncrl.microsoft.com\nctldl.windowsupdate.com\nwww.microsoft.com/pkiops/*\nwww.microsoft.com/pki/*\n',
  );
  assert.ok(allowlistText(mdiEndpoints('<workspace>', 'commercial')).startsWith('<workspace>sensorapi.atp.azure.com\n'));
});

test('streamlined MDE lists stay inside *.endpoint.security.microsoft.com for every geo', () => {
  for (const geo of ['us', 'eu', 'uk', 'au'] as const) {
    const specs = mdeStreamlined(geo);
    assert.ok(specs.every((s) => hostOf(s.url).endsWith(`.endpoint.security.microsoft.com`)), geo);
    assert.ok(specs.some((s) => s.url === `https://mdav.${geo}.endpoint.security.microsoft.com/mdav/test` && s.expectedStatus[0] === 404), geo);
    assert.ok(specs.some((s) => /\/edr\/commands\/test$/.test(s.url) && s.expectedStatus[0] === 200), geo);
    assert.ok(specs.some((s) => /\/storage\/automatedirstrprd/.test(s.url) && s.expectedStatus[0] === 400), geo);
  }
  assert.equal(mdeStreamlined('uk').filter((s) => s.url.endsWith('/edr/commands/test')).map((s) => hostOf(s.url)), [
    'edr-uks.uk.endpoint.security.microsoft.com',
    'edr-ukw.uk.endpoint.security.microsoft.com',
  ]);
});

test('the standard MDE list has the MAPS, gateway, events and storage hosts of the geo', () => {
  const hosts = mdeStandard('eu').map((s) => hostOf(s.url));
  for (const host of ['europe.cp.wd.microsoft.com', 'winatp-gw-weu.microsoft.com', 'eu-v20.events.data.microsoft.com', 'usseu1northprod.blob.core.windows.net', 'automatedirstrprdneu3.blob.core.windows.net']) {
    assert.ok(hosts.includes(host), host);
  }
  assert.ok(mdeStandard('eu').filter((s) => s.url.includes('.blob.core.windows.net')).every((s) => s.pins === 'public'));
});

test('catalog URLs carry host, purpose and expected statuses; all geos can be listed at once', () => {
  const urls = catalogUrls(mdeEndpoints(['us', 'au'], 'streamlined'));
  assert.ok(urls.some((u) => u.host === 'edr-aue.au.endpoint.security.microsoft.com'));
  assert.ok(urls.some((u) => u.host === 'edr-eus3.us.endpoint.security.microsoft.com'));
  assert.ok(urls.every((u) => u.purpose.length > 0 && Array.isArray(u.expectedStatus)));
});

test('a URL given on its own: the ping keeps its rules, a catalog URL its status, others 2xx/3xx', () => {
  const ping = targetFromUrl('https://contoso-corpsensorapi.atp.azure.com:8443/tri/sensor/api/ping');
  assert.equal(ping.expectation, { kind: 'mdi-ping' });
  assert.is(ping.port, 8443);
  assert.is(ping.pins, 'mdi-commercial');
  assert.equal(targetFromUrl('https://mdav.eu.endpoint.security.microsoft.com/mdav/test').expectation, { kind: 'status', statuses: [404] });
  assert.equal(targetFromUrl('https://www.example.org/x?y=1').expectation, { kind: 'success' });
  assert.is(targetFromUrl('https://www.example.org/x?y=1').path, '/x?y=1');
  assert.equal(targetFromUrl('https://www.example.org/', [418]).expectation, { kind: 'status', statuses: [418] });
  assert.is(targetFromUrl('http://crl.microsoft.com/x.crl').pins, null);
  assert.is(targetFromUrl('http://crl.microsoft.com/x.crl').port, 80);
});

test('pins by host name: sensor API per cloud, Microsoft hosts, anything else public', () => {
  assert.is(pinsForHost('x.atp.azure.us'), 'mdi-gcc-high');
  assert.is(pinsForHost('xsensorapi.gcc.atp.azure.com'), 'mdi-commercial');
  assert.is(pinsForHost('winatp-gw-cus.microsoft.com'), 'mde');
  assert.is(pinsForHost('example.org'), 'public');
  assert.is(targetFromSpec(mdiEndpoints('a', 'commercial')[0]!).secure, true);
});

test.run();
