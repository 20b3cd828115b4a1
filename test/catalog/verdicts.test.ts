// Verdicts an expert would sign (issue 16): each case sets up a server state, audits it, and
// where the check is about who gets in, proves the verdict with a real connection attempt
// (over TCP from an address in a network namespace the test creates, over TLS, or over the
// Unix socket). "Remote" clients come from that namespace (test/integration/netns.ts): the
// server listens on loopback and the veth's host side, never on the host's own interfaces.
// Every case has an insecure side (never Success) and a secure side (Success, or the check's
// review-only Info). The same cases run on PostgreSQL 18 (with pgaudit) and 16 (rule_number,
// regex users, SET/INHERIT grant options and pg_ident_file_mappings all exist there); one
// server per major is shared by the whole file.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig, type DiskPack } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { secretPatternsSql } from '../../src/core/secrets/patterns.ts';
import { expandSqlIncludes } from '../../build/compile-catalog.ts';
import { CATALOG, cli, connArgs, tempPrefix } from '../integration/support.ts';
import { createNetns, type Netns } from '../integration/netns.ts';

const CONFIG = 'dist/catalog/config.json';
let pack: DiskPack;
before(() => { pack = loadPackFromConfig(CONFIG); });

type Status = 'Success' | 'Info' | 'Warning' | 'Error' | 'Failed' | 'Skipped';

async function audit(c: Cluster, groups: string[], user = 'postgres'): Promise<Record<string, any>> {
  const client = new pg.Client(c.clientConfig(user, 'postgres'));
  client.on('error', () => {});
  await client.connect();
  try {
    const report = await auditWithNode(client, pack, {
      groups, locale: 'en', connection: { host: c.socketDir, port: c.port, user, database: 'postgres' } as any,
    });
    return Object.fromEntries(report.results.map((r: any) => [r.check_id, r]));
  } finally { await client.end().catch(() => {}); }
}

/** Audit once and check several results: status and text (all mismatches in one message). */
async function expectResults(c: Cluster, groups: string[], want: Record<string, [Status, RegExp[]?, RegExp[]?]>, label: string): Promise<Record<string, any>> {
  const r = await audit(c, groups);
  const wrong: string[] = [];
  for (const [id, [status, texts = [], notTexts = []]] of Object.entries(want)) {
    const x = r[id];
    if (!x) { wrong.push(`${id}: not in the report`); continue; }
    const text = `${x.short_description}\n${x.full_description}`;
    const problems: string[] = [];
    if (x.status !== status) problems.push(`status ${x.status}, expected ${status}`);
    for (const re of texts) if (!re.test(text)) problems.push(`no ${re}`);
    for (const re of notTexts) if (re.test(text)) problems.push(`has ${re}`);
    if (problems.length) wrong.push(`${id}: ${problems.join('; ')} — ${x.short_description} | ${x.full_description.replace(/\s+/g, ' ').slice(0, 500)}`);
  }
  assert.deepEqual(wrong, [], `${label}\n${wrong.join('\n')}`);
  return r;
}

// ---- connection attempts ---------------------------------------------------------------------
/** A network namespace per server: its client address is non-local for pg_hba (a private-network client). */
function remoteClients(): Netns { return createNetns({ v4: 1, v6: 0 }); }

interface Attempt { host?: string; user: string; database?: string; ssl?: pg.ClientConfig['ssl']; password?: string; sql?: string; replication?: boolean }
interface Outcome { ok: boolean; error?: string; cleartext: boolean; rows?: any[] }

/** Connect as the check claims one can or cannot; records whether the server asked for a cleartext password. */
async function attempt(c: Cluster, a: Attempt): Promise<Outcome> {
  const client = new pg.Client({
    host: a.host ?? c.socketDir, port: c.port, user: a.user, database: a.database ?? 'postgres',
    ssl: a.ssl ?? false, password: a.password ?? 'm-wrong-password', connectionTimeoutMillis: 10_000,
    ...(a.replication ? { replication: 'true' } : {}),
  } as pg.ClientConfig);
  client.on('error', () => {});
  let cleartext = false;
  (client as any).connection.on('authenticationCleartextPassword', () => { cleartext = true; });
  try {
    await client.connect();
    let rows: any[] | undefined;
    if (a.sql) {
      const res: any = await client.query(a.sql);
      rows = (Array.isArray(res) ? res[res.length - 1] : res).rows;
    }
    return { ok: true, cleartext, rows };
  } catch (e) {
    return { ok: false, cleartext, error: (e as Error).message };
  } finally { await client.end().catch(() => {}); }
}
async function admitted(c: Cluster, a: Attempt, why: string): Promise<Outcome> {
  const o = await attempt(c, a);
  assert.ok(o.ok, `${why}: expected ${a.user}@${a.host ?? 'socket'} to get in, got ${o.error}`);
  return o;
}
async function refused(c: Cluster, a: Attempt, why: string, error: RegExp = /no pg_hba\.conf entry|rejects connection|authentication failed|certificate/): Promise<Outcome> {
  const o = await attempt(c, a);
  assert.ok(!o.ok, `${why}: expected ${a.user}@${a.host ?? 'socket'} to be refused, but it got in`);
  assert.match(o.error ?? '', error, why);
  return o;
}

// ---- files -----------------------------------------------------------------------------------
const scratch = mkdtempSync(path.join(os.tmpdir(), 'sec_check-verdicts-'));
chmodSync(scratch, 0o755);
after(() => rmSync(scratch, { recursive: true, force: true }));

function giveToServer(p: string): void {
  const u = pgRunUser();
  if (u) chownSync(p, u.uid, u.gid);
}
function serverFile(c: Cluster, name: string, text: string): void {
  const p = path.join(c.dataDir, name);
  writeFileSync(p, text);
  chmodSync(p, 0o600);
  giveToServer(p);
}

/** A CA, a server certificate and a client certificate for CN=postgres (for clientcert=verify-full). */
interface Pki { ca: string; clientCert: string; clientKey: string }
function makePki(c: Cluster): Pki {
  const dir = mkdtempSync(path.join(scratch, 'pki-'));
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=m-ca', '-keyout', f('ca.key'), '-out', f('ca.crt'));
  for (const [name, cn] of [['server', 'localhost'], ['client', 'postgres']]) {
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`));
    ossl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-out', f(`${name}.crt`));
  }
  serverFile(c, 'server.crt', readFileSync(f('server.crt'), 'utf8'));
  serverFile(c, 'server.key', readFileSync(f('server.key'), 'utf8'));
  serverFile(c, 'root.crt', readFileSync(f('ca.crt'), 'utf8'));
  return { ca: readFileSync(f('ca.crt'), 'utf8'), clientCert: readFileSync(f('client.crt'), 'utf8'), clientKey: readFileSync(f('client.key'), 'utf8') };
}

/** Rewrite pg_hba.conf WITHOUT the harness check (which refuses error lines) and signal a reload. */
async function rawHba(c: Cluster, lines: string[], reload: boolean): Promise<void> {
  const before = (await c.query('SELECT pg_conf_load_time()::text AS t'))[0].t;
  writeFileSync(path.join(c.dataDir, 'pg_hba.conf'), `${lines.join('\n')}\n`);
  if (!reload) return;
  await c.query('SELECT pg_reload_conf()');
  for (let i = 0; i < 200; i++) {
    if ((await c.query('SELECT pg_conf_load_time() > $1::timestamptz AS done', [before]))[0].done) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('reload not observed');
}

// ---- the cases, run on each major ------------------------------------------------------------
function suite(major: 16 | 18): void {
  describe(`PostgreSQL ${major}`, () => {
    let c: Cluster;
    let pki: Pki;
    let ns: Netns;
    let ip: string;
    const remote = (user: string, extra: Partial<Attempt> = {}): Attempt => ({ host: ns.via(ip, c.port), user, ...extra });

    before(async () => {
      ns = remoteClients();
      ip = ns.clientV4[0];
      c = await startCluster(await ensureInstall(major), { settings: { listen_addresses: `127.0.0.1,${ns.hostV4}` } });
      await ns.relay(c.port);
      pki = makePki(c);
      await c.alterSystem({ ssl: 'on', ssl_ca_file: 'root.crt', ssl_min_protocol_version: 'TLSv1.2', ssl_ciphers: 'HIGH:!aNULL:!MD5:!3DES' }, 'reload');
      await c.query(`CREATE ROLE app LOGIN; CREATE ROLE alice LOGIN; CREATE ROLE mid NOLOGIN;
        CREATE ROLE contractors NOLOGIN; CREATE ROLE app_users NOLOGIN; GRANT app_users TO app;
        CREATE SCHEMA admin; CREATE TABLE admin.answer (v text); INSERT INTO admin.answer VALUES ('real');
        GRANT USAGE ON SCHEMA admin TO PUBLIC; GRANT SELECT ON admin.answer TO PUBLIC`);
    });
    after(async () => { try { await c?.stop(); } finally { ns?.close(); } });

    test('the connection tests come from an address in the test\'s network namespace', async () => {
      await c.writeHba(['local all all trust', `host all all ${ip}/32 trust`]);
      const o = await admitted(c, remote('postgres', { sql: 'SELECT host(inet_client_addr()) AS a' }), 'remote client');
      assert.equal(o.rows?.[0]?.a, ip);
    });

    test('superuser through membership: excessive_admin_privileges, superuser_roles, predefined_roles, remote_superuser', async () => {
      await c.writeHba(['local all all trust', 'host all postgres 0.0.0.0/0 reject', 'host all all 0.0.0.0/0 trust']);
      // chain: alice -> mid -> postgres; app -> postgres directly
      await c.query('GRANT postgres TO mid; GRANT mid TO alice; GRANT postgres TO app');
      // each role with its shortest chain (docs/verdicts.md, "Who can act as whom")
      const member = /app \(superuser-equivalent: app → \(member, SET\) → postgres → SUPERUSER postgres\)/;
      await expectResults(c, ['access', 'connections'], {
        excessive_admin_privileges: ['Warning', [member, /alice \(superuser-equivalent: alice → \(member, SET\) → mid → \(member, SET\) → postgres → SUPERUSER postgres\)/]],
        superuser_roles: ['Warning', [/alice: alice → \(member, SET\) → mid → \(member, SET\) → postgres → SUPERUSER postgres/, /app: app → \(member, SET\) → postgres → SUPERUSER postgres/, /mid \(nologin\): mid → \(member, SET\) → postgres → SUPERUSER postgres/]],
        predefined_roles: ['Warning', [/superuser postgres: alice,app,mid/]],
        remote_superuser: ['Error', [/alice via line \d+: host all all/, /app via line \d+: host all all/]],
      }, 'membership chain');
      // proof: postgres itself is refused remotely, but alice gets in and becomes it
      await refused(c, remote('postgres'), 'postgres is rejected by the first line');
      const o = await admitted(c, remote('alice', { sql: "SET ROLE postgres; SELECT rolsuper FROM pg_roles WHERE rolname = current_user" }), 'alice over TCP');
      assert.equal(o.rows?.[0]?.rolsuper, true, 'alice acts as a superuser after SET ROLE');

      // 16+: the grants exist but with neither SET nor INHERIT: no SET ROLE, none of postgres's privileges
      await c.query('REVOKE postgres FROM mid; REVOKE postgres FROM app; GRANT postgres TO mid WITH SET FALSE, INHERIT FALSE; GRANT postgres TO app WITH SET FALSE, INHERIT FALSE');
      await expectResults(c, ['access', 'connections'], {
        excessive_admin_privileges: ['Success'],
        superuser_roles: ['Info', [/^1 superuser role\(s\), 1 with LOGIN: postgres\./]],
        remote_superuser: ['Success'],
      }, 'grants WITH SET FALSE, INHERIT FALSE');
      const denied = await attempt(c, remote('alice', { sql: 'SET ROLE postgres' }));
      assert.equal(denied.ok, false);
      assert.match(denied.error ?? '', /permission denied to set role/);
      // INHERIT without SET passes no attribute, but postgres's privileges include owning its
      // functions: app replaces one as SECURITY DEFINER and runs code as postgres (owner rights)
      await c.query(`GRANT postgres TO app WITH INHERIT TRUE; CREATE FUNCTION public.owned_by_postgres() RETURNS boolean LANGUAGE sql AS 'SELECT false'`);
      await expectResults(c, ['access', 'connections'], {
        excessive_admin_privileges: ['Warning', [/app \(superuser-equivalent: app → \(member, INHERIT\) → postgres → \(owner rights: [^)]*\) → SUPERUSER postgres\)/]],
        superuser_roles: ['Warning', [/app: app → \(member, INHERIT\) → postgres → \(owner rights: /]],
        remote_superuser: ['Error', [/app via line \d+: host all all/]],
      }, 'grant WITH SET FALSE, INHERIT TRUE');
      const replaced = await admitted(c, remote('app', { sql: `CREATE OR REPLACE FUNCTION public.owned_by_postgres() RETURNS boolean LANGUAGE sql SECURITY DEFINER
        AS 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user'; SELECT public.owned_by_postgres() AS su` }), 'app replaces a function of postgres');
      assert.equal(replaced.rows?.[0]?.su, true, 'the replaced function runs as the superuser');
      await c.query('DROP FUNCTION public.owned_by_postgres(); REVOKE postgres FROM mid; REVOKE postgres FROM app; REVOKE mid FROM alice');
    });

    test('remote_superuser: +group is explicit membership only, in both directions', async () => {
      // insecure: the +contractors reject line does not apply to postgres (not a member), the next line admits it
      await c.writeHba(['local all all trust', 'host all +contractors 0.0.0.0/0 reject', 'host all all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Error', [/postgres via line \d+: host all all 0\.0\.0\.0/]] }, '+contractors reject');
      await admitted(c, remote('postgres'), 'postgres is not in contractors');
      // secure: +app_users admits app but not postgres (a superuser is no implicit member), nothing else matches postgres
      await c.writeHba(['local all all trust', 'host all +app_users 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Success'] }, '+app_users allow');
      await refused(c, remote('postgres'), 'postgres is not in app_users');
      await admitted(c, remote('app'), 'app is in app_users');
    });

    test('remote_superuser: regular-expression user names and databases', async () => {
      await c.writeHba(['local all all trust', 'host all /^post 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Error', [/postgres via line \d+: host all \/\^post/]] }, '/^post');
      await admitted(c, remote('postgres'), '/^post matches postgres');
      // secure: a regex that only matches app roles; a reject for a regex database covering every database first
      await c.writeHba(['local all all trust', 'host /^(postgres|template1)$ postgres 0.0.0.0/0 reject', 'host all /^ap 0.0.0.0/0 trust',
        'host all all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Success'] }, '/^ap and database regex reject');
      await refused(c, remote('postgres'), 'the database regex rejects postgres', /rejects connection/);
      await admitted(c, remote('app'), '/^ap matches app');
    });

    test('remote_superuser: include files are ordered by rule_number, reject ranges by address', async () => {
      // the included reject comes after the trust line although its line number (1) is smaller
      serverFile(c, 'm_extra.conf', 'host all postgres 0.0.0.0/0 reject\n');
      await c.writeHba(['local all all trust', '# padding', '# padding', 'host all all 0.0.0.0/0 trust', 'include m_extra.conf']);
      await expectResults(c, ['connections'], { remote_superuser: ['Error', [/postgres via line \d+: host all all/]] }, 'include after');
      await admitted(c, remote('postgres'), 'the trust line comes first');
      await c.writeHba(['local all all trust', 'include m_extra.conf', 'host all all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Success'] }, 'include before');
      await refused(c, remote('postgres'), 'the included reject comes first', /rejects connection/);
      // a reject that covers only part of the address space does not protect the rest
      const half = `${ip}/32`;
      await c.writeHba(['local all all trust', `host all postgres ${half} reject`, 'host all all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { remote_superuser: ['Error', [/postgres via line \d+: host all all 0\.0\.0\.0/]] }, 'partial reject');
      await refused(c, remote('postgres'), 'this address is rejected', /rejects connection/);
    });

    test('host_login: cleartext methods, trust with a verified certificate, the rules in force', async () => {
      // radius sends the password in clear like password does (no TLS on this line)
      await c.writeHba(['local all all trust', 'host all all 0.0.0.0/0 radius radiusservers=127.0.0.1 radiussecrets=m-secret']);
      await expectResults(c, ['connections'], { host_login: ['Error', [/radius/]] }, 'radius without TLS');
      const o = await attempt(c, remote('app'));
      assert.equal(o.cleartext, true, 'the server asked for the password in clear text');
      await c.writeHba(['local all all trust', 'hostssl all all 0.0.0.0/0 password']);
      await expectResults(c, ['connections'], { host_login: ['Warning', [/hostssl all all 0\.0\.0\.0\/0\.0\.0\.0 password/]] }, 'password over TLS');
      // a physical replication connection streams the whole cluster: trust on a replication line is as open
      await c.writeHba(['local all all trust', 'host replication all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], {
        host_login: ['Error', [/host replication all 0\.0\.0\.0\/0\.0\.0\.0 trust/]],
        remote_superuser: ['Error', [/postgres via line \d+: host replication all/]],
      }, 'replication trust');
      const rep = await admitted(c, remote('postgres', { replication: true, sql: 'IDENTIFY_SYSTEM' }), 'replication without a password');
      assert.ok(rep.rows?.[0]?.systemid);
      await c.writeHba(['local all all trust', 'host replication all 0.0.0.0/0 reject', 'host all postgres 0.0.0.0/0 reject', 'hostssl all all 0.0.0.0/0 scram-sha-256']);
      await expectResults(c, ['connections'], { host_login: ['Success'], remote_superuser: ['Success'] }, 'replication rejected');
      await refused(c, remote('postgres', { replication: true }), 'replication is rejected', /rejects replication connection/);
      // hostssl trust clientcert=verify-full is cert: refused without a certificate, and for another user
      await c.writeHba(['local all all trust', 'hostssl all all 0.0.0.0/0 trust clientcert=verify-full']);
      await expectResults(c, ['connections'], { host_login: ['Success'] }, 'trust clientcert=verify-full');
      const tls = { rejectUnauthorized: false };
      await refused(c, remote('postgres', { ssl: tls }), 'no client certificate', /certificate|connection|SSL|closed/i);
      await admitted(c, remote('postgres', { ssl: { ...tls, cert: pki.clientCert, key: pki.clientKey } }), 'certificate CN=postgres');
      await refused(c, remote('app', { ssl: { ...tls, cert: pki.clientCert, key: pki.clientKey } }), 'certificate CN=postgres for app', /certificate|authentication/);
      // a line with an error: the reload keeps the old rules (trust); the file is not in force
      await rawHba(c, ['local all all trust', 'hostssl all all 0.0.0.0/0 scram-sha-256', 'host all all 0.0.0.0/0 m_no_such_method'], true);
      await expectResults(c, ['connections'], { host_login: ['Warning', [/not what the server enforces/, /m_no_such_method|invalid authentication method/]] }, 'error line');
      await admitted(c, remote('postgres', { ssl: { ...tls, cert: pki.clientCert, key: pki.clientKey } }), 'the old rules still apply');
      // edited but not reloaded: the file says scram, trust is still loaded
      await c.writeHba(['local all all trust', 'host all all 0.0.0.0/0 trust']);
      await new Promise((r) => setTimeout(r, 1100)); // file times have whole seconds
      await rawHba(c, ['local all all trust', 'host all all 0.0.0.0/0 scram-sha-256'], false);
      await expectResults(c, ['connections'], { host_login: ['Warning', [/not what the server enforces/, /changed after the last reload \(yes\)/]] }, 'not reloaded');
      await admitted(c, remote('app'), 'trust is still in force without a password');
      await c.writeHba(['local all all trust', 'host all all 0.0.0.0/0 scram-sha-256']);
      await expectResults(c, ['connections'], { host_login: ['Success'] }, 'scram reloaded');
      await refused(c, remote('app'), 'scram needs the password', /password authentication failed/);
    });

    test('ssl_usage: hostnossl reject ahead of host lines refuses plaintext', async () => {
      await c.writeHba(['local all all trust', 'hostnossl all all 0.0.0.0/0 reject', 'host all all 0.0.0.0/0 trust']);
      await expectResults(c, ['connections'], { ssl_usage: ['Success'] }, 'hostnossl reject first');
      await refused(c, remote('app'), 'plaintext is rejected', /rejects connection|no encryption/);
      await admitted(c, remote('app', { ssl: { rejectUnauthorized: false } }), 'TLS gets in');
      await c.writeHba(['local all all trust', 'host all all 0.0.0.0/0 trust', 'hostnossl all all 0.0.0.0/0 reject']);
      await expectResults(c, ['connections'], { ssl_usage: ['Warning', [/line \d+: host all all 0\.0\.0\.0/]] }, 'hostnossl reject last');
      const o = await admitted(c, remote('app', { sql: 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' }), 'plaintext gets in');
      assert.equal(o.rows?.[0]?.ssl, false);
    });

    test('unix_socket_login: peer maps that send any OS account to a superuser', async () => {
      const me = os_user();
      serverFile(c, 'pg_ident.conf', `anyone /^(.*)$ postgres\nnamed ${me} postgres\nself /^(.*)$ \\1\n`);
      await c.writeHba(['host all all 127.0.0.1/32 trust', 'local all all peer map=anyone']);
      await expectResults(c, ['connections'], { unix_socket_login: ['Error', [/map anyone line 1: \/\^\(\.\*\)\$ → postgres/]] }, 'regex map to postgres');
      await admitted(c, { user: 'postgres' }, `OS account ${me} logs in as postgres through the map`);
      await c.writeHba(['host all all 127.0.0.1/32 trust', 'local all all peer map=named']);
      await expectResults(c, ['connections'], { unix_socket_login: ['Success'] }, 'named OS account only');
      await refused(c, { user: 'app' }, 'the named map does not admit other roles', /Peer authentication failed/);
      // \1 substitution: every account to the role of its own name is not an open door; a
      // suffix pattern sends "postgres-admin" to postgres
      // (the audit itself logs in through the named line of each map)
      serverFile(c, 'pg_ident.conf', `self /^(.*)$ \\1\nself ${me} postgres\nadmins /^(.*)-admin$ \\1\nadmins ${me} postgres\n`);
      await c.writeHba(['host all all 127.0.0.1/32 trust', 'local all all peer map=self']);
      await expectResults(c, ['connections'], { unix_socket_login: ['Success'] }, 'identity map through \\1');
      await c.writeHba(['host all all 127.0.0.1/32 trust', 'local all all peer map=admins']);
      await expectResults(c, ['connections'], { unix_socket_login: ['Error', [/map admins line 3: .* OS user postgres-admin as postgres/]] }, 'capture to postgres');
      await c.writeHba(['local all all trust']);
    });

    test('settings: the server-wide value, weakening overrides per role/database, pending restart', async () => {
      // compliant only for the auditing role: the server runs with none
      await c.alterSystem({ log_statement: 'none', log_min_error_statement: 'error', password_encryption: 'scram-sha-256' }, 'reload');
      await c.query(`ALTER ROLE postgres SET log_statement = 'ddl'`);
      const groups = ['logging', 'connections'];
      await expectResults(c, groups, { log_statement: ['Warning', [/log_statement is none/]] }, 'override only for the auditor');
      // the reverse: the server logs ddl; the auditor's own session runs with more
      await c.query(`ALTER ROLE postgres SET log_statement = 'all'`);
      await c.alterSystem({ log_statement: 'ddl' }, 'reload');
      await expectResults(c, groups, { log_statement: ['Success', [/log_statement is ddl/]] }, 'stronger override');
      // weakening overrides are named
      await c.query(`ALTER ROLE app SET log_statement = 'none'; ALTER DATABASE template1 SET log_min_error_statement = panic;
        ALTER ROLE alice IN DATABASE postgres SET password_encryption = 'md5'`);
      await expectResults(c, groups, {
        log_statement: ['Warning', [/role app: log_statement=none/]],
        log_min_error_statement: ['Warning', [/database template1: log_min_error_statement=panic/]],
        password_encryption: ['Warning', [/role alice in database postgres: password_encryption=md5/]],
      }, 'weakening overrides');
      await c.query(`ALTER ROLE app RESET log_statement; ALTER DATABASE template1 RESET log_min_error_statement;
        ALTER ROLE alice IN DATABASE postgres RESET password_encryption; ALTER ROLE postgres RESET log_statement`);
      await expectResults(c, groups, { log_statement: ['Success'], log_min_error_statement: ['Success'], password_encryption: ['Success'] }, 'overrides removed');
      // settings checks that read several switches judge their overrides too
      await c.query(`ALTER ROLE app SET lo_compat_privileges = on; ALTER DATABASE template1 SET zero_damaged_pages = on`);
      await expectResults(c, ['settings'], {
        superuser_parameters: ['Warning', [/lo_compat_privileges=on \(role app\)/, /zero_damaged_pages=on \(database template1\)/]],
      }, 'unsafe switches per role/database');
      await c.query(`ALTER ROLE app RESET lo_compat_privileges; ALTER DATABASE template1 RESET zero_damaged_pages`);
      await expectResults(c, ['settings'], { superuser_parameters: ['Success'] }, 'switches reset');
      // a restart would apply listen_addresses = '*': both values are shown
      await c.alterSystem({ listen_addresses: '*' }, 'reload');
      await expectResults(c, ['connections'], {
        listen_addresses: ['Warning', [/runs as 127\.0\.0\.1.* and becomes \* after the next restart/]],
      }, 'pending restart');
      // a monitoring role cannot read the files that hold the pending value: no pass on the running one
      await c.query(`CREATE ROLE m_monitor LOGIN IN ROLE pg_monitor, pg_read_all_settings`);
      const asMonitor = (await audit(c, ['connections'], 'm_monitor')).listen_addresses;
      assert.equal(asMonitor.status, 'Failed', asMonitor.short_description);
      assert.match(asMonitor.short_description, /listen_addresses \(pending restart\) needs SELECT on pg_file_settings/);
      assert.match(asMonitor.full_description, /A restart is pending for listen_addresses.*could not be verified/);
      await c.query('DROP ROLE m_monitor');
      await c.alterSystem({ listen_addresses: `127.0.0.1,${ns.hostV4}` }, 'reload');
      await expectResults(c, ['connections'], { listen_addresses: ['Success'] }, 'nothing pending');
    });

    test('listen_addresses: "0" binds every IPv4 interface as getaddrinfo reads it; loopback alone does not', async () => {
      await c.writeHba(['local all all trust', `host all all ${ip}/32 trust`]);
      try {
        await c.alterSystem({ listen_addresses: '0' }, 'restart');
        await expectResults(c, ['connections'], { listen_addresses: ['Warning', [/listen_addresses is 0: the server listens on every interface/]] }, '"0"');
        await admitted(c, remote('postgres'), 'the namespace reaches the veth\'s host side although no address of it is listed');
        await c.alterSystem({ listen_addresses: '127.0.0.1' }, 'restart');
        await expectResults(c, ['connections'], { listen_addresses: ['Success'] }, 'loopback only');
        await refused(c, remote('postgres'), 'nothing listens on the veth\'s host side', /ECONNREFUSED|ECONNRESET|EPIPE|closed|terminated/);
      } finally {
        await c.alterSystem({ listen_addresses: `127.0.0.1,${ns.hostV4}` }, 'restart');
        await c.writeHba(['local all all trust']);
      }
    });

    test('security_definer_search_path: pg_temp last; SECURITY DEFINER planted in pg_catalog', async () => {
      await c.query(`CREATE FUNCTION public.m_answer() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = admin
        AS 'SELECT v FROM answer'`);
      await expectResults(c, ['access'], { security_definer_search_path: ['Warning', [/public\.m_answer\(\) \(search_path=admin\)/]] }, 'without pg_temp');
      // proof: a caller's temporary table shadows the function's own table
      const client = new pg.Client(c.clientConfig('app'));
      await client.connect();
      try {
        await client.query(`CREATE TEMP TABLE answer (v text); INSERT INTO answer VALUES ('forged')`);
        assert.equal((await client.query('SELECT public.m_answer() AS v')).rows[0].v, 'forged');
        await c.query('ALTER FUNCTION public.m_answer() SET search_path = admin, pg_temp');
        assert.equal((await client.query('SELECT public.m_answer() AS v')).rows[0].v, 'real');
      } finally { await client.end(); }
      await expectResults(c, ['access'], { security_definer_search_path: ['Success'] }, 'pg_temp last');
      await c.query(`CREATE ROLE m_planter NOLOGIN; CREATE FUNCTION pg_catalog.m_backdoor() RETURNS int LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp AS 'SELECT 1'; ALTER FUNCTION pg_catalog.m_backdoor() OWNER TO m_planter`);
      await expectResults(c, ['access'], { security_definer_search_path: ['Error', [/pg_catalog\.m_backdoor\(\) owner m_planter/]] }, 'planted');
      await c.query('REVOKE EXECUTE ON FUNCTION pg_catalog.m_backdoor() FROM PUBLIC');
      await expectResults(c, ['access'], { security_definer_search_path: ['Success'] }, 'planted but not executable by PUBLIC');
      await c.query('DROP FUNCTION pg_catalog.m_backdoor(); DROP FUNCTION public.m_answer()');
    });

    test('tls_configuration: ALL expands to MEDIUM', async () => {
      await c.alterSystem({ ssl_ciphers: 'ALL:!aNULL' }, 'reload');
      await expectResults(c, ['settings'], { tls_configuration: ['Warning', [/ALL without !MEDIUM:!LOW/]] }, 'ALL:!aNULL');
      await c.alterSystem({ ssl_ciphers: 'ALL:!aNULL:!MEDIUM:!LOW' }, 'reload');
      await expectResults(c, ['settings'], { tls_configuration: ['Success'] }, 'ALL without MEDIUM and LOW');
      await c.alterSystem({ ssl_ciphers: 'HIGH:!aNULL:!MD5:!3DES' }, 'reload');
      await expectResults(c, ['settings'], { tls_configuration: ['Success'] }, 'HIGH');
    });

    if (major === 18) {
      test('log_connections: PostgreSQL 18 lists with all', async () => {
        for (const [value, status] of [['all,receipt', 'Success'], ['receipt,all', 'Success'], ['receipt', 'Warning'], ['', 'Warning']] as const) {
          await c.alterSystem({ log_connections: value }, 'reload');
          await expectResults(c, ['logging'], { log_connections: [status] }, `log_connections='${value}'`);
        }
      });

      test('pgaudit_enabled: effective classes after exclusions, DDL, overrides', async () => {
        await c.alterSystem({ shared_preload_libraries: 'pgaudit' }, 'restart');
        await c.query('CREATE EXTENSION IF NOT EXISTS pgaudit');
        const cases: Array<[string, Status, RegExp[]]> = [
          ['-all', 'Warning', [/audits nothing useful/]],
          ['misc_set', 'Warning', [/audits nothing useful/]],
          ['all,-ddl', 'Warning', [/does not audit DDL/]],
          ['write,role', 'Warning', [/does not audit DDL/]],
          // "misc" is misc and misc_set in pgaudit.c: subtracting it removes both
          ['all,-misc', 'Success', [/audits read,write,function,role,ddl\./]],
          ['ddl,write', 'Success', [/audits write,ddl/]],
        ];
        for (const [value, status, text] of cases) {
          await c.alterSystem({ 'pgaudit.log': value }, 'reload');
          await expectResults(c, ['logging'], { pgaudit_enabled: [status, text] }, `pgaudit.log='${value}'`);
        }
        await c.query(`ALTER ROLE app SET pgaudit.log = 'none'`);
        await expectResults(c, ['logging'], { pgaudit_enabled: ['Warning', [/role app: pgAudit is active but pgaudit\.log = none audits nothing useful/]] }, 'pgaudit.log off for app');
        await c.query('ALTER ROLE app RESET pgaudit.log');
      });
    } else {
      test('CLI --all-databases: database-scoped checks see every database, template1 included', async () => {
        await c.query('CREATE DATABASE m_other');
        const other = new pg.Client(c.clientConfig('postgres', 'm_other'));
        await other.connect();
        try {
          await other.query(`CREATE FUNCTION public.m_open() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'`);
        } finally { await other.end(); }
        const out = tempPrefix('alldb');
        const res = await cli(['run', ...connArgs(c), '--config', CATALOG, '--format', 'Json', '--output', out, '--groups', 'access', '--all-databases', '--fail-on', 'never']);
        assert.equal(res.code, 0, res.stderr);
        const read = (db: string) => JSON.parse(readFileSync(`${out}.${db}.json`, 'utf8'));
        const verdictIn = (db: string) => read(db).results.find((r: any) => r.check_id === 'security_definer_search_path');
        for (const db of ['postgres', 'template1', 'm_other']) assert.equal(read(db).run.server.database, db);
        assert.equal(verdictIn('m_other').status, 'Warning');
        assert.match(verdictIn('m_other').short_description, /in m_other/);
        assert.equal(verdictIn('postgres').status, 'Success');
        assert.equal(verdictIn('template1').status, 'Success');
        await c.query('DROP DATABASE m_other');
      });

      test('log_connections: a boolean before 18', async () => {
        await c.alterSystem({ log_connections: 'off' }, 'reload');
        await expectResults(c, ['logging'], { log_connections: ['Warning', [/log_connections is off/]] }, 'off');
        await c.alterSystem({ log_connections: 'on' }, 'reload');
        await expectResults(c, ['logging'], { log_connections: ['Success'] }, 'on');
      });
    }
  });
}

function os_user(): string {
  return execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
}

suite(18);
suite(16);

// Before 16 every membership allows SET ROLE (no grant options), pg_hba has no regex or include,
// and before 15 pg_ident.conf cannot be read from SQL.
describe('PostgreSQL 14', () => {
  let c: Cluster;
  let ns: Netns;
  let host: string;
  before(async () => {
    ns = remoteClients();
    c = await startCluster(await ensureInstall(14), { settings: { listen_addresses: `127.0.0.1,${ns.hostV4}` } });
    await ns.relay(c.port);
    host = ns.via(ns.clientV4[0], c.port);
    await c.query('CREATE ROLE app LOGIN NOINHERIT; CREATE ROLE app_users NOLOGIN; GRANT app_users TO app');
  });
  after(async () => { try { await c?.stop(); } finally { ns?.close(); } });

  test('membership is superuser equivalence even with NOINHERIT; +group and line order', async () => {
    await c.writeHba(['local all all trust', 'host all postgres 0.0.0.0/0 reject', 'host all +app_users 0.0.0.0/0 trust']);
    await c.query('GRANT postgres TO app');
    await expectResults(c, ['access', 'connections'], {
      superuser_roles: ['Warning', [/app: app → \(member, SET\) → postgres → SUPERUSER postgres/]],
      excessive_admin_privileges: ['Warning', [/app \(superuser-equivalent: app → \(member, SET\) → postgres → SUPERUSER postgres\)/]],
      remote_superuser: ['Error', [/app via line \d+: host all \+app_users/]],
    }, 'GRANT postgres TO app (NOINHERIT)');
    await refused(c, { host, user: 'postgres' }, 'postgres is rejected first', /rejects connection/);
    const o = await admitted(c, { host, user: 'app', sql: 'SET ROLE postgres; SELECT rolsuper FROM pg_roles WHERE rolname = current_user' }, 'app over TCP');
    assert.equal(o.rows?.[0]?.rolsuper, true);
    await c.query('REVOKE postgres FROM app');
    await expectResults(c, ['access', 'connections'], {
      superuser_roles: ['Info', [/^1 superuser role\(s\)/]],
      excessive_admin_privileges: ['Success'],
      remote_superuser: ['Success'],
    }, 'membership revoked');
    const denied = await attempt(c, { host, user: 'app', sql: 'SET ROLE postgres' });
    assert.match(denied.error ?? '', /permission denied to set role/);
  });

  test('unix_socket_login: a peer map cannot be read before 15, so it is never Success', async () => {
    serverFile(c, 'pg_ident.conf', 'anyone /^(.*)$ postgres\n');
    await c.writeHba(['host all all 127.0.0.1/32 trust', 'local all all peer map=anyone']);
    await expectResults(c, ['connections'], { unix_socket_login: ['Warning', [/maps \(anyone\) that cannot be read before PostgreSQL 15/]] }, 'map on 14');
    await admitted(c, { user: 'postgres' }, `OS account ${os_user()} logs in as postgres through the map`);
    await c.writeHba(['local all all trust']);
  });
});

// The shared SQL blocks live once in checks/_lib/sql and are put into each check by the compiler.
test('the shared SQL blocks are written once and compiled into every check that includes them', () => {
  const lib = new Map(readdirSync('checks/_lib/sql').map((f) => [f.slice(0, -4), readFileSync(path.join('checks/_lib/sql', f), 'utf8')]));
  lib.set('secret-patterns', secretPatternsSql()); // generated from src/core/secrets/patterns.json
  for (const name of ['priv-graph-input', 'hba-source', 'hba-lines', 'hba-role-match', 'hba-role-class', 'hba-decide', 'hba-first', 'setting-effective']) assert.ok(lib.has(name), name);
  const included = new Map<string, number>();
  // the checks' folders and the facts' (checks/_facts/<id>, compiled to dist/catalog/_facts/<id>)
  for (const group of readdirSync('checks')) {
    if ((group.startsWith('_') && group !== '_facts') || group.endsWith('.json')) continue;
    for (const id of readdirSync(path.join('checks', group))) {
      if (id.endsWith('.json')) continue;
      for (const f of readdirSync(path.join('checks', group, id)).filter((n) => n.endsWith('.sql'))) {
        const source = readFileSync(path.join('checks', group, id, f), 'utf8');
        assert.doesNotMatch(source, /^-- block: /m, `${group}/${id}/${f} carries a copy of a shared block`);
        const compiledPath = path.join('dist/catalog', group, id, f);
        if (group === '_facts' && !existsSync(compiledPath)) continue; // a fact no check reads is not compiled
        const compiled = readFileSync(compiledPath, 'utf8');
        for (const [, name] of source.matchAll(/^-- include: (\S+)$/gm)) {
          // a fact becomes the CTE of its rows (src/core/facts/model.ts factCte)
          const text = name.startsWith('fact:') ? `${name.slice(5)} AS (SELECT * FROM jsonb_to_recordset(sec_check_fact('${name.slice(5)}'))` : lib.get(name)!;
          assert.ok(compiled.includes(text), `${group}/${id}/${f}: ${name} is compiled in`);
          if (!name.startsWith('fact:')) included.set(name, (included.get(name) ?? 0) + 1);
        }
        assert.doesNotMatch(compiled, /^-- include: /m, `${group}/${id}/${f}: every include is expanded`);
      }
    }
  }
  // a fact's query may include blocks too (priv-graph-input: checks/_facts/priv_graph), also when no check reads the fact
  for (const fact of readdirSync('checks/_facts')) {
    for (const f of readdirSync(path.join('checks/_facts', fact)).filter((n) => n.endsWith('.sql'))) {
      for (const [, name] of readFileSync(path.join('checks/_facts', fact, f), 'utf8').matchAll(/^-- include: (\S+)$/gm)) { if (!name.startsWith('fact:')) included.set(name, (included.get(name) ?? 0) + 1); }
    }
  }
  // fix-setting is compiled into the fix queries of `"fix": {"settings": ...}` entries, not into executors
  for (const group of readdirSync('dist/catalog', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const id of readdirSync(path.join('dist/catalog', group))) {
      const fix = path.join('dist/catalog', group, id, 'fix.sql');
      if (!existsSync(fix)) continue;
      const compiled = readFileSync(fix, 'utf8');
      for (const [name, text] of lib) if (compiled.includes(text)) included.set(name, (included.get(name) ?? 0) + 1);
    }
  }
  assert.deepEqual([...included.keys()].sort(), [...lib.keys()].sort(), 'every block is included by some check');
  const problems: string[] = [];
  assert.equal(expandSqlIncludes('-- include: nope\nSELECT 1', lib, 'g/c/query.sql', problems), '-- include: nope\nSELECT 1');
  assert.match(problems.join(), /g\/c\/query\.sql: include "nope": no _lib\/sql\/nope\.sql/);
});
