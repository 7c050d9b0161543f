import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALL_GEOS,
  allowlistText,
  catalogUrls,
  cloudOfSensorApiHost,
  hostOf,
  knownEndpoint,
  mdeEndpoints,
  mdeLocations,
  mdiEndpoints,
  mdiSensorApiHost,
  probedSpecs,
  workspaceOfSensorApiHost,
} from '../../../core/net/catalog/catalog';
import { mdeStandard, mdeStreamlined, mdeUsGovStandard, mdeUsGovStreamlined } from '../../../core/net/catalog/catalog-data';
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
  const all = probedSpecs([...mdeEndpoints(ALL_GEOS, 'streamlined'), ...mdeEndpoints(ALL_GEOS, 'standard')]);
  for (const url of new Set(all.map((s) => s.url)))
    assert.equal(
      knownEndpoint(url),
      all.find((s) => s.url === url),
      url,
    );
  assert.is(
    knownEndpoint('https://winatp-gw-usmt.microsoft.com/commands/test')?.expectedStatus[0],
    200,
    'a US Government URL is known too',
  );
  assert.is(knownEndpoint('https://*.endpoint.security.microsoft.com/'), null, 'an allowlist-only wildcard is no URL');
  assert.is(knownEndpoint('https://edr-bench1.us.endpoint.security.microsoft.com/edr/commands/test'), null);
  assert.is(knownEndpoint('https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'), null);
});

test('the MDI catalog is the ping URL (200 or 503, cloud pins), the portal, plus the PKI hosts', () => {
  const [ping, console, ...pki] = mdiEndpoints('contoso-corp', 'gcc-high');
  assert.is(ping!.url, 'https://contoso-corpsensorapi.atp.azure.us/tri/sensor/api/ping');
  assert.equal(ping!.expectedStatus, [200, 503]);
  assert.is(ping!.pins, 'mdi-gcc-high');
  assert.is(console!.url, 'https://contoso-corp.atp.azure.us/');
  assert.ok(pki.every((s) => s.url.startsWith('http://') && s.pins === null));
  assert.equal([...new Set(pki.map((s) => hostOf(s.url)))].sort(), ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com']);
});

test('MDI: the sensor URL is required; the PKI hosts are recommended (001) and the portal (000) is listed, never probed', () => {
  const urls = catalogUrls(mdiEndpoints('contoso-corp', 'commercial'));
  assert.equal(
    urls.filter((u) => u.required).map((u) => u.url),
    ['https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping'],
  );
  const console = urls.find((u) => u.list === 'mdi-console')!;
  assert.equal([console.host, console.required, console.probed], ['contoso-corp.atp.azure.com', false, false]);
  assert.ok(urls.filter((u) => u.list === 'pki').every((u) => u.required === false && /explicit allowlists/.test(u.condition!)));
  assert.equal(
    probedSpecs(mdiEndpoints('contoso-corp', 'commercial')).map((s) => s.list),
    ['mdi-sensor', 'pki', 'pki', 'pki', 'pki'],
  );
});

test('the MDI allowlist names the sensor host, the portal and the documented PKI patterns', () => {
  assert.is(
    allowlistText(mdiEndpoints('contoso-corp', 'commercial')),
    'contoso-corpsensorapi.atp.azure.com\ncontoso-corp.atp.azure.com\ncrl.microsoft.com\nctldl.windowsupdate.com\nwww.microsoft.com/pkiops/*\nwww.microsoft.com/pki/*\n',
  );
  assert.ok(allowlistText(mdiEndpoints('<workspace>', 'commercial')).startsWith('<workspace>sensorapi.atp.azure.com\n'));
});

test('streamlined MDE lists keep every required URL inside *.endpoint.security.microsoft.com for every geo', () => {
  for (const geo of ['us', 'eu', 'uk', 'au'] as const) {
    const specs = mdeStreamlined(geo);
    assert.ok(
      specs.filter((s) => s.required !== false).every((s) => hostOf(s.url).endsWith(`.endpoint.security.microsoft.com`)),
      geo,
    );
    assert.ok(
      specs.some((s) => s.url === `https://mdav.${geo}.endpoint.security.microsoft.com/mdav/test` && s.expectedStatus[0] === 404),
      geo,
    );
    assert.ok(
      specs.some((s) => /\/edr\/commands\/test$/.test(s.url) && s.expectedStatus[0] === 200),
      geo,
    );
    assert.ok(
      specs.some((s) => /\/storage\/automatedirstrprd/.test(s.url) && s.expectedStatus[0] === 400),
      geo,
    );
  }
  assert.equal(
    mdeStreamlined('uk')
      .filter((s) => s.url.endsWith('/edr/commands/test'))
      .map((s) => hostOf(s.url)),
    ['edr-uks.uk.endpoint.security.microsoft.com', 'edr-ukw.uk.endpoint.security.microsoft.com'],
  );
});

test('the standard MDE list has the MAPS, gateway, events and storage hosts of the geo', () => {
  const hosts = mdeStandard('eu').map((s) => hostOf(s.url));
  for (const host of [
    'europe.cp.wd.microsoft.com',
    'winatp-gw-weu.microsoft.com',
    'eu-v20.events.data.microsoft.com',
    'usseu1northprod.blob.core.windows.net',
    'automatedirstrprdneu3.blob.core.windows.net',
  ]) {
    assert.ok(hosts.includes(host), host);
  }
  assert.ok(
    mdeStandard('eu')
      .filter((s) => s.url.includes('.blob.core.windows.net'))
      .every((s) => s.pins === 'public'),
  );
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

test("Switzerland and India: Defender's own MAPS, reporting and storage hosts, streamlined and standard", () => {
  const chStreamlined = mdeStreamlined('ch').map((s) => s.url);
  assert.ok(chStreamlined.includes('https://mdav.ch.endpoint.security.microsoft.com/mdav/test'));
  assert.ok(chStreamlined.includes('https://mdav.ch.endpoint.security.microsoft.com/storage/ussch1northprod/'));
  const inStreamlined = mdeStreamlined('in').map((s) => s.url);
  assert.ok(
    inStreamlined.includes('https://mdav.ina.endpoint.security.microsoft.com/storage/ussin1centralprod/'),
    'India is "ina" in the streamlined host',
  );
  const inStandard = mdeStandard('in').map((s) => hostOf(s.url));
  for (const host of ['india.cp.wd.microsoft.com', 'india.x.cp.wd.microsoft.com', 'ussin1southprod.blob.core.windows.net'])
    assert.ok(inStandard.includes(host), host);
  assert.ok(
    mdeStandard('ch')
      .map((s) => hostOf(s.url))
      .includes('switzerland.cp.wd.microsoft.com'),
  );
  assert.ok(ALL_GEOS.includes('ch') && ALL_GEOS.includes('in'));
});

test('US Government: the standard list per cloud; streamlined is the .us wildcard only', () => {
  const hosts = (cloud: 'gcc' | 'gcc-high' | 'dod') => mdeUsGovStandard(cloud).map((s) => hostOf(s.url));
  assert.ok(hosts('gcc').includes('unitedstates4.cp.wd.microsoft.us') && hosts('gcc').includes('winatp-gw-usmt.microsoft.com'));
  assert.ok(hosts('gcc-high').includes('unitedstates1.cp.wd.microsoft.us') && hosts('gcc-high').includes('winatp-gw-usgt.microsoft.com'));
  assert.ok(
    hosts('dod').includes('unitedstates2.x.cp.wd.microsoft.us') && hosts('dod').includes('ussusd1centralff5.blob.core.usgovcloudapi.net'),
  );
  assert.ok(hosts('dod').includes('us4-v20.events.data.microsoft.com'));
  assert.equal(
    probedSpecs(mdeUsGovStreamlined()).map((s) => hostOf(s.url)),
    ['settings-win.data.microsoft.com'],
  );
  assert.ok(allowlistText(mdeUsGovStreamlined()).includes('*.endpoint.security.microsoft.us\n'));
  assert.equal(mdeLocations('dod', ['eu']), [{ usGov: 'dod' }], 'a US Government cloud has no geo');
  assert.equal(mdeLocations('commercial', ['eu']), [{ geo: 'eu' }]);
});

test('the URLs the documents name and the catalog lacked: settings-win (1803 or earlier) and the MMA list, each optional and marked', () => {
  for (const list of ['streamlined', 'standard'] as const) {
    const settings = catalogUrls(mdeEndpoints(['us'], list)).find((u) => u.host === 'settings-win.data.microsoft.com')!;
    assert.equal([settings.required, settings.list], [false, 'mde-windows-1803-or-earlier'], list);
    assert.match(settings.condition!, /1803 or earlier/);
  }
  const mma = catalogUrls(mdeEndpoints(['us'], 'standard')).filter((u) => u.list === 'mde-mma');
  assert.equal(
    mma.map((u) => u.host),
    ['*.ods.opinsights.azure.com', '*.oms.opinsights.azure.com', '*.blob.core.windows.net', '*.azure-automation.net'],
  );
  assert.ok(mma.every((u) => !u.required && !u.probed));
  assert.ok(!mdeEndpoints(['us'], 'streamlined').some((s) => s.list === 'mde-mma'), 'the MMA sensor cannot use streamlined connectivity');
  const reports = catalogUrls(mdeEndpoints(['us'], 'standard')).filter((u) => u.host === 'unitedstates.x.cp.wd.microsoft.com');
  assert.equal(
    reports.map((u) => u.required),
    [false],
    'x.cp reporting: macOS and Linux only in the commercial list',
  );
  assert.equal(
    mdeEndpoints(['us', 'eu'], 'standard').filter((s) => s.url === 'https://settings-win.data.microsoft.com/qos').length,
    1,
    'each URL once',
  );
});

test.run();
