// The CLI connects as psql does, on a real PostgreSQL 18 that wants SCRAM passwords (and
// offers TLS with a self-signed certificate): -h -p -U -d -w -W, URIs and conninfo strings
// with quoting, a real pg_service.conf (PGSERVICEFILE, then PGSYSCONFDIR), a real ~/.pgpass
// (0600; ignored with libpq's warning when group-readable), PGSSLMODE and the certificate
// keywords, the precedence between them, and a clear "password required". What each run
// connected as is read back from its own report (run.run_by, run.server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, pgRunUser, startCluster, type Cluster } from '../../src/harness/index.ts';
import { CLI, SIMPLE } from './support.ts';

let pg: Cluster;
const dir = mkdtempSync(join(tmpdir(), 'sec-check-conn-'));
const home = join(dir, 'home');
const DB = "o'reilly db"; // a name that needs quoting in conninfo and encoding in a URI

before(async () => {
  mkdirSync(home);
  const install = await ensureInstall(18);
  pg = await startCluster(install, {
    hba: ['local all postgres trust', 'local all all scram-sha-256', 'hostssl all all 127.0.0.1/32 scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256'],
  });
  // a self-signed certificate for localhost (the CA the client trusts in the TLS cases)
  const crt = join(pg.dataDir, 'server.crt');
  const key = join(pg.dataDir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', crt], { stdio: 'ignore' });
  const u = pgRunUser();
  for (const f of [crt, key]) { chmodSync(f, 0o600); if (u) chownSync(f, u.uid, u.gid); }
  execFileSync('cp', [crt, join(dir, 'ca.crt')]);
  await pg.alterSystem({ ssl: 'on' }, 'reload');
  await pg.query(`CREATE ROLE alice LOGIN PASSWORD 'alice-secret'; CREATE ROLE bob LOGIN PASSWORD 'bob: \\secret'`);
  await pg.query(`CREATE DATABASE "${DB}" OWNER alice`);
  await pg.query('CREATE DATABASE alice OWNER alice');
});
after(async () => { await pg?.stop(); });

interface Result { code: number; stdout: string; stderr: string }
/** The CLI with a clean libpq environment (no PG* from the test runner) plus `env`; detached: no terminal to prompt on. */
function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PG/.test(k)));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...clean, HOME: home, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** An audit with the tiny pack, the report on stdout: who and where it connected. */
async function whoAmI(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ user: string; database: string; host: string; port: number; stderr: string }> {
  const r = await cli(['run', '--config', SIMPLE, '--fail-on', 'never', '--output', '-', ...args], env, input);
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  return { user: report.run.run_by, database: report.run.server.database, host: report.run.server.host, port: report.run.server.port, stderr: r.stderr };
}

function pgpass(lines: string[], mode = 0o600, path = join(home, '.pgpass')): string {
  writeFileSync(path, `${lines.join('\n')}\n`);
  chmodSync(path, mode);
  return path;
}
const sock = () => pg.socketDir;
const port = () => String(pg.port);

test('-h -p -U -d (and the long names) with ~/.pgpass at 0600: no deprecation notice, no prompt', async () => {
  pgpass([`${sock()}:${port()}:*:alice:alice-secret`, `127.0.0.1:${port()}:*:alice:alice-secret`]);
  const short = await whoAmI(['-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres']);
  assert.deepEqual([short.user, short.database, short.host, short.port], ['alice', 'postgres', sock(), pg.port]);
  assert.doesNotMatch(short.stderr, /deprecat|^WARNING:|pgpass/im);
  const long = await whoAmI(['--host', sock(), '--port', port(), '--username', 'alice', '--dbname', 'postgres']);
  assert.deepEqual([long.user, long.database], ['alice', 'postgres']);
  // the database defaults to the user name, as in libpq
  assert.equal((await whoAmI(['-h', sock(), '-p', port(), '-U', 'alice'])).database, 'alice');
  // TCP with the default sslmode (prefer): TLS is offered and used; same password line
  assert.equal((await whoAmI(['-h', '127.0.0.1', '-p', port(), '-U', 'alice', '-d', 'postgres'])).user, 'alice');
});

test('a group-readable ~/.pgpass is ignored with the warning libpq gives; then a clear "password required"', async () => {
  const file = pgpass([`*:*:*:alice:alice-secret`], 0o640);
  const r = await cli(['run', '--config', SIMPLE, '--output', '-', '-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trimEnd().split('\n');
  assert.deepEqual(lines[0], `WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less`);
  assert.match(lines[1], new RegExp(`^sec-check run: cannot connect \\(${sock().replace(/[/.]/g, '\\$&')}:${port()} as alice to database postgres\\): password required: the server asks for a password and none was given \\(PGPASSWORD, a line for .* in ${file.replace(/[/.]/g, '\\$&')} with mode 0600, or -W to type it\\)$`));
  assert.equal(lines.length, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /SASL|client password must be a string/);
});

test('no password anywhere: "password required" (with -w too), never the SASL message', async () => {
  pgpass(['# nothing for alice'], 0o600);
  for (const extra of [[], ['-w']]) {
    const r = await cli(['hba', '-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres', ...extra]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^sec-check hba: cannot connect \(.* as alice to database postgres\): password required: the server asks for a password and none was given/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /SASL|must be a string/);
  }
  // a wrong password is the server's own message
  const wrong = await cli(['hba', '-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres'], { PGPASSWORD: 'nope' });
  assert.match(wrong.stderr, /password authentication failed for user "alice"/);
  assert.doesNotMatch(wrong.stderr, /nope/, 'the password is not shown');
});

test('-W reads the password (from stdin when there is no terminal); PGPASSWORD works; escapes in ~/.pgpass', async () => {
  pgpass(['# nothing']);
  const w = await whoAmI(['-W', '-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres'], {}, 'alice-secret\n');
  assert.equal(w.user, 'alice');
  assert.match(w.stderr, /^Password for user alice: /);
  assert.equal((await whoAmI(['-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres'], { PGPASSWORD: 'alice-secret' })).user, 'alice');
  // bob's password holds ':' and '\': escaped in the file as libpq reads it; PGPASSFILE names the file
  const file = pgpass([`${sock().replace(/:/g, '\\:')}:${port()}:postgres:bob:bob\\: \\\\secret`], 0o600, join(dir, 'other-pgpass'));
  assert.equal((await whoAmI(['-h', sock(), '-p', port(), '-U', 'bob', '-d', 'postgres'], { PGPASSFILE: file })).user, 'bob');
});

test('URIs and conninfo strings, with quoting and percent-encoding; their values win over -h/-p/-U', async () => {
  pgpass([`*:*:*:alice:alice-secret`]);
  const conninfo = `host='${sock()}' port=${port()} user=alice dbname='o\\'reilly db' application_name='sec check'`;
  const a = await whoAmI(['-d', conninfo]);
  assert.deepEqual([a.user, a.database, a.host], ['alice', DB, sock()]);
  const uri = `postgresql://alice@${encodeURIComponent(sock())}:${port()}/${encodeURIComponent(DB)}?connect_timeout=10`;
  const b = await whoAmI(['--dbname', uri]);
  assert.deepEqual([b.user, b.database, b.host, b.port], ['alice', DB, sock(), pg.port]);
  const c = await whoAmI(['-d', `postgres:///postgres?host=${encodeURIComponent(sock())}&port=${port()}&user=alice`]);
  assert.deepEqual([c.user, c.database], ['alice', 'postgres']);
  // -U given and the string names another user: the string wins (psql's keyword order)
  const d = await whoAmI(['-U', 'postgres', '-d', `host=${sock()} port=${port()} user=alice dbname=postgres`]);
  assert.equal(d.user, 'alice');
});

test('environment variables fill what the options leave out; options win over them', async () => {
  pgpass([`*:*:*:alice:alice-secret`]);
  const env = { PGHOST: sock(), PGPORT: port(), PGUSER: 'alice', PGDATABASE: 'postgres' };
  const a = await whoAmI([], env);
  assert.deepEqual([a.user, a.database, a.host, a.port], ['alice', 'postgres', sock(), pg.port]);
  const b = await whoAmI(['-U', 'postgres', '-d', DB], env);
  assert.deepEqual([b.user, b.database], ['postgres', DB]);
  const bad = await cli(['hba'], { ...env, PGPORT: 'abc' });
  assert.match(bad.stderr, /^sec-check hba: PGPORT: not a port number: "abc"$/m);
});

test('a real pg_service.conf: PGSERVICEFILE, then PGSYSCONFDIR; explicit values win over the service', async () => {
  pgpass([`*:*:*:alice:alice-secret`]);
  const serviceFile = join(dir, 'services.conf');
  writeFileSync(serviceFile, `# sec-check test\n[other]\nhost=/nowhere\n\n[audit]\nhost=${sock()}\nport=${port()}\nuser=alice\ndbname=${DB}\n# trailing comment\n`);
  const a = await whoAmI([], { PGSERVICEFILE: serviceFile, PGSERVICE: 'audit' });
  assert.deepEqual([a.user, a.database, a.host], ['alice', DB, sock()]);
  const b = await whoAmI(['-d', 'service=audit dbname=postgres'], { PGSERVICEFILE: serviceFile });
  assert.equal(b.database, 'postgres', 'the string\'s dbname wins over the service\'s');
  // not in PGSERVICEFILE: the system-wide file in PGSYSCONFDIR
  const sysconf = join(dir, 'sysconf');
  mkdirSync(sysconf);
  writeFileSync(join(sysconf, 'pg_service.conf'), `[sys]\nhost=${sock()}\nport=${port()}\nuser=alice\ndbname=postgres\n`);
  const c = await whoAmI([], { PGSERVICEFILE: serviceFile, PGSYSCONFDIR: sysconf, PGSERVICE: 'sys' });
  assert.equal(c.user, 'alice');
  const missing = await cli(['hba'], { PGSERVICEFILE: serviceFile, PGSYSCONFDIR: sysconf, PGSERVICE: 'nope' });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, new RegExp(`definition of service "nope" not found \\(looked in ${serviceFile.replace(/[/.]/g, '\\$&')} and`));
  writeFileSync(join(dir, 'broken.conf'), `[audit]\nhost = ${sock()}\n`);
  const broken = await cli(['hba'], { PGSERVICEFILE: join(dir, 'broken.conf'), PGSERVICE: 'audit' });
  assert.match(broken.stderr, /syntax error in service file ".*broken\.conf", line 2 \(unknown keyword "host "\)/);
});

test('sslmode: require and verify-ca/verify-full against the server certificate, disable, and a server name that does not match', async () => {
  pgpass([`*:*:*:alice:alice-secret`]);
  const tcp = ['-h', '127.0.0.1', '-p', port(), '-U', 'alice', '-d', 'postgres'];
  assert.equal((await whoAmI(tcp, { PGSSLMODE: 'require' })).user, 'alice');
  assert.equal((await whoAmI(tcp, { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: join(dir, 'ca.crt') })).user, 'alice');
  assert.equal((await whoAmI(['-d', `host=localhost hostaddr=127.0.0.1 port=${port()} user=alice dbname=postgres sslmode=verify-full sslrootcert=${join(dir, 'ca.crt')}`])).user, 'alice');
  // the certificate is for localhost, not 127.0.0.1: verify-full refuses it
  const mismatch = await cli(['hba', ...tcp], { PGSSLMODE: 'verify-full', PGSSLROOTCERT: join(dir, 'ca.crt') });
  assert.equal(mismatch.code, 2);
  assert.match(mismatch.stderr, /cannot connect \(127\.0\.0\.1:\d+ as alice to database postgres\): .*(IP: 127\.0\.0\.1 is not in the cert's list|does not match certificate)/);
  // verify-full without a root certificate: libpq's message
  const noRoot = await cli(['hba', ...tcp], { PGSSLMODE: 'verify-full' });
  assert.match(noRoot.stderr, /root certificate file ".*\.postgresql\/root\.crt" does not exist; either provide the file or change sslmode to disable server certificate verification/);
  // the server takes TLS connections only on hostssl lines... and plain ones on host lines: disable goes plain
  assert.equal((await whoAmI(tcp, { PGSSLMODE: 'disable' })).user, 'alice');
});

test('on a terminal (a pty from script(1)), the password is asked for when the server wants one, without echo', async () => {
  pgpass(['# nothing for alice']);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PG/.test(k)));
  const command = [process.execPath, CLI, 'hba', '-h', sock(), '-p', port(), '-U', 'alice', '-d', 'postgres'].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const out = await new Promise<string>((done, fail) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...clean, HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    let typed = false;
    const onData = (b: Buffer) => {
      text += b;
      if (!typed && /Password for user alice: /.test(text)) { typed = true; child.stdin.write('alice-secret\r'); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', () => { clearTimeout(timer); child.stdin.destroy(); done(text); });
  });
  assert.match(out, /Password for user alice: /);
  assert.doesNotMatch(out, /alice-secret/, 'not echoed');
  // logged in: the next problem is the role's missing privilege, not the password
  assert.match(out, /cannot read pg_hba_file_rules as this role/);
});
