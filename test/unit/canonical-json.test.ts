// Canonical JSON (RFC 8785) as the signature covers it: member order by UTF-16 code units,
// ECMAScript number forms, JSON.stringify's string escapes, no whitespace; values JSON cannot
// carry are refused. Expected texts are written out by hand from the rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, CanonicalJsonError } from '../../src/core/canonical-json.ts';

test('objects: members sorted by UTF-16 code units, nested, no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: [3, { d: null, c: true }], '': false }), '{"":false,"a":[3,{"c":true,"d":null}],"b":1}');
  // "\u20ac" (one unit, 0x20AC) sorts before "\ud83d\ude00" (0xD83D...), though U+1F600 > U+20AC;
  // and "\u00e9" (0xE9) before both; "Z" (0x5A) before "a" (0x61)
  assert.equal(canonicalJson({ '\ud83d\ude00': 1, '\u20ac': 2, '\u00e9': 3, a: 4, Z: 5 }), '{"Z":5,"a":4,"\u00e9":3,"\u20ac":2,"\ud83d\ude00":1}');
  assert.equal(canonicalJson({ x: undefined, y: 1 }), '{"y":1}', 'undefined members are left out, as JSON.stringify does');
});

test('numbers: the shortest round-trip form', () => {
  const cases: [number, string][] = [[0, '0'], [-0, '0'], [1, '1'], [-1.5, '-1.5'], [1e21, '1e+21'], [1e20, '100000000000000000000'],
    [0.000001, '0.000001'], [1e-7, '1e-7'], [123.456e5, '12345600'], [9007199254740993, '9007199254740992'], [5e-324, '5e-324']];
  for (const [n, text] of cases) assert.equal(canonicalJson(n), text, String(n));
});

test('strings: only the prescribed escapes; other characters as they are', () => {
  assert.equal(canonicalJson('a"b\\c\n\r\t\b\f\u0001\u001f/é€😀\u007f'), '"a\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f/é€😀\u007f"');
});

test('what JSON cannot carry is refused', () => {
  for (const bad of [NaN, Infinity, [undefined], { f: () => 1 }, 'lone \ud800 surrogate', 'lone \udc00', 10n]) {
    assert.throws(() => canonicalJson(bad), CanonicalJsonError, String(bad));
  }
});

test('equal documents give equal bytes whatever their member order; array order matters', () => {
  const a = JSON.parse('{"run":{"id":1,"by":"x"},"results":[{"s":"Success"},{"s":"Error"}]}');
  const b = JSON.parse('{"results":[{"s":"Success"},{"s":"Error"}],"run":{"by":"x","id":1}}');
  const c = JSON.parse('{"results":[{"s":"Error"},{"s":"Success"}],"run":{"by":"x","id":1}}');
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.notEqual(canonicalJson(a), canonicalJson(c));
});
