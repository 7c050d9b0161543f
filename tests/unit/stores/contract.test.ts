import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleImage } from '../../support/image';
import { openImageHost } from '../../../core/host/image';
import { ALL_STORES, PRODUCT_STORES, STORES, WRITE_ORDER, storeOfFile, storeOfKey } from '../../../core/stores/index';
import { planStores } from '../../../core/stores/plan';
import { normalizeProxy } from '../../../core/stores/proxy-intent';
import { isUnderKey } from '../../../core/formats/registry-model';

const test = suite('the Store contract');
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schema', 'defenderproxy.schema.json'), 'utf8'));

test('the lists are derived from the one list of stores: every store of the contract, in get order, each in its product', () => {
  assert.equal([...ALL_STORES].sort(), [...schema.definitions.StoreName.enum].sort());
  assert.equal(ALL_STORES, ['mdi-sensor', 'wininet', 'winhttp', 'mde-telemetry', 'defender-av']);
  assert.equal(PRODUCT_STORES, { mdi: ['mdi-sensor', 'wininet'], mde: ['winhttp', 'mde-telemetry', 'defender-av'] });
  assert.equal(schema.definitions.MdeComponent.enum, PRODUCT_STORES.mde, 'the MDE DSC components are the stores of product mde');
});

test('write order: every registry store first, the store with its own file (whose writes restart the sensor) last', () => {
  assert.equal(WRITE_ORDER, ['wininet', 'winhttp', 'mde-telemetry', 'defender-av', 'mdi-sensor']);
  for (const store of STORES) assert.is(store.files !== undefined, store.name === 'mdi-sensor', store.name);
});

test('every kept key maps back to its store and to no other; capture and get read every kept key; unknown keys map to none', () => {
  for (const store of STORES) {
    for (const key of store.registry.keeps) {
      assert.is(storeOfKey(key)?.name, store.name, key);
      assert.is(storeOfKey(`${key}\\Sub\\Deeper`)?.name, store.name, `${key} below`);
      assert.ok(
        store.registry.reads.some((r) => isUnderKey(key, r)),
        `${store.name} reads ${key}`,
      );
      for (const other of STORES.filter((s) => s !== store))
        assert.not.ok(
          other.registry.keeps.some((k) => isUnderKey(key, k) || isUnderKey(k, key)),
          `${key} kept by ${other.name} too`,
        );
    }
    for (const key of store.registry.plans)
      assert.ok(
        store.registry.keeps.some((k) => isUnderKey(key, k)),
        `${store.name} plans from ${key}, which it keeps`,
      );
  }
  assert.is(storeOfKey('HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso'), null);
  assert.is(storeOfKey('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft'), null, "a parent of kept keys is no store's");
  assert.is(
    storeOfFile('C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\SensorConfiguration.json')?.name,
    'mdi-sensor',
  );
  assert.is(storeOfFile('C:\\Windows\\System32\\drivers\\etc\\hosts'), null);
});

test('a plan writes only where its store keeps values: backups of a change map back to the stores that planned it', async () => {
  const host = openImageHost(copyExampleImage('dc01'));
  const intents = [{ action: 'set' as const, proxy: normalizeProxy({ url: 'http://new.contoso.com:3128' }) }, { action: 'clear' as const }];
  let writes = 0;
  for (const intent of intents) {
    for (const store of STORES) {
      for (const write of await planStores(host, new Set([store.name]), intent)) {
        writes++;
        assert.is(write.store, store.name);
        if (write.kind === 'value') assert.is(storeOfKey(write.key)?.name, store.name, write.key);
        else assert.is(storeOfFile(write.path)?.name, store.name, write.path);
      }
    }
  }
  assert.ok(writes >= 8, `${writes} writes planned`);
});

test.run();
