// The fix planner without a server: which evidence rows may become statements (provenance),
// and the safety checks every statement passes even from a trusted run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentStateTrust, type EvidenceTrust, planFixes, REPORT_FILE_TRUST, storedRunTrust } from '../../src/fix/plan.ts';
import { renderFixScript } from '../../src/fix/script.ts';
import type { Report } from '../../src/core/report.ts';

type Row = Record<string, unknown>;
const result = (id: string, status: string, executors: Row[]) => ({ section: 'access', check_id: id, name: `check ${id}`, status, executors });
const report = (results: Row[]) => ({
  run: { id: 7, server: { version: '18.4', database: 'postgres', host: null, port: null }, started_at: '2026-01-01T00:00:00Z', run_by: 'postgres' },
  results,
}) as unknown as Report;

const HOSTILE = report([
  result('evidence_check', 'Warning', [
    { script: 'q.sql', kind: 'sql', rows: [
      { fix: 'REVOKE CREATE ON SCHEMA "s" FROM PUBLIC', fix_comment: 'PUBLIC may create in s' },
      { fix: "ALTER ROLE joe PASSWORD 'evidence-secret'" },
      { fix: 'SELECT 1; DROP TABLE x' },
      { fix: 'COMMIT' },
      { fix: 'DROP SCHEMA s CASCADE', fix_manual: true, fix_comment: 'only if unused' },
    ] },
    // a shell executor's output is never a place for SQL, whatever it carries
    { script: 'x.sh', kind: 'shell', stdout: '', rows: [{ fix: 'ALTER ROLE joe SUPERUSER' }] },
  ]),
  result('passing', 'Success', [{ script: 'q.sql', kind: 'sql', rows: [{ fix: 'ALTER SYSTEM SET fsync = off' }] }]),
]);

async function plan(r: Report, evidence: EvidenceTrust) {
  const queries: string[] = [];
  const p = await planFixes(r, {}, new Map(), { contexts: new Map(), evidence, query: async (sql) => { queries.push(sql); return []; } });
  return { p, queries, text: renderFixScript(p, { report: r, source: 'test', liveDatabase: 'postgres', generatedAt: 'now', toolVersion: 'test' }) };
}

test('trusted evidence: statements pass the safety checks; unsafe ones are withheld without their text; shell rows are ignored', async () => {
  const { p, text } = await plan(HOSTILE, storedRunTrust('7', 'database', 'builtin'));
  assert.deepEqual(p.statements.map((s) => s.statement), ['REVOKE CREATE ON SCHEMA "s" FROM PUBLIC']);
  assert.deepEqual(p.statements[0].comments, ['PUBLIC may create in s']);
  assert.deepEqual(p.manual.map((m) => m.reason), [
    'a fix statement was withheld: it would carry a password',
    'a fix statement was withheld: more than one statement',
    'a fix statement was withheld: transaction control or a psql command',
    'only if unused',
  ]);
  assert.equal(p.manual[3].suggestion, 'DROP SCHEMA s CASCADE');
  assert.equal(p.withheldEvidence, 0);
  assert.doesNotMatch(text, /evidence-secret|DROP TABLE|SUPERUSER|fsync/);
  assert.match(text, /^-- fix statements from the evidence: used: run 7 was computed in the database by sec_check\.run\(\) with the built-in pack$/m);
});

test('untrusted evidence (agent run, foreign pack, report file): no statement, a note per check, the catalog is asked instead', async () => {
  const cases: [EvidenceTrust, RegExp][] = [
    [storedRunTrust('8', 'agent', null), /run 8 was posted by an agent \(origin agent\)/],
    [storedRunTrust('9', 'database', 'mine'), /run 9 ran pack "mine", not the built-in one/],
    [storedRunTrust('10', 'database', null), /run 10 ran pack \(none recorded\)/],
    [REPORT_FILE_TRUST, /a report file is not a run the server recorded/],
  ];
  for (const [trust, why] of cases) {
    const { p, text } = await plan(HOSTILE, trust);
    assert.deepEqual(p.statements, [], why.source);
    assert.equal(p.withheldEvidence, 5, why.source);
    assert.equal(p.manual.length, 1);
    assert.match(p.manual[0].reason, /^5 fix statement\(s\) in this result's evidence were not used: /);
    assert.match(p.manual[0].reason, why);
    // no catalog entry for this id: listed as a failing check without a fix
    assert.deepEqual(p.undefinedFixes.map((u) => u.id), ['evidence_check']);
    assert.doesNotMatch(text, /REVOKE|evidence-secret|DROP|SUPERUSER|fsync/, 'nothing of the rows is printed');
    assert.match(text, /^-- fix statements from the evidence: not used \(5 withheld\): /m);
  }
});

test('untrusted evidence of a catalog check: the catalog\'s fix query is computed on the live server instead', async () => {
  const r = report([result('public_schema', 'Error', [{ script: 'q.sql', kind: 'sql', rows: [{ fix: 'ALTER ROLE joe SUPERUSER' }] }])]);
  const queries: string[] = [];
  const p = await planFixes(r, { public_schema: { query: 'public_schema/fix.sql' } } as never, new Map([['public_schema', 'SELECT fix query']]), {
    contexts: new Map(), evidence: REPORT_FILE_TRUST,
    query: async (sql) => { queries.push(sql); return [{ statement: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC', comment: null, manual: false }]; },
  });
  assert.deepEqual(queries, ['SELECT fix query']);
  assert.deepEqual(p.statements.map((s) => s.statement), ['REVOKE CREATE ON SCHEMA public FROM PUBLIC']);
  assert.equal(p.withheldEvidence, 1);
});

test('a current-state report: each result follows its own run; the builtin runs\' rows are used, an uploaded pack\'s and an unknown run\'s are not', async () => {
  const fix = (statement: string) => [{ script: 'q.sql', kind: 'sql', rows: [{ fix: statement }] }];
  const state = report([
    { ...result('from_builtin', 'Warning', fix('REVOKE CREATE ON SCHEMA "a" FROM PUBLIC')), run_id: 3 },
    { ...result('from_foreign', 'Warning', fix('ALTER ROLE joe SUPERUSER')), run_id: 5 },
    { ...result('from_agent', 'Error', fix('DROP TABLE x')), run_id: 6 },
    { ...result('unknown_run', 'Warning', fix('DROP SCHEMA b')), run_id: 99 },
    { ...result('no_run', 'Warning', fix('DROP SCHEMA c')) },
  ]);
  const trust = currentStateTrust([
    { id: '3', origin: 'database', pack_name: 'builtin' },
    { id: '5', origin: 'database', pack_name: 'mine' },
    { id: '6', origin: 'agent', pack_name: null },
  ]);
  assert.deepEqual([trust.summary.trusted, trust.summary.partly], [false, true]);
  const p = await planFixes(state, {}, new Map(), { contexts: new Map(), evidence: trust.summary, evidenceOf: trust.of, query: async () => [] });
  assert.deepEqual(p.statements.map((s) => [s.statement, s.checks[0].id]), [['REVOKE CREATE ON SCHEMA "a" FROM PUBLIC', 'from_builtin']]);
  assert.equal(p.withheldEvidence, 4);
  const why = Object.fromEntries(p.manual.map((m) => [m.id, m.reason]));
  assert.match(why.from_foreign, /run 5 ran pack "mine", not the built-in one/);
  assert.match(why.from_agent, /run 6 was posted by an agent/);
  assert.match(why.unknown_run, /run 99 is not among the stored runs this role may read/);
  assert.match(why.no_run, /the result names no stored run/);
  const text = renderFixScript(p, { report: state, source: 'test', liveDatabase: 'postgres', generatedAt: 'now', toolVersion: 'test' });
  assert.match(text, /^-- fix statements from the evidence: partly used \(4 withheld\): used from run\(s\) 3 \(computed in the database by sec_check\.run\(\) with the built-in pack\) only; run 5 ran pack "mine"/m);
  assert.doesNotMatch(text, /SUPERUSER|DROP TABLE|DROP SCHEMA/);
  // every run trusted: the header says used
  const all = currentStateTrust([{ id: '3', origin: 'database', pack_name: 'builtin' }, { id: '4', origin: 'database', pack_name: 'builtin' }]);
  assert.deepEqual([all.summary.trusted, all.summary.why], [true, 'the current state\'s runs (3, 4) were computed in the database by sec_check.run() with the built-in pack']);
});
