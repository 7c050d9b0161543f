import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PASSING_CODES } from '../../../core/net/probe/advice';
import { advice } from '../../../core/locales/en-us.json';

const REQUIRED = [
  'OK',
  'DNS_FAILED',
  'CONNECT_REFUSED',
  'CONNECT_TIMEOUT',
  'PROXY_REFUSED',
  'PROXY_AUTH_REQUIRED',
  'PROXY_AUTH_FAILED',
  'PROXY_AUTH_UNSUPPORTED',
  'PROXY_AUTH_KERBEROS_ONLY',
  'SENSOR_PASSWORD_UNAVAILABLE',
  'PROXY_FORBIDDEN',
  'PROXY_ERROR',
  'TLS_FAILED',
  'TLS_INTERCEPTED',
  'TLS_UNEXPECTED_ROOT',
  'HTTP_UNEXPECTED_STATUS',
  'TIMEOUT',
];

test('every failure code has advice, and each advice is one sentence', () => {
  for (const code of REQUIRED) assert.ok(code in advice, `${code} has no advice`);
  for (const [code, sentence] of Object.entries(advice)) {
    assert.ok(/^[A-Z].*[.]$/.test(sentence), `${code}: "${sentence}" is not one sentence`);
    assert.not.ok(/\.\s+[A-Z]/.test(sentence), `${code}: more than one sentence`);
  }
});

test('the 401/403 advice names the "licensing issues" symptom; only OK codes pass', () => {
  assert.ok(advice.PROXY_FORBIDDEN.includes('licensing issues'));
  assert.ok(advice.OK_LEGACY_WORKSPACE.includes('503'));
  assert.equal([...PASSING_CODES].sort(), ['OK', 'OK_LEGACY_WORKSPACE']);
});

test.run();
