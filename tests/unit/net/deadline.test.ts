import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Socket } from 'node:net';
import { Deadline } from '../../../core/net/probe/deadline';
import { DeadlineExceeded } from '../../../core/net/probe/stage-failure';

const never = () => () => {};

test('a step settles with its own value and cleans up once', async () => {
  const deadline = new Deadline(1000);
  let cleanups = 0;
  const value = await deadline.step<number>((resolve) => {
    setTimeout(() => resolve(7), 5);
    return () => cleanups++;
  });
  assert.is(value, 7);
  assert.is(cleanups, 1);
  const error = await deadline
    .step((_, reject) => {
      reject(new Error('refused'));
      return () => cleanups++;
    })
    .catch((e: Error) => e);
  assert.is((error as Error).message, 'refused');
  assert.is(cleanups, 2, 'a step that settles at once is cleaned up too');
  deadline.dispose();
});

test('when the limit passes the running steps are abandoned with DeadlineExceeded and cleaned up; later steps fail at once', async () => {
  const deadline = new Deadline(20);
  let cleanups = 0;
  const running = [deadline.step(() => () => cleanups++), deadline.step(() => () => cleanups++)];
  const outcomes = await Promise.all(
    running.map((p) =>
      p.then(
        () => 'settled',
        (e) => e,
      ),
    ),
  );
  assert.ok(outcomes.every((e) => e instanceof DeadlineExceeded));
  assert.is(cleanups, 2);
  assert.ok(deadline.expired);
  const late = await deadline.step(never).catch((e) => e);
  assert.ok(late instanceof DeadlineExceeded);
  deadline.dispose();
});

test('a value that comes after the limit is ignored', async () => {
  const deadline = new Deadline(10);
  let resolveLater: (value: string) => void = () => {};
  const step = deadline.step<string>((resolve) => {
    resolveLater = resolve;
    return () => {};
  });
  const error = await step.catch((e) => e);
  resolveLater('too late');
  assert.ok(error instanceof DeadlineExceeded);
  deadline.dispose();
});

test('dispose clears the timer and destroys every tracked socket, newest first', async () => {
  const deadline = new Deadline(60_000);
  const order: string[] = [];
  const outer = deadline.track(new Socket());
  const inner = deadline.track(new Socket());
  const recordDestroy = (socket: Socket, name: string) => {
    socket.destroy = (() => {
      order.push(name);
      return socket;
    }) as typeof socket.destroy;
  };
  recordDestroy(outer, 'outer');
  recordDestroy(inner, 'inner');
  deadline.dispose();
  assert.equal(order, ['inner', 'outer']);
  assert.not.ok(deadline.expired, 'disposing is not expiring');
});

test.run();
