import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asOneChange, changeInProgress } from '../../../core/safety/change-in-progress';
import { listenForInterrupts, onInterrupt } from '../../../core/cli/interrupt';

test('Ctrl+C outside a change stops at once; inside one, the change finishes first', () => {
  assert.is(onInterrupt(false), 'stop');
  assert.is(onInterrupt(true), 'finish-change');
});

test('SIGINT while a change runs: the change goes on to its end, the person is told, nothing stops', async () => {
  const heard: string[] = [];
  const stopListening = listenForInterrupts({ stop: () => heard.push('stop'), finishing: () => heard.push('finishing') });
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const change = asOneChange(async () => {
      await gate;
      return 'written';
    });
    assert.ok(changeInProgress());
    process.emit('SIGINT');
    assert.equal(heard, ['finishing']);
    release();
    assert.is(await change, 'written');
    assert.not.ok(changeInProgress());
  } finally {
    stopListening();
  }
});

test.run();
