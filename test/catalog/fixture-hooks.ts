// The part of the check fixtures that needs code: the test servers every fixtures.json runs
// on, the values its texts may name ({{port}}, {{logDir}}, {{extDir}}, {{pgUser}}), and the
// named hooks a step lists in "hooks" (run after the step's settings, pg_hba.conf and SQL).
// A hook may return a reason why its step cannot be shown on this machine: the step's
// expectations are then reported as a diagnostic instead of asserted.
//
// Objects every PostgreSQL 18 fixture may use: roles m_role (NOLOGIN) and m_repl (LOGIN
// REPLICATION, scram password, VALID UNTIL 2099), schema m_s, table m_t (id int, owner text),
// the pg_ident.conf map "m" (any OS user to postgres, auditor, plain), a self-signed
// certificate as server.crt/server.key. The 14 server is another initdb: no data checksums,
// port 5432 (Unix socket only), pg_wal on another filesystem when the machine has one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import type { FixtureServer } from '../../build/check-fixtures.ts';

export interface FixtureEnv {
  major: FixtureServer;
  cluster: Cluster;
  /** {{name}} values for fixture texts */
  vars: Record<string, string>;
  /** pg_wal directory on another filesystem (14), when there is one */
  walDir: string | null;
  /** what hooks changed and must put back */
  saved: Map<string, unknown>;
  stop(): Promise<void>;
}

/** Owned by the PostgreSQL OS user (the harness runs the server as it when we are root). */
function giveToServer(p: string): void {
  const u = pgRunUser();
  if (u) chownSync(p, u.uid, u.gid);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll a boolean query (first column of the first row) until it is true. */
export async function waitFor(c: Cluster, sql: string, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rows = await c.query(sql);
    if (rows[0] && Object.values(rows[0])[0] === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows)}`);
    await sleep(100);
  }
}

/** Self-signed server.crt/server.key in the data directory (the ssl_*_file defaults), 0600, owned by the server user. */
function makeCert(dataDir: string): void {
  const crt = path.join(dataDir, 'server.crt');
  const key = path.join(dataDir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', key, '-out', crt], { stdio: 'ignore' });
  for (const f of [crt, key]) { chmodSync(f, 0o600); giveToServer(f); }
}

/** Start a fixture server with its shared objects. */
export async function startFixtureServer(major: FixtureServer): Promise<FixtureEnv> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `sec_check-fixtures-${major}-`));
  chmodSync(scratch, 0o755);
  const saved = new Map<string, unknown>();
  if (major === 18) {
    const logDir = path.join(scratch, 'pglog');
    const extDir = path.join(scratch, 'ext'); // extension_control_path entry holding a stand-in "anon"
    mkdirSync(logDir, { mode: 0o700 });
    giveToServer(logDir);
    mkdirSync(path.join(extDir, 'extension'), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(extDir, 'extension', 'anon.control'),
      "comment = 'sec_check test stand-in for PostgreSQL Anonymizer'\ndefault_version = '1.0'\nrelocatable = true\n");
    writeFileSync(path.join(extDir, 'extension', 'anon--1.0.sql'), 'CREATE FUNCTION anon_stand_in() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n');
    const cluster = await startCluster(await ensureInstall(18));
    try {
      assert.notEqual(cluster.port, 5432, 'the 18 server is not on the default port');
      makeCert(cluster.dataDir);
      writeFileSync(path.join(cluster.dataDir, 'pg_ident.conf'), 'm /^.*$ postgres\nm /^.*$ auditor\nm /^.*$ plain\n');
      await cluster.query(`CREATE ROLE m_role NOLOGIN; CREATE SCHEMA m_s; CREATE TABLE m_t (id int, owner text);
        CREATE ROLE m_repl LOGIN REPLICATION PASSWORD 'm-repl-pw-1' VALID UNTIL '2099-01-01'`);
    } catch (e) { await cluster.stop(); throw e; }
    const account = pgRunUser()?.name ?? os.userInfo().username;
    return {
      major, cluster, walDir: null, saved,
      vars: { port: String(cluster.port), logDir, extDir, pgUser: account },
      async stop() { await cluster.stop(); rmSync(scratch, { recursive: true, force: true }); },
    };
  }
  // pg_wal on another filesystem than the data directory (tmpfs /dev/shm on most Linux hosts)
  const walParent = ['/dev/shm', '/run/shm', '/var/tmp'].find((d) => {
    try { return statSync(d).dev !== statSync(os.tmpdir()).dev && (statSync(d).mode & 0o1777) === 0o1777; } catch { return false; }
  });
  const walDir = walParent ? path.join(walParent, `sec_check-wal-${process.pid}-${Date.now()}`) : null;
  // Unix socket only, so port 5432 cannot clash with anything (the socket directory is private)
  const cluster = await startCluster(await ensureInstall(14), { port: 5432, listenTcp: false, initdbArgs: walDir ? ['--waldir', walDir] : [] });
  return {
    major, cluster, walDir, saved,
    vars: { port: String(cluster.port) },
    async stop() {
      await cluster.stop();
      if (walDir) rmSync(walDir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

// ---- hooks ---------------------------------------------------------------------------------
type Hook = (env: FixtureEnv, ...args: string[]) => Promise<string | void>;

async function switchWal(c: Cluster): Promise<void> {
  await c.query('CREATE TABLE IF NOT EXISTS m_wal (x int); INSERT INTO m_wal VALUES (1); SELECT pg_switch_wal()');
}

async function tlsSession(c: Cluster): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port: c.port, user: 'postgres', database: 'postgres', ssl: { rejectUnauthorized: false } });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl === true;
  } finally { await client.end().catch(() => {}); }
}

const octal = (mode: string) => {
  if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`expected an octal mode, found ${JSON.stringify(mode)}`);
  return parseInt(mode, 8);
};

/** The PGDATA owner's login profile, when we are root and it has a POSIX login shell and a home. */
function loginProfile(): { account: string; profile: string } | null {
  const account = pgRunUser();
  const entry = account && readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === account.name);
  const home = entry?.[5];
  const shell = path.basename(entry?.[6] ?? '');
  if (!account || !home || !['bash', 'sh', 'dash'].includes(shell) || !statSync(home, { throwIfNoEntry: false })?.isDirectory()) return null;
  return { account: account.name, profile: path.join(home, shell === 'bash' ? '.bash_profile' : '.profile') };
}

export const HOOKS: Record<string, Hook> = {
  /** SELECT pg_reload_conf(), returning once new sessions run with the reloaded files (a
   *  postmaster setting changed by the step's SQL is then pending a restart) */
  async reload_conf(env) {
    const before = (await env.cluster.query('SELECT pg_conf_load_time()::text AS t'))[0].t as string;
    await env.cluster.query('SELECT pg_reload_conf()');
    await waitFor(env.cluster, `SELECT pg_conf_load_time() > '${before}'::timestamptz`, 'the configuration reload');
  },
  /** a TCP session with ssl negotiates TLS (the certificate works) */
  async tls_works(env) {
    assert.equal(await tlsSession(env.cluster), true, 'a TCP session with ssl negotiates TLS');
  },
  async archive_fails(env) {
    await switchWal(env.cluster);
    await waitFor(env.cluster, 'SELECT failed_count > 0 FROM pg_stat_archiver', 'a failed archive attempt');
  },
  async archive_recovers(env) {
    await switchWal(env.cluster);
    await waitFor(env.cluster, `SELECT archived_count > 0 AND last_archived_time >= coalesce(last_failed_time, '-infinity') FROM pg_stat_archiver`,
      'a successful archive after the failures');
  },
  /** roles a non-superuser case audits as: auditor (pg_monitor, pg_read_all_settings) and plain */
  async audit_roles(env) {
    await env.cluster.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditor') THEN
        CREATE ROLE auditor LOGIN; GRANT pg_monitor, pg_read_all_settings TO auditor; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plain') THEN CREATE ROLE plain LOGIN; END IF;
    END $$`);
  },
  async chmod_hba(env, mode) {
    const hba = (await env.cluster.query('SHOW hba_file'))[0].hba_file as string;
    chmodSync(hba, octal(mode));
  },
  async chmod_pgdata(env, mode) {
    chmodSync(env.cluster.dataDir, octal(mode));
  },
  /** PG_VERSION says another major ("restore": the original); the running server does not read it again */
  async pg_version(env, version) {
    const file = path.join(env.cluster.dataDir, 'PG_VERSION');
    if (!env.saved.has('PG_VERSION')) env.saved.set('PG_VERSION', readFileSync(file, 'utf8'));
    writeFileSync(file, version === 'restore' ? (env.saved.get('PG_VERSION') as string) : `${version}\n`);
  },
  /** a umask line at the end of the PGDATA owner's login profile ("restore": the original profile) */
  async login_umask(env, mask) {
    const login = loginProfile();
    if (!login) return 'not root, or the server account has no home directory and POSIX login shell: the login-umask side is not shown';
    if (!env.saved.has('profile')) env.saved.set('profile', statSync(login.profile, { throwIfNoEntry: false }) ? readFileSync(login.profile, 'utf8') : null);
    const before = env.saved.get('profile') as string | null;
    if (mask === 'restore') {
      if (before === null) rmSync(login.profile, { force: true }); else writeFileSync(login.profile, before);
      return;
    }
    writeFileSync(login.profile, `${before ?? ''}\numask ${mask}\n`);
    giveToServer(login.profile);
  },
  /** the umask of this process, which shell probes inherit ("restore": the original) */
  async process_umask(env, mask) {
    if (mask === 'restore') { process.umask(env.saved.get('umask') as number); return; }
    const old = process.umask(octal(mask));
    if (!env.saved.has('umask')) env.saved.set('umask', old);
  },
  /** a 14 server whose pg_wal is on another filesystem than the data directory */
  async separate_wal(env) {
    if (!env.walDir) return 'no world-writable directory on another filesystem than the temp dir: pg_wal stays beside the data';
  },
  /** comment out the sighup/user lines initdb wrote to postgresql.conf, reload */
  async strip_config(env) {
    const c = env.cluster;
    const rows = await c.query<{ sourcefile: string; sourceline: number }>(
      `SELECT sourcefile, sourceline FROM pg_settings WHERE context IN ('sighup', 'user') AND source = 'configuration file'`);
    assert.ok(rows.length > 0, 'initdb wrote sighup/user settings');
    const file = rows[0].sourcefile;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const row of rows) { assert.equal(row.sourcefile, file); lines[row.sourceline - 1] = `#${lines[row.sourceline - 1]}`; }
    writeFileSync(file, lines.join('\n'));
    await c.alterSystem({}, 'reload');
    await waitFor(c, `SELECT count(*) = 0 FROM pg_settings WHERE context IN ('sighup', 'user') AND source = 'configuration file'`, 'the stripped configuration');
  },
  /** standby.signal and a restart: a hot standby of a primary that is never reachable */
  async become_standby(env) {
    const signal = path.join(env.cluster.dataDir, 'standby.signal');
    writeFileSync(signal, '');
    giveToServer(signal);
    await env.cluster.restart();
  },
  async assert_standby(env) {
    assert.equal((await env.cluster.query('SELECT pg_is_in_recovery() AS standby'))[0].standby, true, 'the server is a standby');
  },
};

/** Run one "name arg..." hook; returns the reason its step cannot be shown, if any. */
export async function runHook(env: FixtureEnv, spec: string): Promise<string | void> {
  const [name, ...args] = spec.split(' ');
  const hook = HOOKS[name];
  if (!hook) throw new Error(`unknown fixture hook ${JSON.stringify(name)} (test/catalog/fixture-hooks.ts has: ${Object.keys(HOOKS).join(', ')})`);
  return hook(env, ...args);
}
