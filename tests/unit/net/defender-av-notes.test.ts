import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defenderAvTestNotes } from '../../../core/net/routes/defender-av-notes';
import { proxyIpWarnings } from '../../../core/net/routes/proxy-ip-advice';
import type { RoutePlan } from '../../../core/net/routes/routes';

const proxyPlan = (route: RoutePlan['route'], text: string): RoutePlan => ({
  route,
  kind: 'proxy',
  text,
  bypass: [],
  credentials: null,
  note: `${route}'s proxy`,
});

test("a probe through Defender AV's proxy says AV caches the last working proxy, and that https:// works on some versions only (002)", () => {
  assert.equal(defenderAvTestNotes([proxyPlan('winhttp', 'http://a:1'), { route: 'defender-av', kind: 'direct', note: 'x' }]), []);
  const plain = defenderAvTestNotes([proxyPlan('defender-av', 'http://10.0.0.6:8080')]);
  assert.is(plain.length, 1);
  assert.match(plain[0]!, /caches the last known working proxy/);
  const https = defenderAvTestNotes([proxyPlan('defender-av', 'https://proxy:8443')]);
  assert.match(https[1]!, /https:\/\/, which works only on some platform versions/);
});

test("the DNS A record advice (000) is for the MDI sensor's proxy only", () => {
  assert.is(proxyIpWarnings('mdi', [proxyPlan('explicit', 'http://10.0.0.6:8080')], null).length, 1);
  assert.is(proxyIpWarnings('mdi', [proxyPlan('sensor', 'http://10.0.0.6:8080')], 'sensor').length, 1);
  assert.equal(
    proxyIpWarnings('mdi', [proxyPlan('sensor', '10.0.0.6:8080')], 'wininet'),
    [],
    'WinINet is changed without reinstalling the sensor',
  );
  assert.equal(proxyIpWarnings('mdi', [proxyPlan('explicit', 'http://proxy.contoso.com:8080')], null), []);
  assert.equal(
    proxyIpWarnings('mde', [proxyPlan('explicit', 'http://10.0.0.6:8080')], null),
    [],
    'MDE documents use IP addresses themselves',
  );
});

test.run();
