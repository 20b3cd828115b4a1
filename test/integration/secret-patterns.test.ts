// The one secret pattern set read by PostgreSQL: the generated corpus of credential formats
// and look-alikes (test/unit/secret-corpus.ts) through the SQL block secrets_in_catalog
// includes gives the same matches as the JavaScript side the PII detectors use (same
// pattern, same shown group, same secret length), the prefilter lets every match through,
// and the compiled check finds each credential planted in a catalog comment (masked: no
// secret in its rows) and none of the look-alikes. PostgreSQL 18 and 13 (the oldest major).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { SECRET_PATTERNS, secretPatternsSql } from '../../src/core/secrets/patterns.ts';
import { jsMatches, secretCorpus } from '../unit/secret-corpus.ts';
import { REPO } from './support.ts';

const corpus = secretCorpus();
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const byLabel = new Map(SECRET_PATTERNS.map((p) => [p.label, p.id]));

for (const major of [18, 13] as const) {
  describe(`PostgreSQL ${major}`, () => {
    let pg: Cluster;
    before(async () => { pg = await startCluster(await ensureInstall(major, { extras: false })); });
    after(async () => { await pg?.stop(); });

    test('the SQL block matches the corpus exactly as JavaScript does', async () => {
      const values = corpus.map((c, i) => `(${i}, ${lit(c.text)})`).join(',\n');
      const rows = await pg.query<{ i: number; kind: string; shown: string; len: number; pre: boolean }>(
        `WITH corpus(i, t) AS (VALUES ${values}),\n${secretPatternsSql()}
         SELECT c.i, p.kind, m[1] AS shown, length(m[2]) AS len, lower(c.t) ~ (SELECT anchors FROM secret_prefilter) AS pre
           FROM corpus c CROSS JOIN secret_patterns p CROSS JOIN LATERAL regexp_match(c.t, p.pattern, p.flags) AS m
          WHERE m IS NOT NULL
          ORDER BY 1, 2`);
      const sql = new Map<number, string[]>();
      for (const r of rows) {
        sql.set(r.i, [...(sql.get(r.i) ?? []), `${byLabel.get(r.kind)}|${r.shown}|${r.len}`]);
        assert.equal(r.pre, true, `the prefilter misses ${corpus[r.i].name}`);
      }
      const differ = corpus.flatMap((c, i) => {
        const js = jsMatches(c.text).sort();
        const pgm = (sql.get(i) ?? []).sort();
        return JSON.stringify(js) === JSON.stringify(pgm) ? [] : [`${c.name}: JavaScript ${JSON.stringify(js)} PostgreSQL ${JSON.stringify(pgm)}`];
      });
      assert.deepEqual(differ, []);
      assert.ok(rows.length >= corpus.filter((c) => c.expect).length);
    });

    test('secrets_in_catalog finds every credential planted in a comment, masked, and no look-alike', async () => {
      await pg.query('DROP TABLE IF EXISTS corpus_t; CREATE TABLE corpus_t (id int)');
      for (const [i, c] of corpus.entries()) await pg.query(`DROP TABLE IF EXISTS corpus_${i}; CREATE TABLE corpus_${i} (); COMMENT ON TABLE corpus_${i} IS ${lit(c.text)}`);
      const query = readFileSync(join(REPO, 'dist/catalog/access/secrets_in_catalog/query.sql'), 'utf8');
      // findings are capped at 200 rows: the corpus stays under that
      const found = await pg.query<{ place: string; object: string; kind: string; sample: string }>(query);
      const byObject = new Map(found.filter((f) => f.kind !== 'unreadable').map((f) => [f.object, f]));
      const wrong: string[] = [];
      for (const [i, c] of corpus.entries()) {
        const f = byObject.get(`table public.corpus_${i}`);
        if (c.expect === null && f) wrong.push(`${c.name}: look-alike reported as ${f.kind}`);
        if (c.expect !== null && !f) wrong.push(`${c.name}: not found`);
        if (f && !/\*\*\*\* \(\d+ chars\)$/.test(f.sample)) wrong.push(`${c.name}: sample not masked`);
      }
      assert.deepEqual(wrong, []);
      // no secret part of any credential is in the check's rows
      const out = JSON.stringify(found);
      for (const c of corpus.filter((x) => x.expect)) {
        for (const m of jsMatches(c.text)) {
          const [id] = m.split('|');
          const re = new RegExp(SECRET_PATTERNS.find((p) => p.id === id)!.pattern, SECRET_PATTERNS.find((p) => p.id === id)!.flags);
          const secret = re.exec(c.text)![2];
          if (secret.length >= 8) assert.ok(!out.includes(secret), `${c.name}: its secret is in the rows`);
        }
      }
    });
  });
}
