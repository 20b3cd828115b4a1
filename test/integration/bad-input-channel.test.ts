// Bad input for the findings channel (run --channel, channel flush) and sec-check fleet:
// each case exits 2 with ONE line on stderr naming the file, the key and the value, prints
// no stack, writes no file and creates nothing in the channel's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { cli, connArgs } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startCluster(await ensureInstall(18, { extras: false })); });
after(async () => { await pg?.stop(); });

interface Ctx { dir: string; file: (name: string, text: string, mode?: number) => string; conn: string[] }
interface Case { name: string; args: (c: Ctx) => string[]; stderr: RegExp }

/** A channel file: [alerts.postgres] pointing at the test server plus `body` lines. */
const channel = (c: Ctx, body: string, head = '') => {
  const base = { host: JSON.stringify(pg.socketDir), port: String(pg.port), dbname: '"other"' };
  const lines = Object.entries(base).filter(([k]) => !new RegExp(`^${k} =`, 'm').test(body)).map(([k, v]) => `${k} = ${v}`);
  return c.file('ch.toml', `${head}[alerts.postgres]\n${lines.join('\n')}\n${body}\n`);
};
const run = (name: string, stderr: RegExp, body: string | ((c: Ctx) => string[])): Case => ({
  name, stderr,
  args: (c) => ['run', ...c.conn, '--groups', 'connections', '--output', join(c.dir, 'out'), ...(typeof body === 'string' ? ['--channel', channel(c, body), '--spool-dir', join(c.dir, 'spool')] : body(c))],
});
const server = (lines: string) => `[[servers]]\n${lines}\n`;
const fleet = (name: string, stderr: RegExp, inventory: string | null, extra: (c: Ctx) => string[] = () => []): Case => ({
  name, stderr,
  args: (c) => {
    const more = extra(c);
    return ['fleet', ...(inventory === null ? [] : ['--inventory', c.file('inv.toml', inventory)]), ...(more.includes('--output') ? [] : ['--output', join(c.dir, 'fleet')]), ...more];
  },
});
const okServer = server('name = "a"\nhost = "/tmp"');

const cases: Case[] = [
  // ---- channel file: identifiers ----
  run('schema with a hyphen', /ch\.toml: alerts\.postgres\.schema: not a plain identifier: "pg-sense"/, 'schema = "pg-sense"'),
  run('table with a double quote', /ch\.toml: alerts\.postgres\.table: not a plain identifier: "fin\\"dings"/, `table = 'fin"dings'`),
  run('table with a dot', /alerts\.postgres\.table: not a plain identifier: "pgsense\.findings"/, 'table = "pgsense.findings"'),
  run('schema with a space', /alerts\.postgres\.schema: not a plain identifier: "pg sense"/, 'schema = "pg sense"'),
  run('table starting with a digit', /alerts\.postgres\.table: not a plain identifier: "1findings"/, 'table = "1findings"'),
  run('schema of 64 characters', /alerts\.postgres\.schema: not a plain identifier: "s{64}"/, `schema = "${'s'.repeat(64)}"`),
  run('schema with a non-ASCII letter', /alerts\.postgres\.schema: not a plain identifier: "sch[^"]*ma"/, 'schema = "schéma"'),
  // ---- channel file: keys and values ----
  run('a typo in a key', /ch\.toml: unknown key alerts\.postgres\.tabel \(allowed in \[alerts\.postgres\]: name, host, port, dbname, username, password, schema, table, tls, trusted_owners\)/, 'tabel = "x"'),
  run('trusted_owners not an array', /alerts\.postgres\.trusted_owners: expected an array of strings, got "admin"/, 'trusted_owners = "admin"'),
  run('trusted_owners with an empty name', /alerts\.postgres\.trusted_owners\[1\]: expected a non-empty string, got ""/, 'trusted_owners = ["admin", ""]'),
  run('trusted_owners with a name over 63 bytes', /alerts\.postgres\.trusted_owners\[0\]: longer than 63 bytes \(not a role name\)/, `trusted_owners = ["${'r'.repeat(64)}"]`),
  run('an unknown top-level table', /ch\.toml: unknown key alert \(allowed: alerts, scan\)/, (c) => ['--channel', c.file('ch.toml', '[alert.postgres]\nhost = "x"\n')]),
  run('no [alerts.postgres]', /ch\.toml: no \[alerts\.postgres\] table/, (c) => ['--channel', c.file('ch.toml', '[scan]\nexclude_tables = []\n')]),
  run('another alert channel', /ch\.toml: unknown key alerts\.slack \(allowed in \[alerts\]: postgres\)/, (c) => ['--channel', c.file('ch.toml', '[alerts.slack]\nurl = "x"\n')]),
  run('port as a string', /alerts\.postgres\.port: not a port number: "5432"/, 'port = "5432"'),
  run('port 70000', /alerts\.postgres\.port: not a port number: 70000/, 'port = 70000'),
  run('port 0', /alerts\.postgres\.port: not a port number: 0/, 'port = 0'),
  run('host empty', /alerts\.postgres\.host: empty value ""/, 'host = ""'),
  run('dbname a number', /alerts\.postgres\.dbname: expected a string, got 5/, 'dbname = 5'),
  run('tls.enabled "yes"', /alerts\.postgres\.tls\.enabled: expected true or false, got "yes"/, '[alerts.postgres.tls]\nenabled = "yes"'),
  run('unknown tls key', /unknown key alerts\.postgres\.tls\.verify/, '[alerts.postgres.tls]\nverify = true'),
  run('password file missing', /alerts\.postgres\.password\.file: ".*nope\.pw": file not found/, 'password = { file = "nope.pw" }'),
  run('password file readable by others', /alerts\.postgres\.password\.file: ".*open\.pw" is readable by group or others \(mode 644\)/, (c) => {
    c.file('open.pw', 'secret\n', 0o644);
    return ['--channel', channel(c, 'password = { file = "open.pw" }')];
  }),
  run('password file empty', /alerts\.postgres\.password\.file: ".*empty\.pw" is empty/, (c) => {
    c.file('empty.pw', '\n', 0o600);
    return ['--channel', channel(c, 'password = { file = "empty.pw" }')];
  }),
  run('password table with another key', /unknown key alerts\.postgres\.password\.path \(allowed in \[alerts\.postgres\.password\]: file\)/, 'password = { path = "x" }'),
  run('password a number', /alerts\.postgres\.password: expected a table, got 5/, 'password = 5'),
  run('invalid TOML', /ch\.toml: invalid TOML at line 5, column \d+/, 'schema = '),
  run('channel file missing', /--channel .*none\.toml: file not found/, (c) => ['--channel', join(c.dir, 'none.toml')]),
  run('channel file is a directory', /--channel .*: is a directory, not a file/, (c) => ['--channel', c.dir]),
  run('--channel empty', /--channel: empty value ""/, () => ['--channel', '']),
  run('exclude_tables with a bad name', /ch\.toml: scan\.exclude_tables\[0\]: not a table name: "a-b"/, (c) => ['--channel', channel(c, '', '[scan]\nexclude_tables = ["a-b"]\n')]),
  run('exclude_tables not an array', /ch\.toml: scan\.exclude_tables: expected an array of strings, got "findings"/, (c) => ['--channel', channel(c, '', '[scan]\nexclude_tables = "findings"\n')]),
  run('--spool-dir without --channel', /--spool-dir: only with --channel FILE/, (c) => ['--spool-dir', join(c.dir, 'spool')]),
  run('channel is the audited database', /ch\.toml: the channel \(.*\/postgres table pgsense\.findings\) is the database being audited \(postgres\).*detection loop/, (c) =>
    ['--channel', c.file('ch.toml', `[alerts.postgres]\nhost = ${JSON.stringify(pg.socketDir)}\nport = ${pg.port}\n`)]),
  // ---- channel flush ----
  { name: 'channel flush without --channel', args: () => ['channel', 'flush'], stderr: /channel flush: --channel FILE is required/ },
  { name: 'channel flush with a bad channel file', args: (c) => ['channel', 'flush', '--channel', channel(c, 'table = "a-b"')], stderr: /alerts\.postgres\.table: not a plain identifier: "a-b"/ },
  { name: 'channel without a subcommand', args: () => ['channel'], stderr: /unknown command "channel"/ },
  { name: 'channel flush with a spool under /proc (it exited 0)', args: (c) => ['channel', 'flush', '--channel', channel(c, ''), '--spool-dir', '/proc/self/sec-check-spool'], stderr: /--spool-dir \/proc\/self\/sec-check-spool: \/proc\/self is on the proc pseudo file system/ },
  { name: 'channel flush with a spool that is a file', args: (c) => ['channel', 'flush', '--channel', channel(c, ''), '--spool-dir', c.file('spool-file', 'x')], stderr: /--spool-dir .*spool-file: it is not a directory \(a regular file\)/ },
  { name: 'channel flush with an unknown option', args: (c) => ['channel', 'flush', '--channel', channel(c, ''), '--force'], stderr: /Unknown option '--force'/ },
  // ---- fleet ----
  fleet('fleet without --inventory', /fleet: --inventory FILE is required/, null),
  fleet('inventory missing', /--inventory .*gone\.toml: file not found/, null, (c) => ['--inventory', join(c.dir, 'gone.toml')]),
  fleet('inventory without servers', /inv\.toml: no \[\[servers\]\] tables: nothing to audit/, '# nothing\n'),
  fleet('inventory with servers not a list', /inv\.toml: servers: expected \[\[servers\]\] tables, got 5/, 'servers = 5\n'),
  fleet('inventory with an unknown table', /inv\.toml: unknown key server \(allowed: servers\)/, '[server]\nname = "a"\n'),
  fleet('server without a name', /inv\.toml: servers\[1\]\.name: missing \(required\)/, server('host = "/tmp"')),
  fleet('server without a host', /inv\.toml: servers\[2\]\.host: missing \(required\)/, okServer + server('name = "b"')),
  fleet('duplicate server names', /inv\.toml: servers\[2\]\.name: duplicate name "a" \(also servers\[1\]\)/, okServer + server('name = "a"\nhost = "/tmp"')),
  fleet('server port 0', /inv\.toml: servers\[1\]\.port: not a port number: 0/, server('name = "a"\nhost = "/tmp"\nport = 0')),
  fleet('server port a string', /inv\.toml: servers\[1\]\.port: not a port number: "x"/, server('name = "a"\nhost = "/tmp"\nport = "x"')),
  fleet('a typo in a server key', /inv\.toml: unknown key servers\[1\]\.hostname \(allowed in \[servers\[1\]\]: name, host, port, database, user, password_file, tags, groups\)/, server('name = "a"\nhostname = "/tmp"')),
  fleet('unknown check group', /inv\.toml: servers\[1\]\.groups\[0\]: unknown group "nope"; the pack has: /, server('name = "a"\nhost = "/tmp"\ngroups = ["nope"]')),
  fleet('empty groups list', /inv\.toml: servers\[1\]\.groups: empty list/, server('name = "a"\nhost = "/tmp"\ngroups = []')),
  fleet('tags not a list', /inv\.toml: servers\[1\]\.tags: expected an array of strings, got "prod"/, server('name = "a"\nhost = "/tmp"\ntags = "prod"')),
  fleet('password_file readable by others', /inv\.toml: servers\[1\]\.password_file: ".*pw" is readable by group or others/, server('name = "a"\nhost = "/tmp"\npassword_file = "pw"'), (c) => { c.file('pw', 'x\n', 0o640); return []; }),
  fleet('invalid inventory TOML', /inv\.toml: invalid TOML at line 2/, '[[servers]]\nname = "a\n'),
  fleet('--concurrency 0', /--concurrency: not a whole number from 1 to 256: "0"/, okServer, () => ['--concurrency', '0']),
  fleet('--concurrency abc', /--concurrency: not a whole number from 1 to 256: "abc"/, okServer, () => ['--concurrency', 'abc']),
  fleet('--timeout 5x', /--timeout: not a duration: "5x"/, okServer, () => ['--timeout', '5x']),
  fleet('--output under /proc', /--output: .*proc pseudo filesystem/, okServer, () => ['--output', '/proc/self/fleet']),
  // ---- passwords inside values: refused, the message masks them (and nothing is written) ----
  fleet('host as a URI with a password', /inv\.toml: servers\[1\]\.host: holds a password \("postgresql:\/\/auditor:\*\*\*\*@db1\.example:5432\/app"\): give it in password_file/,
    server('name = "a"\nhost = "postgresql://auditor:Hunter2-in-uri@db1.example:5432/app"')),
  fleet('database as a key=value string with a password', /inv\.toml: servers\[1\]\.database: holds a password \("dbname=app password=\*\*\*\*"\)/,
    server('name = "a"\nhost = "/tmp"\ndatabase = "dbname=app password=Hunter2-conninfo"')),
  fleet('host as a URI without a password', /inv\.toml: servers\[1\]\.host: a connection URI or key=value string is not a host name: "postgres:\/\/db1\/app"/,
    server('name = "a"\nhost = "postgres://db1/app"')),
  fleet('a tag with a query-string password', /inv\.toml: servers\[1\]\.tags\[1\]: holds a password \("see postgresql:\/\/db1\/app\?sslmode=require&password=\*\*\*\*"\)/,
    server('name = "a"\nhost = "/tmp"\ntags = ["prod", "see postgresql://db1/app?sslmode=require&password=Hunter2-query"]')),
  run('channel host as a URI with a password', /ch\.toml: alerts\.postgres\.host: holds a password \("postgresql:\/\/w:\*\*\*\*@central\/db"\)/, 'host = "postgresql://w:Hunter2-channel@central/db"'),
  run('channel dbname as a key=value string', /ch\.toml: alerts\.postgres\.dbname: a connection URI or key=value string is not a database name: "host=central dbname=x"/, 'dbname = "host=central dbname=x"'),
  run('a password in a value that is refused for another reason', /ch\.toml: alerts\.postgres\.port: not a port number: "postgresql:\/\/w:\*\*\*\*@h"/, 'port = "postgresql://w:Hunter2-port@h"'),
  fleet('fleet with a bad channel file', /--channel .*ch\.toml: alerts\.postgres\.schema: not a plain identifier: "a;b"/, okServer, (c) => ['--channel', channel(c, 'schema = "a;b"')]),
];

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(join(rel, e.name));
      if (e.isDirectory()) walk(join(d, e.name), join(rel, e.name));
    }
  };
  walk(dir, '');
  return out.sort();
}

test('the channel and fleet bad-input table has 50 cases or more', () => {
  assert.ok(cases.length >= 50, `${cases.length}`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const c of cases) {
  test(c.name, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sec-check-bad-ch-'));
    const ctx: Ctx = {
      dir,
      conn: connArgs(pg),
      file: (name, text, mode = 0o600) => { const p = join(dir, name); writeFileSync(p, text); chmodSync(p, mode); return p; },
    };
    const args = c.args(ctx);
    const treeBefore = listTree(dir);
    const res = await cli(args);
    const line = res.stderr.trimEnd();
    assert.equal(res.code, 2, `exit code; stderr: ${res.stderr}; stdout: ${res.stdout}`);
    assert.doesNotMatch(line, /\n/, `one line on stderr, got:\n${res.stderr}`);
    assert.doesNotMatch(line, /\bat .*:\d+:\d+\)?$/m, 'no stack trace');
    assert.match(line, c.stderr);
    assert.doesNotMatch(`${res.stdout}${res.stderr}`, /Hunter2/, 'a password in the input is never printed');
    assert.deepEqual(listTree(dir), treeBefore, 'no file written (report, spool)');
    assert.deepEqual(await pg.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'pgsense'`), [], 'nothing created in the audited server');
  });
}
