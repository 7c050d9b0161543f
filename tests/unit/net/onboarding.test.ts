import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mdeCatalogFor, onboardingEndpoints, parseOnboardingInfo } from '../../../core/net/catalog/onboarding';

/** An OnboardingInfo value as the onboarding packages write it (shape of Microsoft's published packages; sig shortened). */
function blob(body: object): string {
  return JSON.stringify({ body: JSON.stringify(body), sig: 'qePYrjNgC21QqUOgwC1af1mQFr806BwJo', sha256sig: 'KPrYTDi117U01p3DISQo' });
}

const streamlinedUs = blob({
  previousOrgIds: [],
  orgId: 'baa9e42e-6fc9-42ce-8264-7939f2e1c3d0',
  geoLocationUrl: 'https://edr-cus3.us.endpoint.security.microsoft.com/edr/',
  datacenter: 'CentralUs3',
  vortexGeoLocation: 'US',
  vortexServerUrl: 'https://us-v20.events.endpoint.security.microsoft.com/OneCollector/1.0',
  vortexTicketUrl: 'https://events.data.microsoft.com',
  partnerGeoLocation: 'GW_US',
  version: '1.7',
});
const standardEu = blob({
  previousOrgIds: [],
  orgId: 'b95fa7c7-953e-4398-a82a-bc75a84711be',
  geoLocationUrl: 'https://winatp-gw-neu.microsoft.com/',
  datacenter: 'NorthEurope',
  vortexGeoLocation: 'EU',
  version: '1.35',
});
const gccHigh = blob({
  previousOrgIds: [],
  orgId: '5e6016a0-af89-44e6-a60d-b3b83956e430',
  geoLocationUrl: 'https://winatp-gw-usgt.microsoft.com/',
  datacenter: 'UsGovTexas',
  vortexGeoLocation: 'FFL4',
  version: '2.12',
});

test('a streamlined package names its geo (GW_US), its gateway and its collector', () => {
  const info = parseOnboardingInfo(streamlinedUs)!;
  assert.equal([info.geo, info.usGov, info.list, info.datacenter], ['us', null, 'streamlined', 'CentralUs3']);
  assert.equal(
    onboardingEndpoints(info).map((s) => s.url),
    ['https://edr-cus3.us.endpoint.security.microsoft.com/edr/commands/test', 'https://us-v20.events.endpoint.security.microsoft.com/'],
  );
});

test('a standard package: vortexGeoLocation names the geo, the winatp-gw gateway is probed at /commands/test', () => {
  const info = parseOnboardingInfo(standardEu)!;
  assert.equal([info.geo, info.list], ['eu', 'standard']);
  assert.equal(
    onboardingEndpoints(info).map((s) => s.url),
    ['https://winatp-gw-neu.microsoft.com/commands/test'],
  );
});

test('a US Government package (FFL4 = GCC High) names a cloud, not a geo', () => {
  const info = parseOnboardingInfo(gccHigh)!;
  assert.equal([info.geo, info.usGov, info.list], [null, 'gcc-high', 'standard']);
});

test('anything that is not an onboarding blob is null, never a crash', () => {
  for (const value of ['', 'not json', '{"body":"not json"}', '{"body":42}', '[]', '{"body":"[1]"}'])
    assert.is(parseOnboardingInfo(value), null, value);
  const odd = parseOnboardingInfo(blob({ vortexGeoLocation: 'XX', geoLocationUrl: 'http://plain/' }))!;
  assert.equal([odd.geo, odd.usGov, odd.geoLocationUrl], [null, null, null], 'an unknown geo and a non-https URL are not trusted');
});

test("the request's location wins; else the blob's (and its list); else the fallback geos; else none", () => {
  const blobEu = parseOnboardingInfo(standardEu)!;
  assert.equal(mdeCatalogFor({ geo: 'uk' }, blobEu, ['us']), {
    locations: [{ geo: 'uk' }],
    list: 'streamlined',
    extra: [],
    fromMachine: false,
  });
  assert.equal(mdeCatalogFor({ cloud: 'dod' }, blobEu, [])!.locations, [{ usGov: 'dod' }]);
  const fromBlob = mdeCatalogFor({}, blobEu, ['us'])!;
  assert.equal([fromBlob.locations, fromBlob.list, fromBlob.fromMachine, fromBlob.extra.length], [[{ geo: 'eu' }], 'standard', true, 1]);
  assert.is(mdeCatalogFor({ list: 'streamlined' }, blobEu, [])!.list, 'streamlined', 'a list in the request wins');
  assert.equal(mdeCatalogFor({}, parseOnboardingInfo(gccHigh), [])!.locations, [{ usGov: 'gcc-high' }]);
  assert.equal(mdeCatalogFor({}, null, ['us', 'eu'])!.locations, [{ geo: 'us' }, { geo: 'eu' }]);
  assert.is(mdeCatalogFor({}, null, []), null);
});

test.run();
