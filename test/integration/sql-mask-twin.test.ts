// The SQL lexer and masker exist twice: in TypeScript (src/core/sql-lexer.ts, sql-mask.ts:
// pgaudit ingestion, the side-effect scan, the catalog compiler) and in PL/pgSQL for the DDL
// trail (sec_check.sql_tokens, sec_check.sql_mask). This runs the one case table and the
// generated spellings through both on PostgreSQL 18 and requires the same text from both,
// with no secret left; and compares the two lexers' tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { lexSql } from '../../src/core/sql-lexer.ts';
import { maskSql } from '../../src/core/sql-mask.ts';
import { MASK_CASES } from '../fixtures/sql-mask-cases.ts';
import { generateSpellings } from '../fixtures/sql-mask-spellings.ts';
import { startPg18WithSecCheck } from './support.ts';

let c: Cluster;
let db: pg.Client;
before(async () => {
  c = await startPg18WithSecCheck();
  db = await c.connect();
});
after(async () => {
  await db?.end().catch(() => {});
  await c?.stop();
});

/** sec_check.sql_mask over many texts in one round trip */
async function sqlMask(texts: string[]): Promise<{ masked: string; mask_parameters: boolean }[]> {
  const r = await db.query(`SELECT m.masked, m.mask_parameters FROM unnest($1::text[]) WITH ORDINALITY AS t(s, o),
                            LATERAL sec_check.sql_mask(t.s) m ORDER BY t.o`, [texts]);
  return r.rows;
}

test('the case table: the database masks every case exactly as the TypeScript masker does', async () => {
  const out = await sqlMask(MASK_CASES.map((x) => x.sql));
  MASK_CASES.forEach((x, i) => {
    assert.equal(out[i].masked, x.masked, `${x.name} (database)`);
    assert.equal(maskSql(x.sql).text, x.masked, `${x.name} (TypeScript)`);
    assert.equal(out[i].mask_parameters, x.parameters ?? false, `${x.name}: parameters`);
  });
});

test('generated spellings (3 seeds × 200): same text from both maskers, no fragment of a secret in either', async () => {
  for (const seed of [7, 20261207, 99991]) {
    const spellings = generateSpellings(seed, 200);
    const out = await sqlMask(spellings.map((s) => s.sql));
    spellings.forEach((sp, i) => {
      const ts = maskSql(sp.sql).text;
      assert.equal(out[i].masked, ts, `seed ${seed} #${i} ${sp.template}: ${JSON.stringify(sp.sql)}`);
      for (const f of sp.fragments) assert.ok(!out[i].masked.includes(f), `seed ${seed} #${i}: ${JSON.stringify(f)} survived in ${JSON.stringify(out[i].masked)}`);
    });
  }
});

test('the two lexers give the same tokens (kind, style, value, flags; positions on ASCII text)', async () => {
  const texts = [
    ...MASK_CASES.map((x) => x.sql),
    ...generateSpellings(5, 60).map((s) => s.sql),
    "SELECT E'a\\'b\\n\\x41\\101\\u0042\\\\', 'a''b', $x$ q $x$, U&\"d\\0061t\" UESCAPE '!', U&'\\0041!', 1.5e3, .5, 0x1F, 1..2, a$b, $1, x::int",
    "y := 2, f(a => 1) /* a /* b */ c */ -- end\n a=-1 <> != >= *- @- 'open",
    "'a\\' b' N'x' B'101' X'ff' e'\\xff\\u00e9\\0' \"q\"\"x\" $ $tag$open",
    "u&'a\\\\b' /* c */ uescape\n'#' U&'x' UESCAPE '+' café $é$x$é$",
  ];
  for (const scs of [true, false]) {
    const r = await db.query(`SELECT t.o, k.kind, k.style, k.start_pos, k.end_pos, k.value, k.unterminated, k.invalid, k.is_unicode
                                FROM unnest($1::text[]) WITH ORDINALITY AS t(s, o), LATERAL sec_check.sql_tokens(t.s, $2) k
                               ORDER BY t.o, k.ord`, [texts, scs]);
    texts.forEach((text, i) => {
      const fromDb = r.rows.filter((x) => Number(x.o) === i + 1);
      const fromTs = lexSql(text, { standardConformingStrings: scs });
      const ascii = /^[\x00-\x7f]*$/.test(text);
      const show = (t: { kind: string; style?: string | null; value: string; unterminated?: boolean; invalid?: boolean; unicode?: boolean; is_unicode?: boolean; start?: number; end?: number }) =>
        [t.kind, t.style ?? null, t.value, !!t.unterminated, !!t.invalid, !!(t.unicode ?? t.is_unicode)];
      assert.deepEqual(fromDb.map((t) => [...show(t), ...(ascii ? [t.start_pos, t.end_pos] : [])]),
        fromTs.map((t) => [...show(t), ...(ascii ? [t.start, t.end] : [])]), `scs ${scs}: ${JSON.stringify(text)}`);
    });
  }
});
