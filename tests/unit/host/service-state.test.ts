// serviceStateOf: the one table of dwCurrentState values both live hosts read, the native one from
// QueryServiceStatusEx and the reg.exe one from `sc query`'s STATE line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceStateOf } from '../../../core/host/live-machine';

test('SERVICE_STOPPED 1 .. SERVICE_RUNNING 4 and SERVICE_PAUSED 7 have names (winsvc.h)', () => {
  assert.equal([1, 2, 3, 4, 7].map(serviceStateOf), ['stopped', 'start-pending', 'stop-pending', 'running', 'paused']);
});

test('continue- and pause-pending (5, 6), 0 and anything else are unknown: a wait never takes them for its state', () => {
  assert.equal([0, 5, 6, 8, 0xffffffff].map(serviceStateOf), ['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
});

test.run();
