import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapWithConcurrency } from '../../../core/net/pool';

test('never more than the limit in flight, results in input order, progress per item', async () => {
  let inFlight = 0;
  let peak = 0;
  const progress: number[] = [];
  const results = await mapWithConcurrency(
    Array.from({ length: 20 }, (_, i) => i),
    4,
    async (i) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, (20 - i) % 7));
      inFlight--;
      return i * 2;
    },
    (done) => progress.push(done),
  );
  assert.is(peak, 4);
  assert.equal(
    results,
    Array.from({ length: 20 }, (_, i) => i * 2),
  );
  assert.equal(
    progress,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
});

test('an empty list resolves at once', async () => {
  assert.equal(await mapWithConcurrency([], 64, async () => 1), []);
});

test.run();
