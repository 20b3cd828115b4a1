// Who sees what, on PostgreSQL 18 + pljs, tested as the role in question: a PII reader sees
// only the findings of columns it may SELECT, a listener on channel sec_check learns run ids
// only, a dashboard role sees no evidence (texts filled with server data), and classify /
// unclassify need authority over the table. Red-team attacks first, then our variants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { startPg18WithSecCheck } from './support.ts';

type Row = Record<string, any>;
let cluster: Cluster;
let dataDir: string;
const SUPER = 'hidden_super_zq';
const open: pg.Client[] = [];
const as = async (role: string) => { const c = await cluster.connect(role); open.push(c); return c; };

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE ${SUPER} SUPERUSER NOLOGIN;
    CREATE ROLE dash LOGIN; CREATE ROLE auditor LOGIN; CREATE ROLE reader LOGIN; CREATE ROLE nobody LOGIN;
    GRANT pg_monitor, pg_read_all_settings TO auditor;
    SELECT sec_check.grant_read_access('dash'), sec_check.grant_audit_access('auditor'), sec_check.grant_read_access('auditor'),
           sec_check.grant_evidence_access('reader'), sec_check.grant_read_access('reader')`);
  // evidence with a superuser's name and the data directory, in a failing and an informative check
  await cluster.alterSystem({ debug_print_parse: 'on', log_directory: 'log' }, 'reload');
  await cluster.query(`SELECT count(*) FROM sec_check.run()`);
  dataDir = (await cluster.query('SHOW data_directory'))[0].data_directory;
});
after(async () => {
  await Promise.all(open.map((c) => c.end().catch(() => undefined)));
  await cluster?.stop();
});

/** Everything a role reads from the views and functions a dashboard is granted. */
async function dashboardView(c: pg.Client): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const v of ['current_state', 'current_score', 'state_changes', 'latest_results', 'findings', 'check_history', 'run_summary',
    'score_by_group', 'score_history', 'schedules', 'active_waivers']) {
    out[v] = (await c.query(`SELECT * FROM sec_check.${v}`)).rows;
  }
  out.drift = (await c.query('SELECT * FROM sec_check.drift()')).rows;
  const id = (await c.query('SELECT max(run_id) AS id FROM sec_check.run_summary')).rows[0].id;
  out.notification = (await c.query('SELECT sec_check.run_notification($1) AS n', [id])).rows;
  return out;
}

const TEXTS: Record<string, string[]> = {
  current_state: ['short_description', 'recommendation'],
  latest_results: ['short_description', 'full_description', 'recommendation'],
  findings: ['short_description', 'recommendation'],
  check_history: ['short_description'],
};

test('the red-team\'s disclosure: the dashboard role reads no superuser names or data directory in latest_results.full_description', async () => {
  const superuser = (await cluster.query('SELECT * FROM sec_check.latest_results')).map((r) => r.full_description).join('\n');
  assert.match(superuser, new RegExp(SUPER), 'the evidence is there for whoever may read it');
  assert.ok(superuser.includes(dataDir), 'the data directory is in the evidence');
  const dash = await as('dash');
  const seen = await dashboardView(dash);
  assert.ok(seen.latest_results.length >= 70);
  for (const [view, cols] of Object.entries(TEXTS)) {
    assert.ok(seen[view].length > 0, view);
    for (const r of seen[view]) for (const c of cols) assert.equal(r[c], null, `${view}.${c} of ${r.check_id}`);
  }
  const all = JSON.stringify(seen);
  assert.doesNotMatch(all, new RegExp(SUPER));
  assert.ok(!all.includes(dataDir), 'no data directory in anything the dashboard reads');
  // what it is for stays: statuses, severities, names, who ran it
  const row = seen.latest_results.find((r) => r.check_id === 'debug_print_parse')!;
  assert.deepEqual([row.status, row.severity, row.origin, row.run_by], ['Warning', row.severity, 'database', 'postgres']);
  assert.ok(seen.findings.some((f) => f.check_id === 'debug_print_parse' && f.state === 'open'));
  // and it cannot go around the views
  await assert.rejects(dash.query('SELECT full_description FROM sec_check.results'), /permission denied/);
  await assert.rejects(dash.query('SELECT sec_check.report_json(1)'), /permission denied/);
});

test('variants: a superuser session that SET ROLE dash, an auditor (own runs only), an evidence reader (all)', async () => {
  const su = await as('postgres');
  await su.query('SET ROLE dash');
  const viaSetRole = await dashboardView(su);
  assert.ok(viaSetRole.latest_results.every((r) => r.full_description === null), 'SET ROLE dash reads as dash');
  assert.doesNotMatch(JSON.stringify(viaSetRole), new RegExp(SUPER));
  const auditor = await as('auditor');
  const own = Number((await auditor.query(`SELECT max(run_id) AS id FROM sec_check.run('logging')`)).rows[0].id);
  const mine = (await auditor.query('SELECT * FROM sec_check.latest_results')).rows;
  const logging = mine.filter((r) => r.run_id === String(own) || Number(r.run_id) === own);
  assert.ok(logging.length > 5 && logging.every((r) => typeof r.full_description === 'string'), 'its own run\'s texts');
  const others = mine.filter((r) => r.run_by !== 'auditor');
  assert.ok(others.length > 20 && others.every((r) => r.full_description === null && r.short_description === null), 'not the superuser\'s');
  const state = (await auditor.query('SELECT * FROM sec_check.current_state')).rows;
  assert.ok(state.filter((r) => Number(r.run_id) === own).every((r) => typeof r.short_description === 'string'), 'current_state: its own run\'s texts');
  assert.ok(state.filter((r) => r.run_by !== 'auditor').every((r) => r.short_description === null && r.recommendation === null), 'current_state: not the superuser\'s');
  const history = (await auditor.query(`SELECT * FROM sec_check.check_history WHERE check_id = 'log_directory'`)).rows;
  assert.deepEqual(history.map((h) => h.short_description === null).sort(), [false, true], 'history: its own run shown, the other not');
  const reader = await as('reader');
  const everything = JSON.stringify((await reader.query('SELECT * FROM sec_check.latest_results')).rows);
  assert.match(everything, new RegExp(SUPER), 'an evidence reader reads every run\'s texts');
});

test('the red-team\'s disclosure: anyone can LISTEN sec_check, and learns nothing but the run id', async () => {
  const nobody = await as('nobody');
  const got: string[] = [];
  nobody.on('notification', (n) => { if (n.channel === 'sec_check') got.push(n.payload ?? ''); });
  await nobody.query('LISTEN sec_check');
  const [{ id }] = await cluster.query(`SELECT max(run_id) AS id FROM sec_check.run('logging')`);
  for (let i = 0; i < 50 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(got.map((p) => JSON.parse(p)), [{ run_id: Number(id) }]);
  assert.doesNotMatch(got[0], /debug_print_parse|Warning|postgres|counts/);
  // the details are for roles that may read runs
  await assert.rejects(nobody.query('SELECT sec_check.run_notification($1)', [id]), /permission denied/);
  const dash = await as('dash');
  const [{ n }] = (await dash.query('SELECT sec_check.run_notification($1) AS n', [id])).rows;
  assert.equal(n.run_id, Number(id));
  assert.ok(n.counts.Warning >= 1);
});

test('variant: an agent post announces its id only too', async () => {
  await cluster.query(`CREATE ROLE poster LOGIN; SELECT sec_check.grant_agent_access('poster')`);
  const nobody = await as('nobody');
  const got: string[] = [];
  nobody.on('notification', (n) => { if (n.channel === 'sec_check') got.push(n.payload ?? ''); });
  await nobody.query('LISTEN sec_check');
  const [{ doc }] = await cluster.query(`
    SELECT jsonb_build_object('format', 'sec_check-report', 'format_version', 1, 'tool', '{"name":"sec_check","version":"t"}'::jsonb,
      'report', jsonb_build_object('report_name', pack #>> '{config,report_name}'),
      'run', jsonb_build_object('finished_at', now() - interval '1 minute', 'locale', 'en', 'server', jsonb_build_object('database', 'postgres')),
      'results', jsonb_build_array(jsonb_build_object('section', 'permissions', 'check_id', 'umask', 'name', 'umask', 'status', 'Warning',
        'short_description', 'umask 0000 on ${SUPER}', 'full_description', '', 'recommendation', '',
        'executors', jsonb_build_array(jsonb_build_object('script', 'permissions/umask/probe.sh', 'kind', 'shell', 'stdout', '0000', 'stderr', '', 'return_code', 0))))) AS doc
      FROM sec_check.packs WHERE name = 'builtin'`);
  const poster = await as('poster');
  const id = Number((await poster.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify(doc)])).rows[0].id);
  for (let i = 0; i < 50 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(got.map((p) => JSON.parse(p)), [{ run_id: id }]);
  // the poster reads its own texts, the dashboard does not
  const dash = await as('dash');
  const text = async (c: pg.Client) => (await c.query(`SELECT short_description FROM sec_check.latest_results WHERE run_id = $1`, [id])).rows[0].short_description;
  assert.equal(await text(dash), null);
  assert.match(await text(poster), /umask 0000/);
});

test('the red-team\'s disclosure: a PII role reads pii_findings only of the columns it may SELECT', async () => {
  await cluster.query(`CREATE SCHEMA crm;
    CREATE TABLE crm.contacts (id int PRIMARY KEY, email text, backup_email text);
    CREATE TABLE crm.salaries (id int PRIMARY KEY, email text, amount int);
    INSERT INTO crm.contacts SELECT g, 'contact' || g || '@example.com', 'backup' || g || '@example.org' FROM generate_series(1, 60) g;
    INSERT INTO crm.salaries SELECT g, 'employee' || g || '@example.net', g * 1000 FROM generate_series(1, 60) g;
    CREATE ROLE pii_reader LOGIN; CREATE ROLE pii_col LOGIN; CREATE ROLE pii_all LOGIN;
    SELECT sec_check.grant_pii_access('pii_reader'), sec_check.grant_pii_access('pii_col'), sec_check.grant_pii_access('pii_all'),
           sec_check.grant_evidence_access('pii_all');
    GRANT USAGE ON SCHEMA crm TO pii_reader, pii_col;
    GRANT SELECT ON crm.contacts TO pii_reader;
    GRANT SELECT (id, email) ON crm.contacts TO pii_col`);
  const found: Row[] = await cluster.query(`SELECT DISTINCT table_name, column_name FROM sec_check.pii_scan('{"schemas": ["crm"]}') ORDER BY 1, 2`);
  assert.deepEqual(found.map((f) => `${f.table_name}.${f.column_name}`), ['contacts.backup_email', 'contacts.email', 'salaries.email']);
  const visible = async (role: string) => (await (await as(role)).query(
    `SELECT DISTINCT table_name || '.' || column_name AS c FROM sec_check.pii_findings WHERE schema_name = 'crm' ORDER BY 1`)).rows.map((r) => r.c);
  assert.deepEqual(await visible('pii_reader'), ['contacts.backup_email', 'contacts.email'], 'not salaries, which it cannot read');
  // variants: a column grant shows that column only; an evidence reader sees all; SET ROLE reads as the role
  assert.deepEqual(await visible('pii_col'), ['contacts.email']);
  assert.deepEqual(await visible('pii_all'), ['contacts.backup_email', 'contacts.email', 'salaries.email']);
  const su = await as('postgres');
  await su.query('SET ROLE pii_col');
  assert.deepEqual((await su.query(`SELECT DISTINCT column_name FROM sec_check.pii_findings WHERE table_name = 'salaries'`)).rows, []);
  await su.query('RESET ROLE');
  // a table that no longer exists (or was renamed): only evidence readers still see its findings
  await cluster.query('ALTER TABLE crm.contacts RENAME TO contacts_old');
  assert.deepEqual(await visible('pii_reader'), []);
  assert.deepEqual(await visible('pii_all'), ['contacts.backup_email', 'contacts.email', 'salaries.email']);
  await cluster.query('ALTER TABLE crm.contacts_old RENAME TO contacts');
});

test('the red-team\'s finding: classify and unclassify need authority over the table (owner or SELECT WITH GRANT OPTION)', async () => {
  await cluster.query(`CREATE ROLE owner_a LOGIN; CREATE ROLE manager LOGIN;
    SELECT sec_check.grant_object_audit_access('owner_a', true), sec_check.grant_object_audit_access('manager', true);
    CREATE TABLE crm.accounts (id int PRIMARY KEY, iban text, note text); ALTER TABLE crm.accounts OWNER TO owner_a;
    CREATE TABLE crm.mine (id int, secret text);
    GRANT USAGE ON SCHEMA crm TO owner_a, manager; GRANT CREATE ON SCHEMA crm TO manager`);
  const owner = await as('owner_a');
  const manager = await as('manager');
  await owner.query(`SELECT sec_check.classify('crm.accounts', 'iban', 'pii')`);
  const classified = async () => (await cluster.query(`SELECT table_name, column_name, label FROM sec_check.classifications ORDER BY 1, 2`))
    .map((r) => `${r.table_name}.${r.column_name ?? '*'}=${r.label}`);
  const start = await classified();
  assert.deepEqual(start, ['accounts.iban=pii']);
  // the attack: a role with EXECUTE but no authority over the table
  await assert.rejects(manager.query(`SELECT sec_check.classify('crm.accounts', 'note', 'pii')`), /role manager may not classify crm\.accounts: it must own the table or hold SELECT on it WITH GRANT OPTION/);
  await assert.rejects(manager.query(`SELECT sec_check.unclassify('crm.accounts'::regclass, 'iban')`), /role manager may not unclassify crm\.accounts/);
  await assert.rejects(manager.query(`SELECT sec_check.unclassify('crm', 'accounts', 'iban')`), /role manager may not unclassify crm\.accounts/);
  // variants: plain SELECT is not enough; a superuser session acting as manager; a classification by name only
  await cluster.query('GRANT SELECT ON crm.accounts TO manager');
  await assert.rejects(manager.query(`SELECT sec_check.classify('crm.accounts', NULL, 'pii')`), /may not classify/);
  const su = await as('postgres');
  await su.query('SET ROLE manager');
  await assert.rejects(su.query(`SELECT sec_check.unclassify('crm.accounts'::regclass, 'iban')`), /role manager may not unclassify/);
  await su.query('RESET ROLE');
  assert.deepEqual(await classified(), start, 'nothing changed');
  // with authority it works: the grant option (column-level too), and a table of one's own
  await cluster.query('GRANT SELECT (note) ON crm.accounts TO manager WITH GRANT OPTION');
  await manager.query(`SELECT sec_check.classify('crm.accounts', 'note', 'internal')`);
  await assert.rejects(manager.query(`SELECT sec_check.classify('crm.accounts', NULL, 'pii')`), /may not classify/, 'a column grant option is not the table');
  await manager.query(`CREATE TABLE crm.managed (id int, card text)`);
  await manager.query(`SELECT sec_check.classify('crm.managed', NULL, 'pci')`);
  assert.deepEqual(await classified(), ['accounts.iban=pii', 'accounts.note=internal', 'managed.*=pci']);
  // a table that no longer exists: only a superuser or the role that classified it may remove the row
  await manager.query('DROP TABLE crm.managed');
  await owner.query(`DROP TABLE crm.accounts`);
  await assert.rejects(manager.query(`SELECT sec_check.unclassify('crm', 'accounts', 'iban')`), /there is no such table any more, so only a superuser or the role that classified it may/);
  assert.equal((await owner.query(`SELECT sec_check.unclassify('crm', 'accounts', 'iban') AS ok`)).rows[0].ok, true);
  assert.equal((await manager.query(`SELECT sec_check.unclassify('crm', 'managed') AS ok`)).rows[0].ok, true);
  assert.deepEqual(await classified(), ['accounts.note=internal']);
});
