// PII discovery end to end on PG 18: the labelled dataset (test/fixtures/pii-dataset.ts) is
// scanned by sec_check.pii_scan() inside the database (pljs) and by `sec-check pii` from
// Node; both must reach precision and recall >= 0.95 per category (printed). Stored
// findings hold masks only, their primary keys lead back to a row whose value gives the
// same mask, exclusions and privileges are honoured, and hostile names are escaped in HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { DETECTORS } from '../../src/core/pii/detectors.ts';
import { cli, connArgs, startPg, startPg18WithSecCheck, tempPrefix } from './support.ts';
import { datasetSql, evaluate, formatScores, SCHEMA, TABLES } from '../fixtures/pii-dataset.ts';
import { piiChannelFindings } from '../../src/pii/channel-findings.ts';
import type { PiiScanDocument } from '../../src/core/pii/scan.ts';

let pg: Cluster;
type Row = { schema_name: string; table_name: string; column_name: string; category: string; rule_id: string; masked_sample: string; primary_key: Record<string, unknown> };
let dbFindings: Row[] = [];

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query(datasetSql());
  // A second schema the auditor cannot read, and a table the options exclude.
  await pg.query(`CREATE SCHEMA hidden; CREATE TABLE hidden.people (id int PRIMARY KEY, email text);
    INSERT INTO hidden.people SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE ROLE pii_auditor LOGIN; SELECT sec_check.grant_pii_access('pii_auditor');
    GRANT USAGE ON SCHEMA ${SCHEMA} TO pii_auditor; GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO pii_auditor;
`);
});
after(async () => { await pg?.stop(); });

function assertScores(label: string, findings: { schema_name: string; table_name: string; column_name: string; category: string }[]) {
  const e = evaluate(findings);
  console.log(formatScores(label, e.scores));
  if (e.falsePositives.length) console.log(`${label} false positives: ${e.falsePositives.join('; ')}`);
  if (e.falseNegatives.length) console.log(`${label} false negatives: ${e.falseNegatives.join('; ')}`);
  assert.equal(e.scores.length, 11, 'every category is present in the dataset');
  for (const s of e.scores) {
    assert.ok(s.precision >= 0.95, `${label} ${s.category}: precision ${s.precision}`);
    assert.ok(s.recall >= 0.95, `${label} ${s.category}: recall ${s.recall}`);
  }
}

test('in the database: sec_check.pii_scan() reaches precision and recall >= 0.95 per category and stores the findings', async () => {
  dbFindings = await pg.query<Row>(`SELECT * FROM sec_check.pii_scan('{"schemas": ["${SCHEMA}"]}')`);
  assertScores('pii_scan()', dbFindings);
  const stored = await pg.query('SELECT count(*)::int AS n, count(DISTINCT scan_id)::int AS scans, min(origin) AS origin FROM sec_check.pii_findings');
  assert.deepEqual(stored[0], { n: dbFindings.length, scans: 1, origin: 'database' });
});

test('every stored finding is masked, and its primary key leads to a row whose value gives the same mask', async () => {
  assert.ok(dbFindings.length > 20);
  let checked = 0;
  for (const f of dbFindings) {
    assert.ok(f.masked_sample.includes('***'));
    if (Object.keys(f.primary_key).length === 0) continue;
    const t = TABLES.find((x) => x.name === f.table_name)!;
    const col = t.columns.find((c) => c.name === f.column_name)!;
    const where = Object.keys(f.primary_key).map((k, i) => `"${k}" = $${i + 1}`).join(' AND ');
    const [row] = await pg.query(`SELECT "${f.column_name.replace(/"/g, '""')}"::text AS v FROM ${SCHEMA}."${f.table_name}" WHERE ${where}`, Object.values(f.primary_key).map(String));
    assert.ok(row, `row ${JSON.stringify(f.primary_key)} of ${f.table_name}`);
    const texts: string[] = col.type.includes('json') ? [] : [row.v];
    if (col.type.includes('json')) JSON.parse(row.v, (_k, v) => { if (typeof v === 'string') texts.push(v); return v; });
    const detector = { email: 'email', phone: 'phone', payment_card: 'payment_card', iban: 'iban', inn: 'inn', snils: 'snils', passport_ru: 'passport_ru', ssn: 'ssn', password_hash: 'password_hash' }[f.rule_id as string] ?? f.rule_id;
    const hit = texts.map((x) => DETECTORS[detector](x)).find(Boolean);
    assert.ok(hit, `${f.table_name}.${f.column_name}: the row ${JSON.stringify(f.primary_key)} holds a ${f.rule_id}`);
    assert.equal(f.masked_sample, hit.masked);
    assert.ok(!f.masked_sample.includes(hit.value), 'the mask does not contain the value');
    checked++;
  }
  assert.ok(checked > 20);
  const composite = dbFindings.find((f) => f.table_name === 'integrations');
  assert.deepEqual(Object.keys(composite!.primary_key).sort(), ['n', 'tenant'], 'composite keys come back whole');
});

test('the CLI finds the same with the same rules, writes JSON and an HTML page with hostile names escaped', async () => {
  const out = tempPrefix('pii');
  const res = await cli(['pii', ...connArgs(pg), '--schemas', SCHEMA, '--json', `${out}.json`, '--html', `${out}.html`]);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as PiiScanDocument;
  assertScores('sec-check pii', doc.findings);
  const key = (f: { table_name: string; column_name: string; rule_id: string }) => `${f.table_name}/${f.column_name}/${f.rule_id}`;
  assert.deepEqual(doc.findings.map(key).sort(), dbFindings.map(key).sort(), 'Node and the database agree');
  assert.match(res.stdout, new RegExp(`findings in \\d+ columns of ${TABLES.length} tables`));
  const html = readFileSync(`${out}.html`, 'utf8');
  assert.ok(!html.includes('<img src=x'), 'hostile column name is not markup');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&quot;; DROP'));
  assert.ok(html.includes('**** **** ****'));
  // channel shape
  const channel = piiChannelFindings(doc, { database: 'db.example:5432/postgres', lsn: '123456' });
  assert.equal(channel.length, doc.findings.length);
  assert.deepEqual(Object.keys(channel[0]).sort(), ['category', 'column_name', 'database', 'description', 'detected_at', 'key', 'lsn', 'masked_sample', 'primary_key', 'rule_id', 'schema_name', 'severity', 'table_name']);
  assert.equal(new Set(channel.map((c) => c.key)).size, channel.length, 'keys are unique per column and rule');
  assert.ok(channel.every((c) => c.database === 'db.example:5432/postgres' && c.lsn === '123456'));
});

test('exclusions, schemas and privileges: excluded tables, unreadable schemas and sec_check itself are not scanned', async () => {
  const rows = await pg.query(`SELECT DISTINCT schema_name, table_name FROM sec_check.pii_scan('{"exclude_tables": ["${SCHEMA}.customers", "payments"]}')`);
  const tables = rows.map((r) => `${r.schema_name}.${r.table_name}`);
  assert.ok(!tables.includes(`${SCHEMA}.customers`) && !tables.includes(`${SCHEMA}.payments`));
  assert.ok(tables.includes('hidden.people'), 'a superuser scan sees hidden.people');
  assert.ok(!tables.some((t) => t.startsWith('sec_check.')), 'the findings table is never scanned (no detection loop)');
  const asAuditor = await pg.connect('pii_auditor');
  try {
    const r = await asAuditor.query(`SELECT DISTINCT schema_name FROM sec_check.pii_scan()`);
    assert.deepEqual(r.rows.map((x) => x.schema_name), [SCHEMA], 'the auditor finds only what it can read');
    await assert.rejects(asAuditor.query(`SELECT sec_check.record_pii_findings('{"format":"sec_check-pii","database":"postgres","findings":[]}', 'database')`),
      /only sec_check.pii_scan\(\) records in-database scans/);
    await assert.rejects(asAuditor.query(`SELECT sec_check.record_pii_findings($1, 'cli')`, [JSON.stringify({ format: 'sec_check-pii', database: 'postgres', findings: [{
      schema_name: 's', table_name: 't', column_name: 'c', rule_id: 'email', category: 'email', severity: 'medium', match_count: 1, sampled: 1,
      masked_sample: 'john.smith@example.com', primary_key: {}, confidence: 1, sampling: 'limit' }] })]), /pii_findings_masked_sample_check/);
    await assert.rejects(asAuditor.query(`INSERT INTO sec_check.pii_findings (scan_id, origin, schema_name, table_name, column_name, rule_id, category, severity, match_count, sampled, masked_sample, confidence, sampling)
      VALUES (1, 'cli', 's', 't', 'c', 'email', 'email', 'low', 1, 1, 'a***', 1, 'limit')`), /permission denied/);
  } finally {
    await asAuditor.end();
  }
  // partitioned tables are read through their parent (once), materialized views too
  await pg.query(`CREATE SCHEMA parts;
    CREATE TABLE parts.p (id int PRIMARY KEY, email text) PARTITION BY RANGE (id);
    CREATE TABLE parts.p1 PARTITION OF parts.p FOR VALUES FROM (0) TO (100);
    CREATE TABLE parts.p2 PARTITION OF parts.p FOR VALUES FROM (100) TO (1000);
    INSERT INTO parts.p SELECT g, 'someone' || g || '@example.org' FROM generate_series(1, 300) g;
    CREATE MATERIALIZED VIEW parts.mv AS SELECT id, email AS contact FROM parts.p;
    ANALYZE parts.p, parts.mv`);
  // 100 rows wanted of an estimated 300: TABLESAMPLE SYSTEM(100), so the page sample cannot
  // come back short (a smaller percentage of these two pages may pick none, and the scan then
  // falls back to LIMIT, as it should)
  const parts = await pg.query(`SELECT table_name, sampling, sampled FROM sec_check.pii_scan('{"schemas": ["parts"], "tablesample_min_rows": 100, "sample_rows": 100}') ORDER BY 1`);
  assert.deepEqual(parts.map((r) => r.table_name), ['mv', 'p']);
  for (const r of parts) {
    assert.equal(r.sampling, 'tablesample', 'estimates of 300 rows >= tablesample_min_rows 100');
    assert.ok(r.sampled <= 100, 'the sample stays bounded');
  }
  await assert.rejects(pg.query(`SELECT * FROM sec_check.pii_scan('{"sample_rows": 0}')`), /options\.sample_rows: expected an integer from 1/);
  await assert.rejects(pg.query(`SELECT * FROM sec_check.pii_scan('{"schema": ["x"]}')`), /options\.schema: unknown option/);
});

test('sec-check pii --store posts the CLI scan; report --pii adds the PII section to the HTML report', async () => {
  const before = (await pg.query(`SELECT count(*)::int AS n FROM sec_check.pii_findings WHERE origin = 'cli'`))[0].n;
  const out = tempPrefix('pii-store');
  const res = await cli(['pii', ...connArgs(pg, 'pii_auditor'), '--schemas', SCHEMA, '--store', '--json', `${out}.json`]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /stored as scan \d+/);
  const after = (await pg.query(`SELECT count(*)::int AS n, min(posted_by) AS who FROM sec_check.pii_findings WHERE origin = 'cli'`))[0];
  assert.ok(after.n > before);
  assert.equal(after.who, 'pii_auditor');

  await pg.query(`SELECT * FROM sec_check.run('connections')`);
  const report = tempPrefix('report');
  const r = await cli(['report', ...connArgs(pg), '--run', 'latest', '--format', 'Html', '--output', report, '--pii', `${out}.json`]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(`${report}_web/index.html`, 'utf8');
  assert.ok(html.includes('<section id="pii">'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!html.includes('<img src=x'));
  const plain = tempPrefix('report-nopii');
  const r2 = await cli(['report', ...connArgs(pg), '--run', 'latest', '--format', 'Html', '--output', plain]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(!readFileSync(`${plain}_web/index.html`, 'utf8').includes('id="pii"'), 'no PII section without --pii');
});

test('the CLI needs no extension: on PostgreSQL 14 without sec_check it reaches the same scores', async () => {
  const pg14 = await startPg(14);
  try {
    await pg14.query(datasetSql());
    const out = tempPrefix('pii14');
    const res = await cli(['pii', ...connArgs(pg14), '--json', `${out}.json`]);
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as PiiScanDocument;
    assert.match(doc.server_version, /^14\./);
    assertScores('sec-check pii (PG 14)', doc.findings);
  } finally {
    await pg14.stop();
  }
});
