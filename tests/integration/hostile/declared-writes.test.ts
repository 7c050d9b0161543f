import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openImageHost } from '../../../core/host/image';
import { parseChangeRequest } from '../../../core/commands/change-request';
import { planChange } from '../../../core/commands/change-plan';
import { storeWritingValue } from '../../../core/stores/index';
import type { ChangeRequest } from '../../../core/protocol';
import { dc01 } from '../stores/helpers';

// A restore writes only the values a store declares it writes (Store.registry.writes): every value a plan writes
// must be declared, or a restore of that change's backup would be refused.
const REQUESTS: ChangeRequest[] = [
  { product: 'mde', proxy: { url: 'http://p:1', bypass: ['<local>'], pacUrl: 'http://wpad/x.pac' } },
  { product: 'mde', clear: true },
  { method: 'wininet', proxy: { server: 'http=a:80;https=b:443', bypass: ['<local>'] } },
  { method: 'wininet', clear: true },
  { store: 'wininet', copyFromCurrentUser: true },
  { method: 'sensor', proxy: { url: 'http://p:1' } },
];

test('every value a plan writes is one its store declares, for set, clear and copy on every store', async () => {
  let checked = 0;
  for (const request of REQUESTS) {
    const { writes } = await planChange(openImageHost(dc01()), parseChangeRequest(request));
    for (const write of writes) {
      if (write.kind !== 'value') continue;
      assert.is(storeWritingValue(write.key, write.name)?.name, write.store, `${JSON.stringify(request)}: ${write.key}\\${write.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `${checked} values checked`);
});

test.run();
