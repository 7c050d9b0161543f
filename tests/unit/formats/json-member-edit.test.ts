import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setTopLevelMember } from '../../../core/formats/json-member-edit';

const test = suite('json member edit');

test('an indented CRLF file: only the member changes, deep unknown data and number spellings stay', () => {
  const text = '{\r\n  "a": 1.50,\r\n  "P": {\r\n    "Url": "x"\r\n  },\r\n  "Deep": {"b": {"c": {"d": [1e3, {"e": null}]}}}\r\n}\r\n';
  const out = setTopLevelMember(text, 'P', { Url: 'y', Z: { k: 1 } });
  assert.is(
    out,
    '{\r\n  "a": 1.50,\r\n  "P": {\r\n    "Url": "y",\r\n    "Z": {\r\n      "k": 1\r\n    }\r\n  },\r\n  "Deep": {"b": {"c": {"d": [1e3, {"e": null}]}}}\r\n}\r\n',
  );
  assert.is(
    setTopLevelMember(out, 'P', null),
    '{\r\n  "a": 1.50,\r\n  "P": null,\r\n  "Deep": {"b": {"c": {"d": [1e3, {"e": null}]}}}\r\n}\r\n',
  );
});

test('a compact file stays compact; an absent member is appended; strings with braces do not confuse the scan', () => {
  const text = '{"a":"}{\\"","b":[1,{"c":"]"}]}';
  assert.is(setTopLevelMember(text, 'P', { Url: 'u' }), '{"a":"}{\\"","b":[1,{"c":"]"}],"P":{"Url":"u"}}');
  assert.is(setTopLevelMember('{\n\t"a": 1\n}', 'P', { U: 1 }), '{\n\t"a": 1,\n\t"P": {\n\t\t"U": 1\n\t}\n}');
  assert.is(setTopLevelMember('{}', 'P', null), '{"P":null}');
});

test.run();
