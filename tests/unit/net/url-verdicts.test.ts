import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Probe, Route } from '../../../core/protocol';
import { everyRequiredReachable, optionalUrlWarnings, urlVerdicts } from '../../../core/net/url-verdicts';
import { probeFixture } from '../../support/probe';

function probe(url: string, route: Route, verdict: 'pass' | 'fail', extra: Partial<Probe> = {}): Probe {
  const failed = verdict === 'fail' ? { stage: 'connect' as const, code: 'CONNECT_REFUSED' as const } : {};
  return probeFixture({ url, route, verdict, ...failed, httpStatus: null, required: true, ...extra });
}

test("one route that works is enough for a URL (the client analyzer's rule); the probes keep their verdicts", () => {
  const probes = [
    probe('https://a/', 'direct', 'fail'),
    probe('https://a/', 'winhttp', 'pass'),
    probe('https://b/', 'direct', 'pass'),
    probe('https://b/', 'winhttp', 'pass'),
  ];
  const verdicts = urlVerdicts(probes);
  assert.equal(verdicts, [
    { url: 'https://a/', required: true, reachable: true, routes: ['winhttp'] },
    { url: 'https://b/', required: true, reachable: true, routes: ['direct', 'winhttp'] },
  ]);
  assert.ok(everyRequiredReachable(verdicts));
  assert.is(probes[0]!.verdict, 'fail');
});

test('a required URL no route reaches fails the test; a recommended one only warns, naming its condition', () => {
  const condition = 'recommended when the proxy or firewall uses explicit allowlists (001)';
  const probes = [
    probe('https://sensor/', 'direct', 'pass'),
    probe('http://crl/', 'direct', 'fail', { required: false, condition }),
    probe('http://crl/', 'explicit', 'fail', { required: false, condition }),
  ];
  const verdicts = urlVerdicts(probes);
  assert.ok(everyRequiredReachable(verdicts));
  const warnings = optionalUrlWarnings(verdicts, probes);
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, /http:\/\/crl\/ is not reachable by any route tested \(CONNECT_REFUSED\).*explicit allowlists/);
  assert.not.ok(everyRequiredReachable(urlVerdicts([probe('https://sensor/', 'direct', 'fail'), ...probes.slice(1)])));
});

test.run();
