import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../support/stores';
import { changeRequestsForDesired, compareDesired } from '../../../core/commands/desired';
import { openImageHost } from '../../../core/host/image';
import { dc01 } from './helpers';

const test = suite('compare and desired state');

test('drift → exit 1 with differences; set from the same desired state converges; compare then says in desired state', async () => {
  const machine = dc01();
  const desired = {
    mdi: { proxyUrl: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\proxyuser', method: 'sensor' as const },
    mde: { proxyServer: 'proxy.contoso.com:8080', bypass: ['<local>'] },
  };
  const drift = await runCommand('compare', { machine, desired });
  assert.is(drift.exit, 1);
  // WinHTTP is machine-wide (002): a desired MDE proxy manages TelemetryProxyServer and Defender AV unless components name it.
  assert.equal(
    drift.body.result.differences.map((d: any) => d.store),
    ['defender-av', 'defender-av'],
  );
  assert.equal(drift.body.result.differences[0], {
    store: 'defender-av',
    field: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\ProxyServer',
    actual: 'proxy.contoso.com:8080',
    desired: 'http://proxy.contoso.com:8080',
  });
  for (const request of changeRequestsForDesired(desired, machine)) {
    const set = await runCommand('set', request);
    assert.is(set.exit, 0, JSON.stringify(set.body));
  }
  const now = await runCommand('compare', { machine, desired });
  assert.is(now.exit, 0, JSON.stringify(now.body));
  assert.equal(now.body.result, { inDesiredState: true, differences: [] });
  for (const request of changeRequestsForDesired(desired, machine))
    assert.is((await runCommand('set', request)).body.result.changed, false);
});

test('a desired password that cannot be compared is a difference (issue 16: a rotated password is applied); another user is a difference', async () => {
  const machine = dc01();
  const same = await compareDesired(openImageHost(machine), {
    mdi: { proxyUrl: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\proxyuser', password: 'whatever', method: 'sensor' },
  });
  assert.is(same.inDesiredState, false);
  assert.match(same.differences[0]!.actual!, /cannot be compared/);
  const without = await compareDesired(openImageHost(machine), {
    mdi: { proxyUrl: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\proxyuser', method: 'sensor' },
  });
  assert.is(without.inDesiredState, true, 'no desired password: the stored one counts');
  const other = await compareDesired(openImageHost(machine), {
    mdi: { proxyUrl: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\other', method: 'sensor' },
  });
  assert.is(other.inDesiredState, false);
  assert.match(other.differences[0]!.desired!, /UserName=CONTOSO\\other; Password=<encrypted>/);
});

test('null proxies mean none; desired-state errors name desired.* fields', async () => {
  const machine = dc01();
  const none = await runCommand('compare', { machine, desired: { mdi: { proxyUrl: null, method: 'sensor' }, mde: { proxyServer: null } } });
  assert.is(none.exit, 1);
  assert.ok(none.body.result.differences.every((d: any) => d.desired === null || d.desired === 'direct access'));
  const bad = await runCommand('compare', { machine, desired: { mdi: { proxyUrl: 'ftp://x', method: 'sensor' } } });
  assert.is(bad.exit, 2);
  assert.is(bad.body.error!.field, 'desired.mdi.proxyUrl');
  const ambiguous = await runCommand('compare', { machine, desired: { mdi: { proxyUrl: 'http://p:1' } } });
  assert.is(ambiguous.body.error!.code, 'METHOD_AMBIGUOUS');
  assert.is(ambiguous.body.error!.field, 'desired.mdi.method');
  const components = await runCommand('compare', { machine, desired: { mde: { proxyServer: 'p:1', components: ['wininet'] } } });
  assert.is(components.body.error!.field, 'desired.mde.components');
});

test.run();
