// Evidence caps and the deep-nesting renderers, without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectJson, MAX_DEPTH, parseEvidence, storableText, storableValue } from '../../src/core/evidence-limits.ts';
import { MAX_RICH_DEPTH, parseRich, plainText, richToHtml } from '../../src/render/rich-text.ts';
import { renderHtml } from '../../src/render/html.ts';
import { renderSarif } from '../../src/render/sarif.ts';
import { renderJunit } from '../../src/render/junit.ts';
import { runValidator } from '../../src/core/lua/host.ts';
import { sample } from '../report/load.ts';

test('inspectJson: depth without recursion, big integers quoted with exact digits', () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  assert.equal(inspectJson(deep).depth, 5000);
  const r = parseEvidence(deep);
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, new RegExp(`${MAX_DEPTH} levels`));
  const seen = inspectJson('[{"a":9223372036854775807,"b":"9223372036854775807 in text","c":-9007199254740993,"d":9007199254740991,"e":1.5e300,"f":12345678901234567890.5}]');
  assert.deepEqual(JSON.parse(seen.text), [{ a: '9223372036854775807', b: '9223372036854775807 in text', c: '-9007199254740993', d: 9007199254740991, e: 1.5e300, f: 12345678901234567890.5 }]);
  assert.equal(inspectJson('{"s":"a\\"[[[","n":[1]}').depth, 2, 'brackets in strings do not count');
});

test('storable: NUL and lone surrogates become stand-ins, pairs stay', () => {
  assert.equal(storableText('a\u0000b'), 'a\u2400b');
  assert.equal(storableText('x\ud800y\udc00z\ud83d\ude00'), 'x\ufffdy\ufffdz\ud83d\ude00');
  const doc = storableValue({ k: ['a\u0000', { 'n\u0000': 'v\u0000' }], ok: 1 });
  assert.deepEqual(doc, { k: ['a\u2400', { 'n\u2400': 'v\u2400' }], ok: 1 });
  let nested: unknown = 'end\u0000';
  for (let i = 0; i < 100_000; i++) nested = [nested];
  storableValue(nested); // no recursion: a 100,000-deep value is walked without overflow
});

test('Lua: big integers arrive as strings (bigint too), small ones as integers', () => {
  const outcome = runValidator({
    source: `function validate_result() return { status = (type(a) == 'string' and a == '9223372036854775807' and math.type(b) == 'integer') and 'Success' or 'Error', short_description = type(a), full_description = '', recommendation = '' } end`,
    chunkName: 'v.lua', globals: { a: 9223372036854775807n, b: 7n }, localeMsg: (k) => k, clock: () => Date.now(),
  });
  assert.equal(outcome.ok && outcome.verdict.status, 'Success');
});

test('rich text: 100,000 nested <b> tags render (HTML, SARIF, JUnit, plain) without overflow', () => {
  const hostile = '<b>'.repeat(100_000) + 'deep' + '</b>'.repeat(100_000);
  const tree = parseRich(hostile);
  let depth = 0;
  for (let n: unknown = tree[0]; Array.isArray(n); n = n[1]) depth++;
  assert.equal(depth, MAX_RICH_DEPTH);
  assert.match(richToHtml(tree), /^(<b>){32}deep(<\/b>){32}$/);
  assert.equal(plainText(hostile), 'deep');
  const report = sample();
  report.results[0].description = hostile;
  report.results[0].full_description = hostile;
  report.results[0].recommendation = hostile;
  assert.match(renderHtml(report), /deep/);
  assert.match(renderSarif(report), /deep/);
  assert.match(renderJunit(report), /deep/);
});
