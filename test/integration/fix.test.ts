// Fix scripts (issue 14 item 5): a weak cluster is audited in the database, `sec-check fix
// --run latest` writes the script without changing anything, real psql applies it as a
// superuser, the server is restarted as the script says, and every check the script had a
// statement for passes on the next run; the manual ones are listed as manual and still fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';
import { psql } from './extension-catalog.ts';

let pg: Cluster;

/** The weak fixture cluster: settings and grants an audit must flag, each with a known fix. */
const WEAK_SETTINGS = {
  password_encryption: 'md5',
  log_connections: 'off',
  log_disconnections: 'off',
  log_statement: 'none',
  log_line_prefix: '%m ',
  log_min_messages: 'error',
  log_min_error_statement: 'log',
  log_error_verbosity: 'terse',
  log_file_mode: '0644',
  log_rotation_age: '0',
  debug_print_parse: 'on',
  zero_damaged_pages: 'on',
  jit_debugging_support: 'on',
  logging_collector: 'off',
};

/** Checks the fixture makes fail and the script must fix with statements. */
const FIXED = ['password_encryption', 'log_connections', 'log_disconnections', 'log_statement', 'log_line_prefix', 'log_min_messages',
  'log_min_error_statement', 'log_error_verbosity', 'log_file_mode', 'log_rotation_age', 'debug_print_parse', 'superuser_parameters',
  'backend_parameters', 'logging_collector', 'public_schema', 'excessive_function_privileges'];
/** Checks the fixture makes fail whose fix is manual. */
const MANUAL = ['md5_password_verifiers', 'security_definer_search_path'];

async function auditStatuses(): Promise<Map<string, string>> {
  const rows = await pg.query<{ check_id: string; status: string }>('SELECT check_id, status FROM sec_check.run()');
  return new Map(rows.map((r) => [r.check_id, r.status]));
}

/** What `fix` must not change: every setting and file value, the ACLs the fixes touch, role settings. */
async function snapshot(): Promise<string> {
  const rows = await pg.query(`
    SELECT json_build_object(
      'settings', (SELECT json_agg(json_build_array(name, setting, pending_restart) ORDER BY name) FROM pg_settings),
      'files', (SELECT json_agg(json_build_array(sourcefile, name, setting) ORDER BY sourcefile, seqno) FROM pg_file_settings),
      'public', (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'),
      'procs', (SELECT json_agg(json_build_array(oid, proacl::text, proconfig) ORDER BY oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace),
      'roles', (SELECT json_agg(json_build_array(setrole, setdatabase, setconfig) ORDER BY setrole, setdatabase) FROM pg_db_role_setting)
    )::text AS s`);
  return rows[0].s;
}

/** Statements (uncommented lines) of a script, and the check ids named in each part. */
function parseScript(text: string) {
  const parts = text.split(/^-- ==== /m);
  const part = (n: number) => parts.find((p) => p.startsWith(`${n}.`)) ?? '';
  const ids = (p: string) => new Set([...p.matchAll(/^-- ([a-z0-9_]+): /gm)].map((m) => m[1]));
  const statements = text.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
  return { statements, txIds: ids(part(1)), sysIds: ids(part(2)), manualIds: ids(part(3)), restart: /^-- Requires a restart/m.test(text) };
}

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.alterSystem(WEAK_SETTINGS, 'reload');
  await pg.query(`GRANT CREATE ON SCHEMA public TO PUBLIC;
    CREATE FUNCTION public.weak_definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
    SET password_encryption = 'md5';
    CREATE ROLE weak_md5 LOGIN PASSWORD 'weak-md5-secret';
    ALTER ROLE weak_md5 SET log_statement = 'none';
    CREATE ROLE "we""ird; role";
    ALTER ROLE "we""ird; role" SET log_statement = 'none';
    CREATE FUNCTION public."weak;fn -- x"() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 2';
    CREATE FUNCTION public."line
-- break"() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 3';
    ALTER FUNCTION public."line
-- break"() OWNER TO weak_md5;`);
});
after(async () => { await pg?.stop(); });

test('fix --run latest writes a script that, applied with psql, turns the weak checks to Success', async () => {
  const first = await auditStatuses();
  const wrong = FIXED.concat(MANUAL).filter((id) => !['Warning', 'Error'].includes(first.get(id) ?? ''));
  assert.deepEqual(wrong, [], `the weak fixture does not fail: ${wrong.map((id) => `${id}=${first.get(id)}`).join(', ')}`);

  const before = await snapshot();
  const out = `${tempPrefix('fix')}.sql`;
  const res = await cli(['fix', ...connArgs(pg), '--run', 'latest', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(await snapshot(), before, 'running fix changed the server');
  const text = readFileSync(out, 'utf8');
  if (process.env.SEC_CHECK_SHOW_FIX) process.stderr.write(text);
  assert.match(text, /^-- sec_check fix script: REVIEW/);
  assert.match(text, /Nothing was executed by sec-check/);
  assert.doesNotMatch(text, /weak-md5-secret/);
  const s = parseScript(text);

  // what is in it, where
  assert.ok(s.statements.includes('REVOKE CREATE ON SCHEMA public FROM PUBLIC;'), text);
  assert.ok(s.statements.includes('REVOKE EXECUTE ON FUNCTION public.weak_definer() FROM PUBLIC;'), text);
  assert.ok(s.statements.includes("ALTER SYSTEM SET password_encryption = 'scram-sha-256';"), text);
  assert.ok(s.statements.includes('ALTER ROLE weak_md5 RESET log_statement;'), text);
  // hostile names are quoted in statements and cannot end a comment line
  assert.ok(s.statements.includes('ALTER ROLE "we""ird; role" RESET log_statement;'), text);
  assert.ok(s.statements.includes('REVOKE EXECUTE ON FUNCTION public."weak;fn -- x"() FROM PUBLIC;'), text);
  // a name with a line break: written as an escape (its line break cannot start a line a reviewer takes for a comment), the comment is one line
  assert.doesNotMatch(text, /^-- break/m);
  assert.match(text, /^--   ALTER FUNCTION public\.U&"line\\000A-- break"\(\) SET search_path = pg_catalog, pg_temp;$/m);
  assert.match(text, /written as escapes \(U\+000A\)/);
  assert.match(text, /^--   SECURITY DEFINER function public\."weak;fn -- x" owned by superuser postgres is executable by PUBLIC$/m);
  assert.ok(s.statements.includes('SELECT pg_reload_conf();'), text);
  assert.ok(s.restart, 'logging_collector needs a restart and is listed');
  assert.match(text, /^--   logging_collector \(logging_collector: /m);
  const begin = s.statements.indexOf('BEGIN;');
  const commit = s.statements.indexOf('COMMIT;');
  const firstSystem = s.statements.findIndex((l) => l.startsWith('ALTER SYSTEM'));
  assert.ok(begin >= 0 && begin < commit && commit < firstSystem, 'transactional part first, ALTER SYSTEM after COMMIT');
  assert.equal(s.statements.filter((l) => l === "ALTER SYSTEM SET debug_print_parse = 'off';").length, 1, 'identical statements are emitted once');
  for (const id of FIXED) assert.ok(s.txIds.has(id) || s.sysIds.has(id), `${id} has a statement`);
  for (const id of MANUAL) assert.ok(s.manualIds.has(id), `${id} is listed as manual`);
  assert.match(text, /^--   ALTER FUNCTION public\.weak_definer\(\) SET search_path = pg_catalog, pg_temp;$/m, 'a manual suggestion stays commented');
  // no statement for a check that passed
  for (const id of [...s.txIds, ...s.sysIds]) assert.ok(['Warning', 'Error'].includes(first.get(id) ?? ''), `${id} passed (${first.get(id)}) but has a statement`);

  // apply as a human would, then restart as the script says
  await psql(pg, 'postgres', ['-q', '-f', out]);
  await pg.restart();

  const second = await auditStatuses();
  const notFixed = FIXED.filter((id) => second.get(id) !== (id === 'excessive_function_privileges' ? 'Info' : 'Success'));
  assert.deepEqual(notFixed, [], `not fixed: ${notFixed.map((id) => `${id}=${second.get(id)}`).join(', ')}`);
  for (const id of MANUAL) assert.ok(['Warning', 'Error'].includes(second.get(id) ?? ''), `${id} is manual and still fails: ${second.get(id)}`);

  // the next script has nothing left to apply for them
  const again = await cli(['fix', ...connArgs(pg), '--run', 'latest']);
  assert.equal(again.code, 0, again.stderr);
  const s2 = parseScript(again.stdout);
  assert.deepEqual(s2.statements, [], again.stdout);
  for (const id of MANUAL) assert.ok(s2.manualIds.has(id), `${id} still listed as manual`);
});

test('fix --report FILE gives the same statements as the stored run', async () => {
  await pg.alterSystem({ log_disconnections: 'off' }, 'reload');
  await auditStatuses();
  const prefix = tempPrefix('report');
  const rep = await cli(['report', ...connArgs(pg), '--run', 'latest', '--format', 'Json', '--output', prefix]);
  assert.equal(rep.code, 0, rep.stderr);
  const fromRun = await cli(['fix', ...connArgs(pg), '--run', 'latest']);
  const fromFile = await cli(['fix', ...connArgs(pg), '--report', `${prefix}.json`]);
  assert.equal(fromRun.code, 0, fromRun.stderr);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const statements = (t: string) => parseScript(t).statements;
  assert.deepEqual(statements(fromFile.stdout), statements(fromRun.stdout));
  assert.ok(statements(fromRun.stdout).includes("ALTER SYSTEM SET log_disconnections = 'on';"), fromRun.stdout);
});

test('a foreign pack\'s evidence fix column is not used, from a report file or a stored run: the script says so and falls back to the catalog', async () => {
  await pg.query('CREATE SCHEMA weak_s; GRANT CREATE ON SCHEMA weak_s TO PUBLIC');
  const config = writePack({
    'config.json': configOf('access', [
      { name: 'Evidence fix', id: 'evidence_fix_demo', executors: [{ script: 'e.sql' }], validators: [{ script: 'w.lua' }] },
      // same id as a catalog check: its evidence is refused, the catalog's fix query is computed instead
      { name: 'Schema public (pack)', id: 'public_schema', executors: [{ script: 'p.sql' }], validators: [{ script: 'w.lua' }] },
      { name: 'Passing', id: 'evidence_fix_pass', executors: [{ script: 'ok.sql' }], validators: [{ script: 's.lua' }] },
    ]),
    'e.sql': `SELECT format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', 'weak_s') AS fix, 'PUBLIC may create in weak_s' AS fix_comment
              UNION ALL SELECT 'ALTER ROLE weak_md5 SUPERUSER', NULL
              UNION ALL SELECT 'SELECT 1; DROP TABLE x', NULL`,
    'p.sql': `SELECT 'DROP SCHEMA weak_s CASCADE' AS fix, false AS fix_manual, 'only if unused' AS fix_comment`,
    'ok.sql': `SELECT 'ALTER SYSTEM SET fsync = off' AS fix`,
    'w.lua': luaReturning('Warning'),
    's.lua': luaReturning('Success'),
  });
  const prefix = tempPrefix('evidence');
  const run = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', prefix, '--fail-on', 'never']);
  assert.equal(run.code, 0, run.stderr);
  const checkScript = (text: string, why: RegExp) => {
    const s = parseScript(text);
    assert.deepEqual(s.statements, [], text);
    assert.doesNotMatch(text, /weak_s|SUPERUSER|DROP TABLE|DROP SCHEMA|fsync/, 'no text of the refused rows, not even as a comment');
    assert.match(text, new RegExp(`^-- fix statements from the evidence: not used \\(4 withheld\\): ${why.source}`, 'm'));
    assert.match(text, /^-- evidence_fix_demo: Evidence fix\n--   manual: 3 fix statement\(s\) in this result's evidence were not used: /m);
    assert.match(text, /^-- public_schema: Schema public \(pack\)\n--   manual: 1 fix statement\(s\) in this result's evidence were not used: /m);
    // the catalog's own query for public_schema ran on the live server instead (public was fixed by the first test)
    assert.match(text, /==== 5\. [^\n]*\n\n-- public_schema: Schema public \(pack\)$/m);
    assert.ok(!s.txIds.has('evidence_fix_pass') && !s.manualIds.has('evidence_fix_pass'), 'a passing check gets nothing');
  };
  const fromFile = await cli(['fix', ...connArgs(pg), '--report', `${prefix}.json`]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  checkScript(fromFile.stdout, /a report file is not a run the server recorded/);
  assert.match(fromFile.stderr, /^sec-check fix: warning: 4 fix statement\(s\) from the evidence not used: a report file/m);
  // the same pack uploaded by the owner and run in the database: still not the built-in pack's SQL
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'evidence_pack']);
  assert.equal(up.code, 0, up.stderr);
  await pg.query(`SELECT count(*) FROM sec_check.run(NULL, 'en', 'evidence_pack')`);
  const fromRun = await cli(['fix', ...connArgs(pg), '--run', 'latest']);
  assert.equal(fromRun.code, 0, fromRun.stderr);
  checkScript(fromRun.stdout, /run \d+ ran pack "evidence_pack", not the built-in one/);
  // the current state (fix without --run: every check's latest verdict, here of that pack's
  // newest run): each result is judged by its own run, none of which is the built-in pack's
  const fromState = await cli(['fix', ...connArgs(pg)]);
  assert.equal(fromState.code, 0, fromState.stderr);
  checkScript(fromState.stdout, /no run of the current state is trusted; run \d+ ran pack "evidence_pack", not the built-in one/);
  await pg.query('DROP SCHEMA weak_s');
});
