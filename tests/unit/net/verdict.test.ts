import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { targetFromUrl } from '../../../core/net/probe/targets';
import { judgeAnswer, pingBodyIsValid } from '../../../core/net/probe/verdict';

const ping = { kind: 'mdi-ping' } as const;

test('the MDI ping passes on 200 "Ok" and on 200 with a sensor version', () => {
  assert.is(judgeAnswer(ping, 200, 'Ok').code, 'OK');
  assert.is(judgeAnswer(ping, 200, ' ok\r\n').code, 'OK');
  assert.is(judgeAnswer(ping, 200, '2.255.19267.9636').code, 'OK');
  assert.is(judgeAnswer(ping, 200, '"2.255.19267.9636"').code, 'OK');
});

test('the MDI ping passes on 503 with its own code (older workspaces)', () => {
  assert.is(judgeAnswer(ping, 503, 'The service is unavailable').code, 'OK_LEGACY_WORKSPACE');
});

test('a 200 that is neither "Ok" nor a version is a portal answering in the service\'s place', () => {
  const verdict = judgeAnswer(ping, 200, '<html>Sign in</html>');
  assert.is(verdict.code, 'HTTP_UNEXPECTED_BODY');
  assert.ok(verdict.detail.includes('Sign in'));
  assert.not.ok(pingBodyIsValid('Okay then'));
});

test('any other ping status is unexpected and the detail names it', () => {
  const verdict = judgeAnswer(ping, 404, 'Not Found');
  assert.is(verdict.code, 'HTTP_UNEXPECTED_STATUS');
  assert.ok(verdict.detail.startsWith('404'));
});

test('MDE endpoints pass on their documented status only; an empty list accepts any answer', () => {
  assert.is(judgeAnswer({ kind: 'status', statuses: [404] }, 404, '').code, 'OK');
  assert.is(judgeAnswer({ kind: 'status', statuses: [404] }, 200, '').code, 'HTTP_UNEXPECTED_STATUS');
  assert.is(judgeAnswer({ kind: 'status', statuses: [400] }, 400, '').code, 'OK');
  assert.is(judgeAnswer({ kind: 'status', statuses: [] }, 418, '').code, 'OK');
});

test('a URL the catalog does not know passes on 2xx and 3xx', () => {
  assert.is(judgeAnswer({ kind: 'success' }, 204, '').code, 'OK');
  assert.is(judgeAnswer({ kind: 'success' }, 302, '').code, 'OK');
  assert.is(judgeAnswer({ kind: 'success' }, 403, '').code, 'HTTP_UNEXPECTED_STATUS');
});

test('the sensor API root (000): 503 "The service is unavailable" is the desired result; other answers are not', () => {
  const root = { kind: 'mdi-root' } as const;
  assert.is(judgeAnswer(root, 503, 'The service is unavailable').code, 'OK');
  assert.is(judgeAnswer(root, 200, 'Ok').code, 'OK');
  assert.is(judgeAnswer(root, 200, '<html>portal</html>').code, 'HTTP_UNEXPECTED_STATUS');
  assert.is(judgeAnswer(root, 404, '').code, 'HTTP_UNEXPECTED_STATUS');
  assert.equal(targetFromUrl('https://contoso-corpsensorapi.atp.azure.com').expectation, root);
  assert.equal(targetFromUrl('https://contoso-corpsensorapi.atp.azure.com/').expectation, root);
});

test.run();
