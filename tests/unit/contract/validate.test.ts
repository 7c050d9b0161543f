import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateRequest } from '../../../core/validate';
import { parseRequest } from '../../../core/cli';
import { ToolError } from '../../../core/errors';

function rejection(action: () => unknown): ToolError {
  try {
    action();
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

test('a valid get request passes unchanged', () => {
  const request = { machine: 'x', product: 'mdi', stores: ['wininet'] };
  assert.equal(validateRequest('get', request), request);
});

test('empty, non-JSON and non-object requests each have their own code', () => {
  assert.is(rejection(() => parseRequest('')).code, 'REQUEST_EMPTY');
  assert.is(rejection(() => parseRequest('  \n')).code, 'REQUEST_EMPTY');
  assert.is(rejection(() => parseRequest('{"a":')).code, 'REQUEST_NOT_JSON');
  const notObject = rejection(() => parseRequest('[1,2]'));
  assert.is(notObject.code, 'REQUEST_NOT_OBJECT');
  assert.match(notObject.message, /not an array/);
  assert.is(rejection(() => parseRequest('"get"')).code, 'REQUEST_NOT_OBJECT');
  assert.is(rejection(() => parseRequest('null')).code, 'REQUEST_NOT_OBJECT');
});

test('a BOM before the JSON is accepted', () => {
  assert.equal(parseRequest('\uFEFF{"product":"mdi"}'), { product: 'mdi' });
});

test('a misspelled field names the field and suggests the right one', () => {
  const error = rejection(() => validateRequest('get', { prodcut: 'mdi' }));
  assert.is(error.code, 'FIELD_UNKNOWN');
  assert.is(error.field, 'prodcut');
  assert.match(error.message, /did you mean "product"/);
  assert.is(error.exit, 2);
});

test('an unknown nested field is reported with its path', () => {
  const error = rejection(() => validateRequest('set', { store: 'winhttp', proxy: { server: 'a:1', passwd: 'x' } }));
  assert.is(error.code, 'FIELD_UNKNOWN');
  assert.is(error.field, 'proxy.passwd');
});

test('a wrong type says what was expected', () => {
  const error = rejection(() => validateRequest('get', { machine: 42 }));
  assert.is(error.code, 'FIELD_TYPE');
  assert.is(error.field, 'machine');
  assert.match(error.message, /must be a string/);
});

test('a value outside an enumeration lists the allowed values, with the array index in the path', () => {
  const error = rejection(() => validateRequest('get', { stores: ['wininet', 'winhtp'] }));
  assert.is(error.code, 'FIELD_VALUE');
  assert.is(error.field, 'stores[1]');
  assert.match(error.message, /"winhttp"/);
});

test('a missing required field is named', () => {
  const error = rejection(() => validateRequest('restore', {}));
  assert.is(error.code, 'FIELD_MISSING');
  assert.is(error.field, 'backup');
});

test.run();
