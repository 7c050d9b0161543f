import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throttleProgress, type ThrottleClock } from '../../../core/commands/progress-throttle';

/** A clock the test moves by hand; timers fire when it passes them. */
function fakeClock() {
  let time = 0;
  let timers: { at: number; fire: () => void }[] = [];
  const clock: ThrottleClock = {
    now: () => time,
    after: (ms, fire) => {
      const timer = { at: time + ms, fire };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
  };
  const advance = (ms: number) => {
    const until = time + ms;
    for (;;) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      time = next.at;
      timers = timers.filter((t) => t !== next);
      next.fire();
    }
    time = until;
  };
  return { clock, advance, pending: () => timers.length };
}

test('hundreds of reports in a burst become the first, one per interval, and the last', () => {
  const { clock, advance, pending } = fakeClock();
  const lines: string[] = [];
  const progress = throttleProgress((done, total) => lines.push(`${clock.now()}:${done}/${total}`), 100, clock);
  for (let done = 0; done < 500; done++) {
    progress.update(done, 500);
    advance(1); // one probe a millisecond
  }
  progress.update(500, 500);
  // The report held back when each interval ends is the latest one: 99 at 100 ms, 199 at 200 ms…
  assert.equal(lines, ['0:0/500', '100:99/500', '200:199/500', '300:299/500', '400:399/500', '500:499/500', '500:500/500']);
  assert.is(pending(), 0, 'nothing left scheduled');
});

test('never more than ten lines in any second, and each line no more than one interval behind', () => {
  const { clock, advance } = fakeClock();
  const times: number[] = [];
  const progress = throttleProgress(() => times.push(clock.now()), 100, clock);
  for (let done = 1; done < 1000; done++) {
    progress.update(done, 1000);
    advance(done % 7); // uneven arrivals
  }
  for (let i = 10; i < times.length; i++) assert.ok(times[i]! - times[i - 10]! >= 1000, `line ${i}`);
  // A report held back is written when its interval ends even if nothing else arrives.
  progress.update(1000 - 1, 1000);
  const before = times.length;
  advance(100);
  assert.ok(times.length <= before + 1);
});

test('a slow sweep writes every report at once, and the last is never held back', () => {
  const { clock, advance } = fakeClock();
  const lines: number[] = [];
  const progress = throttleProgress((done) => lines.push(done), 100, clock);
  for (let done = 0; done <= 5; done++) {
    progress.update(done, 5);
    advance(3000); // a black hole: one probe per timeout
  }
  assert.equal(lines, [0, 1, 2, 3, 4, 5]);
  const burst = throttleProgress((done) => lines.push(done), 100, clock);
  burst.update(1, 2);
  burst.update(2, 2);
  assert.equal(lines.slice(-2), [1, 2], 'the final count is written even within the interval');
});

test('flush writes a held report now and cancels its timer', () => {
  const { clock, advance, pending } = fakeClock();
  const lines: number[] = [];
  const progress = throttleProgress((done) => lines.push(done), 100, clock);
  progress.update(1, 10);
  progress.update(2, 10);
  progress.update(3, 10);
  assert.equal(lines, [1]);
  assert.is(pending(), 1);
  progress.flush();
  assert.equal(lines, [1, 3]);
  assert.is(pending(), 0);
  advance(500);
  assert.equal(lines, [1, 3]);
});

test.run();
