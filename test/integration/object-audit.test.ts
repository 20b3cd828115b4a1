// Object audit logging with real pgAudit (PostgreSQL 18, shared_preload_libraries=pgaudit):
// object_audit()/object_audit_remove() and their refusals, the coverage views, the
// object_audit_coverage check (in the database and from the CLI), and the server log
// really gaining (and losing) AUDIT: OBJECT lines. One server for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ensureClientTools18, type Cluster } from '../../src/harness/index.ts';
import { execOk } from '../../src/harness/exec.ts';
import { CATALOG, cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';

let c: Cluster;
before(async () => {
  c = await startPg18WithSecCheck({ sharedPreload: ['pgaudit'] });
  await c.query('CREATE EXTENSION pgaudit');
  await c.query(`CREATE TABLE public.account (id int, name text, password text, card text);
    INSERT INTO public.account VALUES (1, 'ann', 'h1', '4111');
    CREATE TABLE public."Pay Roll" ("Salary" int, note text);
    CREATE ROLE app LOGIN; GRANT SELECT, UPDATE ON public.account, public."Pay Roll" TO app`);
});
after(async () => { await c?.stop(); });

/** The error message of a statement that must fail (asserts that it fails). */
async function errorOf(sql: string, user = 'postgres'): Promise<string> {
  const client = await c.connect(user);
  try {
    await client.query(sql);
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end();
  }
  assert.fail(`expected an error from ${sql}`);
}

async function coverage(): Promise<string[]> {
  const rows = await c.query<{ s: string }>(`SELECT format('%s.%s.%s:%s:%s', schema_name, table_name, coalesce(column_name, '*'), action, granted_via) AS s
    FROM sec_check.object_audit_coverage ORDER BY 1`);
  return rows.map((r) => r.s);
}

async function checkVerdict(): Promise<{ status: string; short_description: string; full_description: string; recommendation: string }> {
  // the stored result (rich text, as the reports show it; run() returns plain text for psql)
  const [{ id }] = await c.query(`SELECT max(run_id) AS id FROM sec_check.run('logging')`);
  const rows = await c.query(`SELECT status, short_description, full_description, recommendation
    FROM sec_check.run_results($1) WHERE check_id = 'object_audit_coverage'`, [id]);
  assert.equal(rows.length, 1);
  return rows[0];
}

/** AUDIT lines of the server log that contain the marker. */
function auditLines(marker: string): string[] {
  return c.logTail(1_000_000).split('\n').filter((l) => l.includes('AUDIT: ') && l.includes(marker));
}

/** The fields after "AUDIT: " (pgAudit writes them as CSV). */
function auditFields(line: string): string[] {
  const text = line.slice(line.indexOf('AUDIT: ') + 7);
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') { v += '"'; i += 2; } else if (text[i] === '"') { i++; break; } else v += text[i++];
      }
      out.push(v);
      i++;
    } else {
      const j = text.indexOf(',', i);
      out.push(text.slice(i, j < 0 ? text.length : j));
      i = j < 0 ? text.length + 1 : j + 1;
    }
  }
  return out;
}

test('refusals name what is wrong: pgaudit.role unset, missing, or a role that is more than a switchboard', async () => {
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass)`), /pgaudit\.role is not set/);
  await c.alterSystem({ 'pgaudit.role': 'auditor' }, 'reload');
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass)`), /names role "auditor", which does not exist/);
  await c.query('CREATE ROLE auditor LOGIN CREATEDB');
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass)`), /"auditor".*it can log in \(LOGIN\); it has CREATEDB/);
  await c.query('ALTER ROLE auditor NOLOGIN NOCREATEDB; GRANT pg_read_all_data TO auditor; GRANT auditor TO app');
  const both = await errorOf(`SELECT sec_check.object_audit('public.account'::regclass)`);
  assert.match(both, /it is a member of pg_read_all_data/);
  assert.match(both, /app are members of it/);
  await c.query('REVOKE pg_read_all_data FROM auditor; REVOKE auditor FROM app; GRANT TRUNCATE ON public.account TO auditor; GRANT USAGE ON SCHEMA public TO auditor');
  const extra = await errorOf(`SELECT sec_check.object_audit('public.account'::regclass)`);
  assert.match(extra, /it holds .*TRUNCATE on public\.account/);
  assert.match(extra, /USAGE on schema public/);
  await c.query('REVOKE TRUNCATE ON public.account FROM auditor; REVOKE USAGE ON SCHEMA public FROM auditor');
  // argument errors
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT,DROP}')`), /unknown action 'DROP'/);
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass, '{DELETE}', '{password}')`), /DELETE cannot be audited per column/);
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{nope}')`), /account has no column 'nope'/);
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{}')`), /column list is empty/);
  assert.match(await errorOf(`SELECT sec_check.object_audit('pg_class_oid_index'::regclass)`), /is not a table/);
  // a caller that neither owns the table nor holds the grant option cannot switch auditing on
  await c.query('GRANT USAGE ON SCHEMA sec_check TO app; GRANT EXECUTE ON FUNCTION sec_check.object_audit(regclass, text[], text[]), sec_check.object_audit_role(boolean), sec_check.object_audit_privileges(regclass, text[], text[]) TO app');
  assert.match(await errorOf(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{card}')`, 'app'), /was not granted to auditor on public.account|permission denied/);
  assert.deepEqual(await coverage(), [], 'nothing was granted by the refused calls');
});

test('coverage: classify two columns, audit one; the check names the other and the call that fixes it', async () => {
  await c.query(`SELECT sec_check.classify('public.account'::regclass, 'password', 'secret');
                 SELECT sec_check.classify('public.account'::regclass, 'card', 'pci');
                 SELECT sec_check.classify('public."Pay Roll"'::regclass, 'Salary', 'hr')`);
  assert.match(await errorOf(`SELECT sec_check.classify('public.account'::regclass, 'nope', 'x')`), /account has no column 'nope'/);
  assert.match(await errorOf(`SELECT sec_check.classify('public.account'::regclass, 'card', ' ')`), /label must be 1 to 100 characters/);
  const ran = await c.query(`SELECT sec_check.object_audit('public.account'::regclass, '{select}', '{password}') AS g`);
  assert.equal(ran[0].g, 'GRANT SELECT (password) ON public.account TO auditor');
  await c.query(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{password}')`); // idempotent
  assert.deepEqual(await coverage(), ['public.account.password:SELECT:auditor']);

  const gaps = await c.query(`SELECT schema_name, table_name, column_name, problem, fix FROM sec_check.object_audit_gaps ORDER BY table_name`);
  assert.deepEqual(gaps, [
    { schema_name: 'public', table_name: 'Pay Roll', column_name: 'Salary', problem: 'not_audited',
      fix: `SELECT sec_check.object_audit('public."Pay Roll"'::regclass, '{SELECT}', '{Salary}');` },
    { schema_name: 'public', table_name: 'account', column_name: 'card', problem: 'not_audited',
      fix: `SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{card}');` },
  ]);
  const v = await checkVerdict();
  assert.equal(v.status, 'Error');
  assert.match(v.short_description, /2 of 3 sensitive tables\/columns/);
  assert.match(v.full_description, /public\.account\.card/);
  assert.doesNotMatch(v.full_description, /account\.password/);
  assert.ok(v.recommendation.includes(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{card}');`), v.recommendation);

  // the fixes, run as given, close the gaps
  for (const g of gaps) await c.query(g.fix);
  assert.deepEqual(await c.query('SELECT * FROM sec_check.object_audit_gaps'), []);
  assert.deepEqual(await coverage(), ['public.Pay Roll.Salary:SELECT:auditor', 'public.account.card:SELECT:auditor', 'public.account.password:SELECT:auditor']);
  { const s = await checkVerdict(); assert.equal(s.status, 'Success', JSON.stringify(s)); }

  // the same check from the CLI against this server
  const out = tempPrefix('cover');
  const res = await cli(['run', ...connArgs(c), '--config', CATALOG, '--groups', 'logging', '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const r = report.results.find((x: { check_id: string }) => x.check_id === 'object_audit_coverage');
  assert.equal(r.status, 'Success', JSON.stringify(r));

  // a renamed column leaves its classification behind: reported, not silently dropped
  await c.query('ALTER TABLE public.account RENAME COLUMN card TO card_no');
  const w = await checkVerdict();
  assert.equal(w.status, 'Warning');
  assert.match(w.full_description, /public\.account\.card\b/);
  assert.equal((await c.query(`SELECT sec_check.unclassify('public', 'account', 'card') AS x`))[0].x, true);
  await c.query('ALTER TABLE public.account RENAME COLUMN card_no TO card');
  await c.query(`SELECT sec_check.classify('public.account'::regclass, 'card', 'pci')`);

  // a table-level classification needs a table-level grant; PUBLIC grants count as pgAudit sees them
  await c.query(`SELECT sec_check.classify('public."Pay Roll"'::regclass, NULL, 'hr')`);
  assert.deepEqual((await c.query(`SELECT column_name, fix FROM sec_check.object_audit_gaps`)),
    [{ column_name: null, fix: `SELECT sec_check.object_audit('public."Pay Roll"'::regclass, '{SELECT}');` }]);
  await c.query('GRANT SELECT ON public."Pay Roll" TO PUBLIC');
  assert.deepEqual(await c.query('SELECT * FROM sec_check.object_audit_gaps'), []);
  assert.ok((await coverage()).includes('public.Pay Roll.*:SELECT:PUBLIC'));
  await c.query('REVOKE SELECT ON public."Pay Roll" FROM PUBLIC');
  await c.query(`SELECT sec_check.unclassify('public."Pay Roll"'::regclass)`);

  // without pgaudit.role the classified columns are an Error that says why
  await c.alterSystem({ 'pgaudit.role': '' }, 'reload');
  const e = await checkVerdict();
  assert.equal(e.status, 'Error');
  assert.match(e.full_description, /pgaudit\.role<\/code> is not set/);
  await c.alterSystem({ 'pgaudit.role': 'auditor' }, 'reload');
  assert.equal((await checkVerdict()).status, 'Success');

  // covered, but by a role that can log in: a Warning naming it
  await c.query('ALTER ROLE auditor LOGIN');
  const u = await checkVerdict();
  assert.equal(u.status, 'Warning');
  assert.match(u.short_description, /audit role auditor can do more than auditing needs: it can log in \(LOGIN\)/);
  await c.query('ALTER ROLE auditor NOLOGIN');
  assert.equal((await checkVerdict()).status, 'Success');
});

test('real pgAudit: an audited column read is logged as AUDIT: OBJECT, an unaudited one is not, and object_audit_remove stops it', async () => {
  const app = await c.connect('app');
  try {
    await app.query('SELECT password FROM public.account /* m-read-1 */');
    await app.query('SELECT id, name FROM public.account /* m-noaudit-1 */');
    await app.query(`UPDATE public.account SET password = 'h2' /* m-write-1 */`);
    await app.query('SELECT "Salary" FROM public."Pay Roll" /* m-read-2 */');
  } finally {
    await app.end();
  }
  const read = auditLines('m-read-1');
  assert.equal(read.length, 1, c.logTail(40));
  const f = auditFields(read[0]);
  assert.deepEqual(f.slice(0, 1).concat(f.slice(3, 7)), ['OBJECT', 'READ', 'SELECT', 'TABLE', 'public.account']);
  assert.deepEqual(auditLines('m-noaudit-1'), [], 'columns without a grant are not logged');
  assert.deepEqual(auditLines('m-write-1'), [], 'UPDATE is not audited: only SELECT was granted');
  const quoted = auditFields(auditLines('m-read-2')[0] ?? '');
  assert.equal(quoted[6], 'public."Pay Roll"', 'pgAudit names objects quoted, as sensitive_access matches them');

  assert.equal((await c.query(`SELECT sec_check.object_audit_remove('public.account'::regclass, '{SELECT}', '{password}') AS r`))[0].r,
    'REVOKE SELECT (password) ON public.account FROM auditor');
  assert.deepEqual(await coverage(), ['public.Pay Roll.Salary:SELECT:auditor', 'public.account.card:SELECT:auditor']);
  const app2 = await c.connect('app');
  try {
    await app2.query('SELECT password FROM public.account /* m-read-3 */');
    await app2.query('SELECT card FROM public.account /* m-read-4 */');
  } finally {
    await app2.end();
  }
  assert.deepEqual(auditLines('m-read-3'), [], 'no longer logged after object_audit_remove');
  assert.equal(auditLines('m-read-4').length, 1, 'the other audited column still is');
  const again = await checkVerdict();
  assert.equal(again.status, 'Error');
  assert.match(again.full_description, /public\.account\.password/);
  await c.query(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{password}')`);

  // removing a column grant while a table-level one still covers it warns instead of pretending
  await c.query(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}')`);
  const owner = await c.connect();
  const warnings: string[] = [];
  owner.on('notice', (n) => warnings.push(`${n.severity}: ${n.message}`));
  try {
    await owner.query(`SELECT sec_check.object_audit_remove('public.account'::regclass, '{SELECT}', '{password}')`);
  } finally {
    await owner.end();
  }
  assert.deepEqual(warnings, ['WARNING: object audit: SELECT (granted by postgres) is still granted to auditor on public.account, so those statements are still logged']);
  await c.query(`SELECT sec_check.object_audit_remove('public.account'::regclass)`);
  await c.query(`SELECT sec_check.object_audit('public.account'::regclass, '{SELECT}', '{password}')`);
  assert.deepEqual(await coverage(), ['public.Pay Roll.Salary:SELECT:auditor', 'public.account.card:SELECT:auditor', 'public.account.password:SELECT:auditor']);
});

test('sensitive_access and its summary: ingested OBJECT records of classified tables, hostile values kept as data', async () => {
  // rows as `sec-check pgaudit ingest` writes them (audit_events is its table)
  await c.query(`INSERT INTO sec_check.audit_events (file_key, log_file, log_offset, logged_at, pid, user_name, database_name, client,
      audit_type, statement_id, substatement_id, class, command, object_type, object_name, statement, parameters) VALUES
    ('k1', 'postgresql.log', 100, '2026-11-29 10:00:00+00', 11, 'app', 'postgres', '10.0.0.5:5000', 'OBJECT', 4, 1, 'READ', 'SELECT', 'TABLE', 'public.account', 'SELECT password FROM account', '<not logged>'),
    ('k1', 'postgresql.log', 200, '2026-11-29 11:00:00+00', 11, 'app', 'postgres', '10.0.0.6:5001', 'OBJECT', 7, 1, 'WRITE', 'UPDATE', 'TABLE', 'public.account', 'UPDATE account SET password = ''x''', '<not logged>'),
    ('k1', 'postgresql.log', 300, '2026-11-30 09:00:00+00', 12, '<script>alert(1)</script>', 'postgres', '[local]', 'OBJECT', 1, 1, 'READ', 'SELECT', 'TABLE', 'public."Pay Roll"', 'SELECT "Salary" FROM "Pay Roll" -- </td><img src=x onerror=alert(2)>', '<not logged>'),
    ('k1', 'postgresql.log', 400, '2026-11-30 09:01:00+00', 12, 'app', 'postgres', '[local]', 'SESSION', 2, 1, 'READ', 'SELECT', 'TABLE', 'public.account', 'SELECT 1', '<not logged>'),
    ('k1', 'postgresql.log', 500, '2026-11-30 09:02:00+00', 12, 'app', 'otherdb', '[local]', 'OBJECT', 3, 1, 'READ', 'SELECT', 'TABLE', 'public.account', 'SELECT password FROM account', '<not logged>'),
    ('k1', 'postgresql.log', 600, '2026-11-30 09:03:00+00', 12, 'app', 'postgres', '[local]', 'OBJECT', 4, 1, 'READ', 'SELECT', 'TABLE', 'public.not_sensitive', 'SELECT * FROM not_sensitive', '<not logged>')`);
  const rows = await c.query(`SELECT user_name, class, object_name, sensitive_columns, labels, client FROM sec_check.sensitive_access ORDER BY logged_at`);
  assert.deepEqual(rows, [
    { user_name: 'app', class: 'READ', object_name: 'public.account', sensitive_columns: ['card', 'password'], labels: ['pci', 'secret'], client: '10.0.0.5:5000' },
    { user_name: 'app', class: 'WRITE', object_name: 'public.account', sensitive_columns: ['card', 'password'], labels: ['pci', 'secret'], client: '10.0.0.6:5001' },
    { user_name: '<script>alert(1)</script>', class: 'READ', object_name: 'public."Pay Roll"', sensitive_columns: ['Salary'], labels: ['hr'], client: '[local]' },
  ], 'SESSION records, other databases and unclassified tables are left out');
  const sum = await c.query(`SELECT user_name, object_name, reads::int, writes::int, events::int, distinct_clients::int, active_days::int, labels
    FROM sec_check.sensitive_access_summary ORDER BY user_name, object_name`);
  assert.deepEqual(sum, [
    { user_name: '<script>alert(1)</script>', object_name: 'public."Pay Roll"', reads: 1, writes: 0, events: 1, distinct_clients: 1, active_days: 1, labels: ['hr'] },
    { user_name: 'app', object_name: 'public.account', reads: 1, writes: 1, events: 2, distinct_clients: 2, active_days: 1, labels: ['pci', 'secret'] },
  ]);

  // read access is granted, and only by grant_object_audit_access
  await c.query('CREATE ROLE dash LOGIN');
  assert.match(await errorOf('SELECT * FROM sec_check.sensitive_access_summary', 'dash'), /permission denied/);
  await c.query(`SELECT sec_check.grant_object_audit_access('dash')`);
  assert.equal((await c.connect('dash').then(async (d) => { try { return (await d.query('SELECT count(*)::int AS n FROM sec_check.sensitive_access')).rows[0].n; } finally { await d.end(); } })), 3);
  assert.match(await errorOf(`SELECT sec_check.classify('public.account'::regclass, 'name', 'pii')`, 'dash'), /permission denied/);

  // an auditor with that grant gets a real verdict from the check, not Failed
  await c.query(`SELECT sec_check.grant_audit_access('dash')`);
  const d = await c.connect('dash');
  try {
    const v = (await d.query(`SELECT status, short_description FROM sec_check.run('logging') WHERE check_id = 'object_audit_coverage'`)).rows;
    assert.equal(v[0].status, 'Success', JSON.stringify(v));
  } finally {
    await d.end();
  }
});

test('sec-check report --sensitive-access-days: the HTML report gains the section, window applied, hostile values escaped', async () => {
  await c.query(`INSERT INTO sec_check.audit_events (file_key, log_file, log_offset, logged_at, user_name, database_name, client, audit_type,
      statement_id, substatement_id, class, command, object_type, object_name, statement)
    VALUES ('k1', 'postgresql.log', 700, now() - interval '40 days', 'old_reader', 'postgres', '[local]', 'OBJECT', 9, 1, 'READ', 'SELECT', 'TABLE',
            'public.account', 'SELECT card FROM account')`);
  const out = tempPrefix('sens');
  const res = await cli(['report', '--run', 'latest', '--format', 'Html', '--output', out, '--sensitive-access-days', '3650', ...connArgs(c)]);
  assert.equal(res.code, 0, res.stderr);
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  const section = html.slice(html.indexOf('<section id="sensitive-access">'));
  assert.match(section, /Sensitive access \(last 3650 days\)/);
  assert.ok(section.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the hostile user name is escaped');
  assert.ok(section.includes('&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;'), 'the hostile statement is escaped');
  assert.ok(!section.includes('<script>alert(1)') && !section.includes('<img'), 'no markup from the data');
  assert.ok(section.includes('public.&quot;Pay Roll&quot;'));
  assert.ok(section.includes('old_reader'));
  assert.ok(section.includes('UPDATE account SET password = &#39;***&#39;'), 'values written to sensitive columns are masked in the report');
  assert.ok(!section.includes('password = &#39;x&#39;'));

  const recent = tempPrefix('sens30');
  const res30 = await cli(['report', '--run', 'latest', '--format', 'Full', '--output', recent, '--sensitive-access-days', '30', '--locale', 'ru', ...connArgs(c)]);
  assert.equal(res30.code, 0, res30.stderr);
  const ru = readFileSync(`${recent}_web/index.html`, 'utf8');
  assert.match(ru, /Доступ к важным данным \(за 30 дн\.\)/);
  assert.ok(!ru.includes('old_reader'), 'records older than the window are left out');

  const plain = tempPrefix('plain');
  assert.equal((await cli(['report', '--run', 'latest', '--format', 'Html', '--output', plain, ...connArgs(c)])).code, 0);
  assert.ok(!readFileSync(`${plain}_web/index.html`, 'utf8').includes('sensitive-access'), 'no section unless asked for');
});

test('pg_dump/pg_restore keeps classifications by name, and coverage (the grants) comes back with the tables', async () => {
  const tools = await ensureClientTools18();
  const file = `${tempPrefix('oa-dump')}.custom`;
  const flags = (db: string) => ['-h', c.socketDir, '-p', String(c.port), '-U', 'postgres', '-d', db];
  await execOk(tools.pgDump, ['-Fc', '-f', file, ...flags('postgres')], { timeoutMs: 120_000 });
  await c.query('CREATE DATABASE oa_restored');
  await execOk(tools.pgRestore, ['--exit-on-error', ...flags('oa_restored'), file], { timeoutMs: 120_000 });
  const dst = await c.connect('postgres', 'oa_restored');
  try {
    const q = `SELECT format('%s.%s.%s=%s', schema_name, table_name, column_name, label) AS k FROM sec_check.classifications ORDER BY 1`;
    const cov = `SELECT format('%s.%s.%s:%s', schema_name, table_name, coalesce(column_name, '*'), action) AS k FROM sec_check.object_audit_coverage ORDER BY 1`;
    assert.deepEqual((await dst.query(q)).rows, await c.query(q));
    assert.deepEqual((await dst.query(cov)).rows, await c.query(cov));
    assert.deepEqual((await dst.query('SELECT * FROM sec_check.object_audit_gaps')).rows, []);
    assert.equal((await dst.query('SELECT count(*)::int AS n FROM sec_check.audit_events')).rows[0].n, 7, 'the ingested trail is kept');
  } finally {
    await dst.end();
  }
});
