// The TypeScript masker (src/core/sql-mask.ts) on the shared case table and on generated
// spellings; test/integration/sql-mask-twin.test.ts runs the same through the database's
// masker and requires the same text from both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSql } from '../../src/core/sql-mask.ts';
import { MASK_CASES } from '../fixtures/sql-mask-cases.ts';
import { generateSpellings } from '../fixtures/sql-mask-spellings.ts';

test('the case table: exact output, no secret left, parameters flagged', () => {
  for (const c of MASK_CASES) {
    const r = maskSql(c.sql);
    assert.equal(r.text, c.masked, c.name);
    assert.equal(r.maskParameters, c.parameters ?? false, `${c.name}: parameters`);
    for (const s of c.secrets ?? []) assert.ok(!r.text.includes(s), `${c.name}: ${s} survived in ${r.text}`);
  }
});

test('generated spellings (3 seeds × 400): no fragment of a secret survives, something is masked', () => {
  for (const seed of [1, 20261207, 424242]) {
    for (const sp of generateSpellings(seed, 400)) {
      const out = maskSql(sp.sql).text;
      assert.ok(out.includes('***'), `seed ${seed} ${sp.template}: nothing masked in ${JSON.stringify(sp.sql)}`);
      for (const f of sp.fragments) assert.ok(!out.includes(f), `seed ${seed} ${sp.template}: ${JSON.stringify(f)} survived: ${JSON.stringify(sp.sql)} -> ${JSON.stringify(out)}`);
    }
  }
});

test('masking is idempotent and leaves text without secrets alone', () => {
  for (const c of MASK_CASES) assert.equal(maskSql(c.masked).text, c.masked, c.name);
  const plain = 'CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT \'x\'); DROP TABLE u';
  assert.equal(maskSql(plain).text, plain);
});
