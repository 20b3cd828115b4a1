// Fix scripts for object audit coverage on a real PostgreSQL 18, applied with psql as a
// reviewer would. Sensitive tables are named with a bidi override ("pay<U+202E>roll"), a
// zero-width space ("sa<U+200B>lary") and a Cyrillic look-alike letter ("p<U+0430>yroll"),
// next to decoys with the plain names. Without pgaudit loaded the object_audit() calls are
// manual items with the reason, so the script applies without aborting its transaction;
// with pgaudit loaded they are statements whose names are escapes, the script holds no
// invisible or look-alike character, and applying it grants exactly the classified tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';
import { psql } from './extension-catalog.ts';

let pg: Cluster;
const TRICKY = ['pay\u202Eroll', 'sa\u200Blary', 'p\u0430yroll'];
const DECOYS = ['payroll', 'salary'];
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Which of the tables the pgaudit.role role may SELECT (by exact name). */
async function granted(): Promise<string[]> {
  const rows = await pg.query<{ relname: string }>(`SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND has_table_privilege('auditor', c.oid, 'SELECT') ORDER BY 1`);
  return rows.map((r) => r.relname);
}

async function fixScript(): Promise<string> {
  const out = `${tempPrefix('fix-hidden')}.sql`;
  const res = await cli(['fix', ...connArgs(pg), '--run', 'latest', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  return out;
}

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE ROLE auditor NOLOGIN');
  for (const name of [...TRICKY, ...DECOYS]) await pg.query(`CREATE TABLE public.${ident(name)} (v text)`);
  for (const name of TRICKY) await pg.query(`SELECT sec_check.classify($1::regclass, NULL, 'pii')`, [`public.${ident(name)}`]);
});
after(async () => { await pg?.stop(); });

test('pgaudit not loaded: the object_audit() calls are manual with the reason, and the script applies without aborting', async () => {
  const statuses = await pg.query<{ check_id: string; status: string }>(`SELECT check_id, status FROM sec_check.run('logging')`);
  assert.equal(statuses.find((r) => r.check_id === 'object_audit_coverage')?.status, 'Error');
  const out = await fixScript();
  const text = readFileSync(out, 'utf8');
  const statements = text.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
  assert.ok(!statements.some((l) => /object_audit/.test(l)), `no object_audit() statement: ${statements.join('\n')}`);
  const manual = text.split(/^-- ==== 3\./m)[1] ?? '';
  assert.match(manual, /^-- object_audit_coverage: .*\n--   manual: pgaudit is not loaded on this server: sec_check\.object_audit\(\) would fail and abort the transaction/m);
  assert.equal((manual.match(/^--   SELECT sec_check\.object_audit\(/gm) ?? []).length, 3, 'each call listed, commented');
  assert.doesNotMatch(text, /[\u200B\u202E\u0430]/, 'no invisible or look-alike character anywhere in the script');
  await psql(pg, 'postgres', ['-q', '-f', out]); // ON_ERROR_STOP: throws if any statement failed
  assert.deepEqual(await granted(), []);
});

test('pgaudit loaded: the calls run with escaped names, on exactly the classified tables', async () => {
  await pg.alterSystem({ shared_preload_libraries: 'pgaudit', 'pgaudit.role': 'auditor' }, 'restart');
  await pg.query('CREATE EXTENSION pgaudit');
  await pg.query(`SELECT check_id FROM sec_check.run('logging')`);
  const out = await fixScript();
  const text = readFileSync(out, 'utf8');
  if (process.env.SEC_CHECK_SHOW_FIX) process.stderr.write(text);
  assert.doesNotMatch(text, /[^\x00-\x7f]/, 'the script is printable ASCII: every name character is visible');
  const calls = text.split('\n').filter((l) => l.startsWith('SELECT sec_check.object_audit('));
  assert.deepEqual(calls.sort(), [
    `SELECT sec_check.object_audit(E'public."p\\u0430yroll"'::regclass, '{SELECT}');`,
    `SELECT sec_check.object_audit(E'public."pay\\u202Eroll"'::regclass, '{SELECT}');`,
    `SELECT sec_check.object_audit(E'public."sa\\u200Blary"'::regclass, '{SELECT}');`,
  ]);
  assert.match(text, /^--   names here hold characters that do not show or pass for others, written as escapes \(U\+202E\): PostgreSQL reads them back as the same name$/m);
  const tx = text.slice(text.indexOf('\nBEGIN;'), text.indexOf('\nCOMMIT;'));
  assert.equal(calls.filter((c) => tx.includes(c)).length, 3, 'inside the transaction');

  await psql(pg, 'postgres', ['-q', '-f', out]);
  assert.deepEqual(await granted(), [...TRICKY].sort(), 'the tricky tables, not the decoys');
  const after = await pg.query<{ check_id: string; status: string }>(`SELECT check_id, status FROM sec_check.run('logging')`);
  assert.equal(after.find((r) => r.check_id === 'object_audit_coverage')?.status, 'Success');
});
