// The one secret pattern set (src/core/secrets/): inside the subset PostgreSQL and
// JavaScript read alike, every generated credential found by the pattern made for it and
// every look-alike by none (JavaScript side; test/integration/secret-patterns.test.ts runs
// the same corpus through the SQL block on PostgreSQL and compares), the PII secret detectors
// built from it, and the generated SQL block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET_PATTERNS, anchorRegex, prefilterRegex, jsRegExp, secretPatternsSql, subsetProblems } from '../../src/core/secrets/patterns.ts';
import { DETECTORS } from '../../src/core/pii/detectors.ts';
import { jsMatches, secretCorpus } from './secret-corpus.ts';

test('every pattern is inside the shared subset and has anchors', () => {
  const problems = SECRET_PATTERNS.flatMap((p) => subsetProblems(p).map((x) => `${p.id}: ${x}`));
  assert.deepEqual(problems, []);
  assert.equal(new Set(SECRET_PATTERNS.map((p) => p.id)).size, SECRET_PATTERNS.length);
  // the checker refuses what the engines read differently
  const probe = (pattern: string) => subsetProblems({ id: 'x', label: 'x', flags: '', pii: null, anchors: ['x'], pattern });
  assert.ok(probe('(a)(.)').length > 0);
  assert.ok(probe('\\b(a)(b)').length > 0);
  assert.ok(probe('(a)(\\w+)').length > 0);
  assert.ok(probe('(a)(b{1,300})').length > 0);
  assert.ok(probe('(a)(b+?)').length > 0);
  assert.ok(probe('(a)(b)(c)').length > 0);
  assert.deepEqual(probe('(?<![a-z])(a)([.b]{2,5})(?=c)'), []);
});

test('the corpus: each credential found by its pattern, each look-alike by none (JavaScript)', () => {
  const corpus = secretCorpus();
  assert.ok(corpus.length > 120, `${corpus.length} items`);
  const wrong: string[] = [];
  for (const item of corpus) {
    const hits = jsMatches(item.text).map((h) => h.split('|')[0]);
    if (item.expect === null ? hits.length > 0 : !hits.includes(item.expect)) wrong.push(`${item.name}: expected ${item.expect ?? 'nothing'}, got ${hits.join(',') || 'nothing'}: ${JSON.stringify(item.text.slice(0, 120))}`);
    // the prefilter lets every match through
    if (hits.length > 0 && !new RegExp(anchorRegex(SECRET_PATTERNS)).test(item.text.toLowerCase())) wrong.push(`${item.name}: the prefilter misses it`);
  }
  assert.deepEqual(wrong, []);
});

test('the corpus, other seeds: still no miss and no false alarm', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const item of secretCorpus(seed, 1)) {
      const hits = jsMatches(item.text).map((h) => h.split('|')[0]);
      assert.ok(item.expect === null ? hits.length === 0 : hits.includes(item.expect), `seed ${seed}: ${item.name}: ${hits.join(',')}`);
    }
  }
});

test('PII secret detectors come from the same set: a credential of each kind, masked by its shown group', () => {
  const corpus = secretCorpus();
  for (const item of corpus) {
    const p = SECRET_PATTERNS.find((x) => x.id === item.expect);
    if (!p?.pii) continue;
    const hit = DETECTORS[p.pii](item.text);
    assert.ok(hit, `${p.pii} misses ${item.name}`);
    const prefilter = new RegExp(prefilterRegex(SECRET_PATTERNS.filter((x) => x.pii === p.pii)));
    assert.ok(prefilter.test(item.text), `${p.pii} prefilter misses ${item.name}`);
  }
  for (const item of corpus.filter((i) => i.expect === null)) {
    for (const d of ['api_key', 'jwt', 'private_key']) assert.equal(DETECTORS[d](item.text), null, `${d} flags ${item.name}`);
  }
  assert.equal(DETECTORS.api_key('key=AKIAIOSFODNN7EXAMPLE')?.masked, 'AKIA***');
  assert.equal(DETECTORS.api_key('SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ')?.masked, 'SG.***');
});

test('the SQL block lists every pattern with its flags, quotes doubled, and the prefilter', () => {
  const sql = secretPatternsSql();
  for (const p of SECRET_PATTERNS) assert.ok(sql.includes(`'${p.pattern.replace(/'/g, "''")}'`), p.id);
  assert.match(sql, /^secret_prefilter\(anchors\) AS \(VALUES \('/m);
  // the trie keeps every anchor: each is matched by the prefilter
  const re = new RegExp(anchorRegex(SECRET_PATTERNS));
  for (const p of SECRET_PATTERNS) for (const a of p.anchors) assert.ok(re.test(a.toLowerCase()), `${p.id}: ${a}`);
  assert.ok(jsRegExp(SECRET_PATTERNS[0]).global);
});
