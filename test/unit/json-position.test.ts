import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonErrorOffset, lineColumn } from '../../src/runtime/json-position.ts';

test('valid JSON has no error offset', () => {
  for (const t of ['{}', '[1, 2.5e3, "a\\n", true, null]', ' {"a": {"b": [ ] } } ']) assert.equal(jsonErrorOffset(t), -1, t);
});

test('the first error is located by line and column', () => {
  const text = '{\n  "section": {\n    "s": [ }\n}';
  const at = jsonErrorOffset(text);
  assert.deepEqual(lineColumn(text, at), { line: 3, column: 12 });
  assert.equal(jsonErrorOffset('{"a": 1,}'), 8);
  assert.equal(jsonErrorOffset('{"a": 1} x'), 9);
  assert.equal(jsonErrorOffset('{"a": tru}'), 6);
});
