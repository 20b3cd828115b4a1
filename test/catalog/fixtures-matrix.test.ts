// Every built-in SQL check not already proven by fixtures.test.ts, on real servers: one
// fixture where the check reports the problem and one where it passes (or, for checks that
// are review-only by design, Info whose text lists the items). The PostgreSQL 18 table runs
// in rounds; each side of a round is one ALTER SYSTEM batch (+ pg_hba.conf + SQL) and one
// audit (see support-matrix.ts). PostgreSQL 14 gets what needs another initdb or a standby:
// no data checksums, port 5432, pg_wal on another filesystem, a stripped postgresql.conf.
// The host probes umask, pg_hba_permissions, pgdata_initialized and wal_temp_partitions run
// through auditWithNode as well. The last test checks that the matrix leaves no SQL check out.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig, type DiskPack } from '../../src/runtime/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { auditResults, mismatch, runSide, waitFor, type Case, type Expect } from './support-matrix.ts';

const CONFIG = 'dist/catalog/config.json';
let pack: DiskPack;
before(() => { pack = loadPackFromConfig(CONFIG); });

const W = 'Warning', S = 'Success', I = 'Info', E = 'Error';
const ex = (status: Expect['status'], text?: RegExp[], notText?: RegExp[]): Expect => ({ status, text, notText });

/** A setting that is a problem at one value and fine at another. */
function setting(id: string, group: string, name: string, bad: string | number | boolean, good: string | number | boolean,
  badExpect: Expect = ex(W), goodExpect: Expect = ex(S), round = 1): Case {
  return { id, group, round, bad: { settings: { [name]: bad }, expect: badExpect }, good: { settings: { [name]: good }, expect: goodExpect } };
}

/** Owned by the PostgreSQL OS user (the harness runs the server as it when we are root). */
function giveToServer(p: string): void {
  const u = pgRunUser();
  if (u) chownSync(p, u.uid, u.gid);
}

// ---- fixtures that need files --------------------------------------------------------------
const scratch = mkdtempSync(path.join(os.tmpdir(), 'sec_check-matrix-'));
chmodSync(scratch, 0o755);
after(() => rmSync(scratch, { recursive: true, force: true }));
const logDir = path.join(scratch, 'pglog');
const extDir = path.join(scratch, 'ext'); // extension_control_path entry holding a stand-in "anon"

function makeFiles(): void {
  mkdirSync(logDir, { mode: 0o700 });
  giveToServer(logDir);
  mkdirSync(path.join(extDir, 'extension'), { recursive: true, mode: 0o755 });
  writeFileSync(path.join(extDir, 'extension', 'anon.control'),
    "comment = 'sec_check test stand-in for PostgreSQL Anonymizer'\ndefault_version = '1.0'\nrelocatable = true\n");
  writeFileSync(path.join(extDir, 'extension', 'anon--1.0.sql'), 'CREATE FUNCTION anon_stand_in() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n');
}

/** Self-signed server.crt/server.key in the data directory (the ssl_*_file defaults), 0600, owned by the server user. */
function makeCert(dataDir: string): void {
  const crt = path.join(dataDir, 'server.crt');
  const key = path.join(dataDir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', key, '-out', crt], { stdio: 'ignore' });
  for (const f of [crt, key]) { chmodSync(f, 0o600); giveToServer(f); }
}

async function tlsSession(c: Cluster): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port: c.port, user: 'postgres', database: 'postgres', ssl: { rejectUnauthorized: false } });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl === true;
  } finally { await client.end().catch(() => {}); }
}

// ---- archiver helpers ------------------------------------------------------------------------
async function switchWal(c: Cluster): Promise<void> {
  await c.query('CREATE TABLE IF NOT EXISTS m_wal (x int); INSERT INTO m_wal VALUES (1); SELECT pg_switch_wal()');
}
async function archiveFails(c: Cluster): Promise<void> {
  await switchWal(c);
  await waitFor(c, 'SELECT failed_count > 0 FROM pg_stat_archiver', 'a failed archive attempt');
}
async function archiveRecovers(c: Cluster): Promise<void> {
  await switchWal(c);
  await waitFor(c, `SELECT archived_count > 0 AND last_archived_time >= coalesce(last_failed_time, '-infinity') FROM pg_stat_archiver`,
    'a successful archive after the failures');
}
async function tlsWorks(c: Cluster): Promise<void> {
  assert.equal(await tlsSession(c), true, 'a TCP session with ssl negotiates TLS');
}

// ---- the PostgreSQL 18 table ---------------------------------------------------------------
const SECDEF = `CREATE OR REPLACE FUNCTION public.m_f(int) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT $1'`;
const LOGIN_ROLE = 'CREATE ROLE m_login LOGIN';
const LOGIN_ROLE_FIXED = `ALTER ROLE m_login PASSWORD 'm-login-pw-1' VALID UNTIL '2099-01-01'`;
const SSL_ON = { ssl: 'on', ssl_min_protocol_version: 'TLSv1.2', ssl_ciphers: 'HIGH:!aNULL:!MD5:!3DES' };

const CASES18: Case[] = [
  // logging: round 1
  setting('debug_pretty_print', 'logging', 'debug_pretty_print', 'off', 'on', ex(W, [/debug_pretty_print is off/]), ex(S, [/debug_pretty_print is on/])),
  setting('debug_print_parse', 'logging', 'debug_print_parse', 'on', 'off', ex(W, [/debug_print_parse is on/]), ex(S, [/debug_print_parse is off/])),
  setting('debug_print_rewritten', 'logging', 'debug_print_rewritten', 'on', 'off', ex(W, [/debug_print_rewritten is on/]), ex(S, [/debug_print_rewritten is off/])),
  setting('debug_print_plan', 'logging', 'debug_print_plan', 'on', 'off', ex(W, [/debug_print_plan is on/]), ex(S, [/debug_print_plan is off/])),
  { id: 'log_destination', group: 'logging',
    bad: { settings: { log_destination: 'stderr', logging_collector: 'off' }, expect: ex(W, [/stderr only and the logging collector is off/]) },
    good: { settings: { log_destination: 'stderr', logging_collector: 'on' }, expect: ex(S, [/log_destination is stderr \(logging_collector on\)/]) } },
  { id: 'logging_collector', group: 'logging',
    bad: { settings: { log_destination: 'stderr', logging_collector: 'off' }, expect: ex(W, [/logging collector is off/]) },
    good: { settings: { log_destination: 'stderr', logging_collector: 'on' }, expect: ex(S, [/logging_collector is on/]) } },
  setting('log_directory', 'logging', 'log_directory', 'log', logDir, ex(I, [/log_directory log is inside/]), ex(S, [new RegExp(logDir)])),
  setting('log_disconnections', 'logging', 'log_disconnections', 'off', 'on'),
  setting('log_error_verbosity', 'logging', 'log_error_verbosity', 'terse', 'default', ex(W, [/log_error_verbosity is terse/]), ex(S, [/log_error_verbosity is default/])),
  setting('log_file_mode', 'logging', 'log_file_mode', '0644', '0600', ex(W, [/log_file_mode 0644 lets other/]), ex(S, [/log_file_mode is 0600/])),
  setting('log_filename', 'logging', 'log_filename', 'postgresql.log', 'postgresql-%Y-%m-%d_%H%M%S.log', ex(W, [/log_filename postgresql\.log has no date/])),
  setting('log_hostname', 'logging', 'log_hostname', 'on', 'off', ex(I, [/log_hostname is on/]), ex(S, [/log_hostname is off/])),
  setting('log_line_prefix', 'logging', 'log_line_prefix', '%m [%p] ', '%m [%p] %q%u@%d %r ',
    ex(W, [/user \(%u\)/, /database \(%d\)/, /client host/], [/time \(/, /process \(/])),
  setting('log_min_error_statement', 'logging', 'log_min_error_statement', 'panic', 'error', ex(W, [/log_min_error_statement is panic: failing/]), ex(S, [/log_min_error_statement is error/])),
  setting('log_min_messages', 'logging', 'log_min_messages', 'error', 'warning', ex(W, [/log_min_messages is error: warnings are not logged/]), ex(S, [/log_min_messages is warning/])),
  setting('log_rotation_age', 'logging', 'log_rotation_age', 0, '1d'),
  // size 0 together with age 0 (above): no rotation at all
  setting('log_rotation_size', 'logging', 'log_rotation_size', 0, '10MB'),
  setting('log_statement', 'logging', 'log_statement', 'none', 'ddl', ex(W, [/log_statement is none/]), ex(S, [/log_statement is ddl/])),
  setting('log_timezone', 'logging', 'log_timezone', 'Europe/Moscow', 'UTC', ex(I, [/log_timezone is Europe\/Moscow, not UTC/]), ex(S, [/log_timezone is UTC/])),
  setting('log_truncate_on_rotation', 'logging', 'log_truncate_on_rotation', 'off', 'on'),
  // replication
  setting('log_replication_commands', 'replication', 'log_replication_commands', 'off', 'on'),
  { id: 'wal_archiving', group: 'replication', label: 'wal_archiving: archive_mode',
    bad: { settings: { archive_mode: 'off' }, expect: ex(W, [/WAL archiving is off/]) },
    good: { settings: { archive_mode: 'on', archive_command: '/bin/true' }, expect: ex(S, [/archiving is on/]) } },
  { id: 'replication_users', group: 'replication',
    bad: { hba: ['host replication all 127.0.0.1/32 scram-sha-256'], expect: ex(W, [/line \d+: host replication all 127\.0\.0\.1\/255\.255\.255\.255 scram-sha-256/]) },
    good: { hba: ['hostssl replication m_repl 127.0.0.1/32 scram-sha-256'], expect: ex(S, [/m_repl/]) } },
  // settings
  setting('backend_parameters', 'settings', 'jit_debugging_support', 'on', 'off', ex(W, [/jit_debugging_support=on/])),
  { id: 'superuser_parameters', group: 'settings',
    bad: { settings: { zero_damaged_pages: 'on', lo_compat_privileges: 'on' }, expect: ex(W, [/lo_compat_privileges=on/, /zero_damaged_pages=on/, /debug_print_parse=on/]) },
    good: { settings: { zero_damaged_pages: 'off', lo_compat_privileges: 'off' }, expect: ex(S) } },
  { id: 'tls_configuration', group: 'settings',
    bad: { settings: { ssl: 'off' }, expect: ex(W, [/TLS \(ssl\) is off/]) },
    good: { settings: SSL_ON, after: tlsWorks, expect: ex(S, [/TLSv1\.2/]) } },
  // review-only by design: Info listing what is set (a true Success for sighup/user is on 14)
  setting('postmaster_parameters', 'settings', 'listen_addresses', '*', '127.0.0.1',
    ex(I, [/listen_addresses=\*/]), ex(I, [/listen_addresses=127\.0\.0\.1/], [/listen_addresses=\*/])),
  { id: 'sighup_parameters', group: 'settings',
    bad: { expect: ex(I, [/log_rotation_age=0/, /log_timezone=Europe\/Moscow/]) },
    good: { expect: ex(I, [/log_rotation_age=1440/], [/Europe\/Moscow/]) } },
  { id: 'user_parameters', group: 'settings',
    bad: { sql: `ALTER ROLE m_role SET search_path = m_s, public`, expect: ex(I, [/m_role\/all databases: search_path=m_s, public/]) },
    good: { sql: 'ALTER ROLE m_role RESET search_path', expect: ex(I, [], [/m_role/]) } },
  { id: 'anonymization_extension', group: 'settings',
    bad: { sql: 'DROP EXTENSION IF EXISTS anon', expect: ex(I, [/No anonymization extension in database postgres/]) },
    good: { sql: `SET extension_control_path = '$system:${extDir}'; CREATE EXTENSION IF NOT EXISTS anon`, expect: ex(S, [/anon 1\.0/]) } },
  // special
  { id: 'other_parameters', group: 'special',
    bad: { settings: { fsync: 'off', full_page_writes: 'off' }, expect: ex(W, [/fsync=off/, /full_page_writes=off/]) },
    good: { settings: { fsync: 'on', full_page_writes: 'on' }, expect: ex(S) } },
  // connections
  setting('listen_addresses', 'connections', 'listen_addresses', '*', '127.0.0.1', ex(W, [/listen_addresses is \*: the server listens on every interface/]), ex(S, [/listen_addresses is 127\.0\.0\.1/])),
  { id: 'ssl_usage', group: 'connections', label: 'ssl_usage: ssl off',
    bad: { settings: { ssl: 'off' }, hba: ['host all all 127.0.0.1/32 trust'], expect: ex(W, [/off/]) },
    good: { settings: SSL_ON, hba: ['hostssl all all 127.0.0.1/32 trust'], expect: ex(S) } },
  // permissions
  setting('unix_socket_permissions', 'permissions', 'unix_socket_permissions', '0777', '0700', ex(W, [/unix_socket_permissions is 0777: every local/]), ex(S, [/unix_socket_permissions is 0700/])),
  // access
  { id: 'excessive_admin_privileges', group: 'access',
    bad: { sql: 'CREATE ROLE m_admin NOLOGIN CREATEROLE CREATEDB', expect: ex(W, [/m_admin \(createrole,createdb\)/]) },
    good: { sql: 'DROP ROLE m_admin', expect: ex(S) } },
  { id: 'superuser_roles', group: 'access',
    bad: { sql: 'CREATE ROLE m_su NOLOGIN SUPERUSER', expect: ex(I, [/^2 superuser role\(s\), 1 with LOGIN: m_su \(nologin\), postgres/]) },
    good: { sql: 'DROP ROLE m_su', expect: ex(I, [/^1 superuser role\(s\), 1 with LOGIN: postgres\./], [/m_su/]) } },
  { id: 'public_grants', group: 'access',
    bad: { sql: 'GRANT SELECT ON m_t TO PUBLIC; GRANT CREATE ON SCHEMA m_s TO PUBLIC', expect: ex(W, [/public\.m_t: [A-Z,]*SELECT/, /schema m_s: CREATE/]) },
    good: { sql: 'REVOKE SELECT ON m_t FROM PUBLIC; REVOKE CREATE ON SCHEMA m_s FROM PUBLIC', expect: ex(S) } },
  { id: 'excessive_dml_privileges', group: 'access', label: 'excessive_dml_privileges: PUBLIC',
    bad: { sql: 'GRANT INSERT, TRUNCATE ON m_t TO PUBLIC', expect: ex(W, [/PUBLIC can modify/, /public\.m_t/]) },
    good: { sql: 'REVOKE INSERT, TRUNCATE ON m_t FROM PUBLIC', expect: ex(S) } },
  { id: 'grant_option_grants', group: 'access',
    bad: { sql: 'GRANT SELECT ON m_t TO m_role WITH GRANT OPTION; GRANT USAGE ON SCHEMA m_s TO m_role WITH GRANT OPTION',
      expect: ex(W, [/SELECT on public\.m_t to m_role/, /USAGE on schema m_s to m_role/]) },
    good: { sql: 'REVOKE GRANT OPTION FOR SELECT ON m_t FROM m_role; REVOKE GRANT OPTION FOR USAGE ON SCHEMA m_s FROM m_role', expect: ex(S) } },
  { id: 'excessive_function_privileges', group: 'access', label: 'excessive_function_privileges: PUBLIC',
    bad: { sql: SECDEF, expect: ex(W, [/public\.m_f\(integer\) owner postgres, PUBLIC EXECUTE/]) },
    good: { sql: 'DROP FUNCTION IF EXISTS public.m_f(int)', expect: ex(S) } },
  { id: 'security_definer_search_path', group: 'access',
    bad: { sql: SECDEF, expect: ex(W, [/public\.m_f\(integer\)/]) },
    good: { sql: 'DROP FUNCTION IF EXISTS public.m_f(int)', expect: ex(S) } },
  { id: 'security_definer_search_path', group: 'access', label: 'security_definer_search_path: pinned through a PUBLIC-writable schema', round: 3,
    bad: { sql: `CREATE SCHEMA m_open; GRANT CREATE ON SCHEMA m_open TO PUBLIC;
      CREATE FUNCTION public.m_g() RETURNS int SECURITY DEFINER SET search_path = m_open, pg_temp LANGUAGE sql AS 'SELECT 1'`,
      expect: ex(W, [/public\.m_g\(\) → m_open/]) },
    good: { sql: 'DROP FUNCTION public.m_g(); DROP SCHEMA m_open', expect: ex(S) } },
  { id: 'login_roles_no_expiry', group: 'access',
    bad: { sql: LOGIN_ROLE, expect: ex(I, [/Roles without VALID UNTIL: m_login/]) },
    good: { sql: LOGIN_ROLE_FIXED, expect: ex(S) } },
  { id: 'login_roles_no_password', group: 'access',
    bad: { sql: LOGIN_ROLE, expect: ex(W, [/^1 login role\(s\) have no password/, /m_login/]) },
    good: { sql: LOGIN_ROLE_FIXED, expect: ex(S) } },
  { id: 'predefined_roles', group: 'access', label: 'predefined_roles: file access',
    bad: { sql: 'GRANT pg_read_server_files TO m_role', expect: ex(W, [/pg_read_server_files: m_role/]) },
    good: { sql: 'REVOKE pg_read_server_files FROM m_role', expect: ex(I, [/No role uses a predefined role/]) } },
  { id: 'rls_configuration', group: 'access', label: 'rls_configuration: policy not enforced',
    bad: { sql: 'CREATE POLICY m_p ON m_t USING (owner = current_user)', expect: ex(W, [/not enforced.*public\.m_t/s]) },
    good: { sql: 'ALTER TABLE m_t ENABLE ROW LEVEL SECURITY', expect: ex(I, [/^1 table\(s\)/, /Not forced for the table owner: public\.m_t/]) } },
  { id: 'untrusted_languages', group: 'access',
    bad: { sql: 'CREATE EXTENSION IF NOT EXISTS pltclu', expect: ex(W, [/pltclu/]) },
    good: { sql: 'DROP EXTENSION IF EXISTS pltclu', expect: ex(S) } },

  // round 2: syslog (log_destination must include it), second branches of several checks
  ...[
    setting('syslog_ident', 'logging', 'syslog_ident', '', 'postgres', ex(W, [/syslog_ident is empty/]), ex(S, [/syslog_ident is postgres/])),
    setting('syslog_sequence_numbers', 'logging', 'syslog_sequence_numbers', 'off', 'on'),
    setting('syslog_split_messages', 'logging', 'syslog_split_messages', 'off', 'on'),
    // which facility is right depends on the syslog routing: Info naming it, on both sides
    setting('syslog_facility', 'logging', 'syslog_facility', 'local0', 'local5', ex(I, [/facility local0 is in use/]), ex(I, [/facility local5 is in use/])),
    { id: 'log_rotation_size', group: 'logging', label: 'log_rotation_size: time-based only',
      bad: { settings: { log_rotation_size: 0 }, expect: ex(I, [/Size-based rotation is off; files rotate every 1440 min only/]) }, good: { settings: { log_rotation_size: '10MB' }, expect: ex(S) } },
    setting('log_min_messages', 'logging', 'log_min_messages', 'debug1', 'notice', ex(I, [/debug1/]), ex(S, [/log_min_messages is notice/])),
    { id: 'tls_configuration', group: 'settings', label: 'tls_configuration: old protocol',
      bad: { settings: { ssl_min_protocol_version: 'TLSv1' }, expect: ex(W, [/ssl_min_protocol_version is TLSv1\b/]) },
      good: { settings: { ssl_min_protocol_version: 'TLSv1.3' }, expect: ex(S, [/TLSv1\.3/]) } },
    { id: 'ssl_usage', group: 'connections', label: 'ssl_usage: host line without TLS',
      bad: { hba: ['host all all 127.0.0.1/32 trust'], expect: ex(W, [/line \d+: host all all 127\.0\.0\.1\/255\.255\.255\.255 trust/]) },
      good: { hba: ['hostssl all all 127.0.0.1/32 trust'], expect: ex(S) } },
    { id: 'wal_archiving', group: 'replication', label: 'wal_archiving: failing command',
      bad: { settings: { archive_command: '/bin/false' }, after: archiveFails, expect: ex(E, [/WAL archiving is failing/]) },
      good: { settings: { archive_command: '/bin/true' }, after: archiveRecovers, expect: ex(S, [/archiving is on \([1-9]\d* segments/]) } },
    { id: 'excessive_dml_privileges', group: 'access', label: 'excessive_dml_privileges: a role',
      bad: { sql: 'GRANT UPDATE ON m_t TO m_role', expect: ex(I, [/1 role\(s\) hold write privileges on 1 table/]) },
      good: { sql: 'REVOKE UPDATE ON m_t FROM m_role', expect: ex(S) } },
    { id: 'excessive_function_privileges', group: 'access', label: 'excessive_function_privileges: revoked from PUBLIC',
      bad: { sql: `${SECDEF} SET search_path = pg_catalog, pg_temp; REVOKE EXECUTE ON FUNCTION public.m_f(int) FROM PUBLIC`,
        expect: ex(I, [/public\.m_f\(integer\) owner postgres/], [/PUBLIC EXECUTE/]) },
      good: { sql: 'DROP FUNCTION IF EXISTS public.m_f(int)', expect: ex(S) } },
    { id: 'predefined_roles', group: 'access', label: 'predefined_roles: monitoring',
      bad: { sql: 'GRANT pg_monitor TO m_role', expect: ex(I, [/Predefined roles are in use/, /pg_monitor: m_role/]) },
      good: { sql: 'REVOKE pg_monitor FROM m_role', expect: ex(I, [/No role uses a predefined role/]) } },
    { id: 'rls_configuration', group: 'access', label: 'rls_configuration: unused vs forced',
      bad: { sql: 'ALTER TABLE m_t DISABLE ROW LEVEL SECURITY; DROP POLICY m_p ON m_t', expect: ex(I, [/No table in postgres uses row-level security/]) },
      good: { sql: 'CREATE POLICY m_p ON m_t USING (owner = current_user); ALTER TABLE m_t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY',
        expect: ex(I, [/^1 table\(s\)/], [/Not forced for the table owner: public\.m_t/]) } },
  ].map((k) => ({ ...k, round: 2 })),
  // syslog on for the whole round (both sides)
  { id: 'log_destination', group: 'logging', label: 'log_destination: syslog', round: 2,
    bad: { settings: { log_destination: 'stderr,syslog' }, expect: ex(S, [/syslog/]) },
    good: { settings: { log_destination: 'stderr,syslog' }, expect: ex(S, [/syslog/]) } },

  // round 3: a weak cipher class with an acceptable protocol; "+CLASS" only reorders, it enables nothing
  { id: 'tls_configuration', group: 'settings', label: 'tls_configuration: ciphers', round: 3,
    bad: { settings: { ssl_min_protocol_version: 'TLSv1.2', ssl_ciphers: 'HIGH:MEDIUM:+3DES:!aNULL' }, expect: ex(W, [/weak cipher classes: MEDIUM\./], [/\+3DES\./]) },
    good: { settings: { ssl_min_protocol_version: 'TLSv1.2', ssl_ciphers: 'HIGH:!aNULL:+3DES' }, expect: ex(S) } },
  // round 4: OpenSSL puts anonymous suites (ADH, AECDH) in HIGH and ALL; a class list must remove aNULL
  { id: 'tls_configuration', group: 'settings', label: 'tls_configuration: aNULL', round: 4,
    bad: { settings: { ssl_ciphers: 'HIGH:ECDHE-RSA-AES256-GCM-SHA384' }, expect: ex(W, [/weak cipher classes: HIGH without !aNULL \(anonymous suites that authenticate no server\)\.\n/]) },
    good: { settings: { ssl_ciphers: 'HIGH:-aNULL:ECDHE-RSA-AES256-GCM-SHA384' }, expect: ex(S) } },
];

const rounds = [...new Set(CASES18.map((k) => k.round ?? 1))].sort();

describe('PostgreSQL 18 matrix', () => {
  let c: Cluster;
  before(async () => {
    makeFiles();
    c = await startCluster(await ensureInstall(18));
    makeCert(c.dataDir);
    await c.query(`CREATE ROLE m_role NOLOGIN; CREATE SCHEMA m_s; CREATE TABLE m_t (id int, owner text);
      CREATE ROLE m_repl LOGIN REPLICATION PASSWORD 'm-repl-pw-1' VALID UNTIL '2099-01-01'`);
  });
  after(async () => { await c?.stop(); });

  test('cluster properties: checksums on (18 initdb default), port not 5432, pg_wal beside the data, primary', async () => {
    assert.notEqual(c.port, 5432);
    const r = await auditResults(c, pack, ['installation', 'connections', 'replication']);
    const wrong = [
      ['checksums_enabled', ex(S, [/enabled/])],
      ['default_port', ex(S, [new RegExp(`port ${c.port}`)])],
      ['wal_temp_partitions', ex(W, [/same filesystem/])],
      ['primary_conninfo', ex(I, [/not a standby/])],
    ].map(([id, e]) => [id, mismatch(r[id as string], e as Expect)]).filter(([, why]) => why);
    assert.deepEqual(wrong, []);
  });

  for (const round of rounds) {
    const cases = CASES18.filter((k) => (k.round ?? 1) === round);
    test(`round ${round}: ${cases.length} checks report the problem`, async () => { await runSide(c, pack, cases, 'bad'); });
    test(`round ${round}: ${cases.length} checks pass`, async () => { await runSide(c, pack, cases, 'good'); });
  }

  test('host probes: pg_hba_permissions', async () => {
    const hba = (await c.query('SHOW hba_file'))[0].hba_file;
    const probe = async () => (await auditResults(c, pack, ['permissions'])).pg_hba_permissions;
    try {
      chmodSync(hba, 0o644);
      assert.equal(mismatch(await probe(), ex(W, [/mode 644/])), '');
      chmodSync(hba, 0o620);
      assert.equal(mismatch(await probe(), ex(E, [/mode 620.*writable/])), '');
      chmodSync(hba, 0o640);
      assert.equal(mismatch(await probe(), ex(S, [/mode 640/])), '');
    } finally { chmodSync(hba, 0o600); }
    assert.equal(mismatch(await probe(), ex(S, [/mode 600, owner/])), '');
  });

  test('host probes: pgdata_initialized', async () => {
    const file = path.join(c.dataDir, 'PG_VERSION');
    const original = readFileSync(file, 'utf8');
    const probe = async () => (await auditResults(c, pack, ['installation'])).pgdata_initialized;
    assert.equal(mismatch(await probe(), ex(S, [/initialised PostgreSQL 18 cluster/])), '');
    try {
      writeFileSync(file, '17\n'); // the running server does not read it again; the probe compares it with the server
      assert.equal(mismatch(await probe(), ex(W, [/PGDATA is version 17 but the server is 18/])), '');
    } finally { writeFileSync(file, original); }
    assert.equal(mismatch(await probe(), ex(S)), '');
  });

  test('host probes: umask (login shell of the PGDATA owner, postmaster, else the audit shell)', async (t) => {
    // the account's login umask comes from its profile: append a umask line to it for each side, then restore it
    const account = pgRunUser();
    const entry = account && readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === account.name);
    const home = entry?.[5];
    const shell = path.basename(entry?.[6] ?? '');
    if (!account || !home || !['bash', 'sh', 'dash'].includes(shell) || !statSync(home, { throwIfNoEntry: false })?.isDirectory()) {
      t.diagnostic('not root, or the server account has no home directory and POSIX login shell: the login-umask side is not shown');
    } else {
      const profile = path.join(home, shell === 'bash' ? '.bash_profile' : '.profile');
      const before = statSync(profile, { throwIfNoEntry: false }) ? readFileSync(profile, 'utf8') : null;
      const probe = async () => (await auditResults(c, pack, ['permissions'])).umask;
      try {
        writeFileSync(profile, `${before ?? ''}\numask 022\n`);
        giveToServer(profile);
        assert.equal(mismatch(await probe(), ex(W, [new RegExp(`umask 0022 \\(login shell of ${account.name}\\) is too permissive`)])), '');
        writeFileSync(profile, `${before ?? ''}\numask 077\n`);
        // PostgreSQL 11+ sets the postmaster's umask itself (0077, 0027 with group access): it is listed, and passes
        assert.equal(mismatch(await probe(), ex(S, [new RegExp(`umask is 0077 \\(login shell of ${account.name}\\), 0077 \\(postmaster\\)\\.`)])), '');
      } finally {
        if (before === null) rmSync(profile, { force: true }); else writeFileSync(profile, before);
      }
    }
    // a role without pg_read_all_settings gets no PGDATA: the probe falls back to the shell's umask
    await c.query('CREATE ROLE m_plain LOGIN');
    const saved = process.umask(0o022);
    try {
      const p = (await auditResults(c, pack, ['permissions'], 'm_plain')).umask;
      assert.equal(mismatch(p, ex(W, [/umask 0022 \(shell\)/])), '');
      process.umask(0o077);
      const q = (await auditResults(c, pack, ['permissions'], 'm_plain')).umask;
      assert.equal(mismatch(q, ex(S, [/umask is 0077 \(shell\)\./])), '');
    } finally { process.umask(saved); }
  });
});

describe('PostgreSQL 14: no checksums, port 5432, separate pg_wal, stripped config, standby', () => {
  let c: Cluster;
  // pg_wal on another filesystem than the data directory (tmpfs /dev/shm on most Linux hosts)
  const walParent = ['/dev/shm', '/run/shm', '/var/tmp'].find((d) => {
    try { return statSync(d).dev !== statSync(os.tmpdir()).dev && (statSync(d).mode & 0o1777) === 0o1777; } catch { return false; }
  });
  const walDir = walParent && path.join(walParent, `sec_check-wal-${process.pid}-${Date.now()}`);
  before(async () => {
    // Unix socket only, so port 5432 cannot clash with anything (the socket directory is private)
    c = await startCluster(await ensureInstall(14), { port: 5432, listenTcp: false, initdbArgs: walDir ? ['--waldir', walDir] : [] });
  });
  after(async () => { await c?.stop(); if (walDir) rmSync(walDir, { recursive: true, force: true }); });

  test('cluster properties: checksums off, port 5432, pg_wal on another filesystem', async (t) => {
    const r = await auditResults(c, pack, ['installation', 'connections']);
    assert.equal(mismatch(r.checksums_enabled, ex(W, [/disabled/])), '');
    assert.equal(mismatch(r.default_port, ex(I, [/default port 5432/])), '');
    if (walDir) assert.equal(mismatch(r.wal_temp_partitions, ex(S, [/different filesystem/])), '');
    else t.diagnostic('no world-writable directory on another filesystem than the temp dir: wal_temp_partitions Success not shown');
  });

  test('sighup_parameters and user_parameters: Success only when nothing is set', async () => {
    // initdb writes log_timezone, max/min_wal_size, DateStyle, TimeZone, lc_* ...: comment out the sighup/user ones
    const rows = await c.query<{ sourcefile: string; sourceline: number }>(
      `SELECT sourcefile, sourceline FROM pg_settings WHERE context IN ('sighup', 'user') AND source = 'configuration file'`);
    assert.ok(rows.length > 0);
    const file = rows[0].sourcefile;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const row of rows) { assert.equal(row.sourcefile, file); lines[row.sourceline - 1] = `#${lines[row.sourceline - 1]}`; }
    writeFileSync(file, lines.join('\n'));
    await c.alterSystem({}, 'reload');
    await waitFor(c, `SELECT count(*) = 0 FROM pg_settings WHERE context IN ('sighup', 'user') AND source = 'configuration file'`, 'the stripped configuration');
    let r = await auditResults(c, pack, ['settings']);
    assert.equal(mismatch(r.sighup_parameters, ex(S)), '');
    assert.equal(mismatch(r.user_parameters, ex(S)), '');
    await c.alterSystem({ log_rotation_age: '2h', search_path: 'app, public' }, 'reload');
    await c.query('CREATE ROLE m_role NOLOGIN; ALTER ROLE m_role SET statement_timeout = 5000');
    r = await auditResults(c, pack, ['settings']);
    assert.equal(mismatch(r.sighup_parameters, ex(I, [/^1 SIGHUP parameter/, /log_rotation_age=120/])), '');
    assert.equal(mismatch(r.user_parameters, ex(I, [/Server-wide: search_path=app, public/, /m_role\/all databases: statement_timeout=5000/])), '');
  });

  test('wal_archiving before archive_library existed: no command, then working', async () => {
    await c.alterSystem({ archive_mode: 'on', archive_command: '' }, 'restart');
    let r = await auditResults(c, pack, ['replication']);
    assert.equal(mismatch(r.wal_archiving, ex(E, [/no archive_command or archive_library/])), '');
    await c.alterSystem({ archive_command: '/bin/true' }, 'reload');
    await archiveRecovers(c);
    r = await auditResults(c, pack, ['replication']);
    assert.equal(mismatch(r.wal_archiving, ex(S, [/archiving is on/])), '');
  });

  test('primary_conninfo on a standby (last: the cluster stays in recovery)', async () => {
    const signal = path.join(c.dataDir, 'standby.signal');
    writeFileSync(signal, '');
    giveToServer(signal);
    // the primary (port 1) is never reachable, so the server stays a hot standby; primary_conninfo reloads (13+)
    await c.alterSystem({ primary_conninfo: 'host=127.0.0.1 port=1 user=m_repl password=m-secret-pw sslmode=require' }, 'restart');
    const cases: Array<[string, Expect]> = [
      ['host=127.0.0.1 port=1 user=m_repl password=m-secret-pw sslmode=require', ex(W, [/clear text/, /sslmode is require/])],
      ['host=127.0.0.1 port=1 user=m_repl sslmode=prefer', ex(W, [/sslmode is prefer/], [/clear text/])],
      ['host=127.0.0.1 port=1 user=m_repl', ex(W, [/sslmode is prefer/])], // libpq default
      ['postgresql://m_repl:m-secret-pw@127.0.0.1:1/postgres?sslmode=verify-full', ex(W, [/clear text/], [/sslmode is/])],
      ['postgres://m_repl@127.0.0.1:1/postgres?password=m-secret-pw&sslmode=verify-full', ex(W, [/clear text/], [/sslmode is/])],
      ['postgresql://m_repl@127.0.0.1:1/postgres?sslmode=verify-full&application_name=s1', ex(S, [/sslmode=verify-full/])],
      ['host=127.0.0.1 port=1 user=m_repl sslmode=verify-full', ex(S, [/sslmode=verify-full/])],
      [`host=127.0.0.1 port=1 user=m_repl sslmode='verify-ca'`, ex(S, [/sslmode=verify-ca/])],
    ];
    for (const [conninfo, e] of cases) {
      await c.alterSystem({ primary_conninfo: conninfo }, 'reload');
      assert.equal((await c.query('SELECT pg_is_in_recovery() AS standby'))[0].standby, true);
      const client = new pg.Client(c.clientConfig());
      await client.connect();
      try {
        const report = await auditWithNode(client, pack, { groups: ['replication'], connection: { host: c.socketDir, port: c.port, user: 'postgres', database: 'postgres' } as any });
        assert.equal(mismatch(report.results.find((x: any) => x.check_id === 'primary_conninfo'), e), '', conninfo);
        assert.doesNotMatch(JSON.stringify(report), /m-secret-pw/, 'the password never reaches the report');
      } finally { await client.end(); }
    }
  });
});

// ---- coverage: every SQL check of the catalog has a problem fixture and a passing one -------
// What fixtures.test.ts proves both ways:
const IN_FIXTURES_TEST = ['log_connections', 'password_encryption', 'unix_socket_login', 'host_login', 'remote_superuser',
  'authorized_ip_ranges', 'specific_databases_users', 'md5_password_verifiers', 'public_schema', 'pgaudit_enabled',
  'pgaudit_object_audit', 'ddl_event_trigger', 'set_user_installed', 'password_complexity', 'auth_timeout_delay', 'crypto_extension'];
// Proven both ways by the 18/14 tests above, outside the table:
const OUTSIDE_TABLE = ['checksums_enabled', 'default_port', 'sighup_parameters', 'user_parameters', 'primary_conninfo'];
// Review-only by design (never Success): the table asserts Info and the items its text lists on both sides.
const REVIEW_ONLY: Record<string, string> = {
  postmaster_parameters: 'the harness always sets port, listen_addresses and unix_socket_directories, so a server with no postmaster setting cannot be started here',
  syslog_facility: 'which LOCALn facility is right depends on the syslog routing',
  superuser_roles: 'an inventory of superusers',
};
const NOT_PRODUCIBLE: Record<string, string> = {
  server_version: 'Success needs a server at the newest minor of the shipped table; the cached 13-18 builds are older (Warning/Error are in fixtures.test.ts)',
};

test('the matrix covers every SQL check both ways', () => {
  const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
  const sqlChecks: string[] = [];
  for (const section of Object.values<any>(config.section)) {
    for (const item of section.items) if (item.executors.every((e: any) => e.script.endsWith('.sql'))) sqlChecks.push(item.id);
  }
  const bothWays = new Set(CASES18.filter((k) => k.bad.expect.status !== k.good.expect.status).map((k) => k.id));
  for (const id of Object.keys(REVIEW_ONLY)) assert.ok(CASES18.some((k) => k.id === id && k.bad.expect.text?.length), `${id} in the table`);
  const covered = (id: string) => bothWays.has(id) || IN_FIXTURES_TEST.includes(id) || OUTSIDE_TABLE.includes(id) || id in REVIEW_ONLY || id in NOT_PRODUCIBLE;
  assert.deepEqual(sqlChecks.filter((id) => !covered(id)), []);
  assert.ok(sqlChecks.length >= 70, `${sqlChecks.length} SQL checks`);
});
