// Issue 11, reading and ingesting: pgaudit's object audit trail on a real PostgreSQL 18 with
// pgaudit preloaded (pgaudit.role = 'auditor'), driven through PostgreSQL 18's own psql, the
// server logging to stderr, csvlog and jsonlog at once through the logging collector. Proves:
// the object-audit scenario yields exactly its four OBJECT events (and none for what is not
// logged), the three formats parse to identical events, hostile statements (quotes, an
// "AUDIT: OBJECT" string literal, non-UTF-8 bytes, a 10 MB statement, a RAISE LOG forgery)
// neither crash nor lose nor invent anything, and ingestion is exactly-once across
// re-runs, pg_rotate_logfile(), a reused file name and a torn last line.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { ensureClientTools18 } from '../../src/harness/client-tools.ts';
import { CLI, cli, connArgs, startPg18WithSecCheck } from './support.ts';
import { NO_LOCATION } from '../../src/core/pgaudit/index.ts';

const PREFIX = '%m [%p] %q%u@%d %r %a ';
let pg: Cluster;
let psqlBin: string;
let logDir: string;

/** Runs a script through psql over TCP (so the log has a client address), as a user would. */
function psql(sql: string | Buffer, database = 'postgres', user = 'postgres'): string {
  return execFileSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(pg.port), '-U', user, '-d', database],
    { input: sql, env: { ...process.env, PGAPPNAME: 'psql' }, maxBuffer: 64 * 1024 * 1024 }).toString();
}

/** Waits until the collector has written `needle` into every format's current file. */
async function waitLogged(needle: string): Promise<void> {
  const end = Date.now() + 20_000;
  for (;;) {
    const files = readdirSync(logDir);
    const ok = ['.log', '.csv', '.json'].every((ext) => files.filter((f) => f.endsWith(ext)).some((f) => readFileSync(join(logDir, f)).includes(needle)));
    if (ok) return;
    if (Date.now() > end) throw new Error(`not in the logs within 20 s: ${needle}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A marker entry in the log: pgaudit OBJECT-audits nothing here, log_statement is off; RAISE LOG writes one line. */
async function mark(tag: string): Promise<void> {
  await pg.query(`DO $$BEGIN RAISE LOG 'marker ${tag}'; END$$`);
  await waitLogged(`marker ${tag}`);
}

// The object-audit scenario, typed as a psql script (psql sends each statement without its ';').
const SCENARIO = `CREATE TABLE account
(
    id int,
    name text,
    password text,
    description text
);
GRANT SELECT (password) ON public.account TO auditor;
SELECT id, name FROM account;
SELECT password FROM account;
GRANT UPDATE (name, password) ON public.account TO auditor;
UPDATE account SET description = 'yada, yada';
UPDATE account SET password = 'HASH2';
CREATE TABLE account_role_map
(
    account_id int,
    role_id int
);
GRANT SELECT ON public.account_role_map TO auditor;
SELECT account.password, account_role_map.role_id
  FROM account
  INNER JOIN account_role_map ON account.id = account_role_map.account_id;
`;
const JOIN = 'SELECT account.password, account_role_map.role_id\n  FROM account\n  INNER JOIN account_role_map ON account.id = account_role_map.account_id';
const EXPECTED = [
  [1, 1, 'READ', 'SELECT', 'TABLE', 'public.account', 'SELECT password FROM account'],
  [2, 1, 'WRITE', 'UPDATE', 'TABLE', 'public.account', "UPDATE account SET password = '***'"], // masked: a string after a secret name (src/core/sql-mask.ts)
  [3, 1, 'READ', 'SELECT', 'TABLE', 'public.account', JOIN],
  [3, 1, 'READ', 'SELECT', 'TABLE', 'public.account_role_map', JOIN],
];

interface Row { [k: string]: unknown }
const jsonLines = (out: string): Row[] => out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const summaryOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').pop()!);
const content = (r: Row) => { const { file_key, log_file, log_offset, ...rest } = r; void file_key; void log_file; void log_offset; return rest; };
const tuple = (r: Row) => [Number(r.statement_id), Number(r.substatement_id), r.class, r.command, r.object_type, r.object_name, r.statement];

before(async () => {
  psqlBin = (await ensureClientTools18()).psql;
  pg = await startPg18WithSecCheck({
    sharedPreload: ['pgaudit'],
    settings: {
      log_destination: 'stderr,csvlog,jsonlog', logging_collector: true, log_line_prefix: PREFIX, log_file_mode: '0644',
      log_rotation_age: 0, log_rotation_size: 0, 'pgaudit.role': 'auditor',
    },
  });
  logDir = join(pg.dataDir, 'log');
  await pg.query('CREATE EXTENSION pgaudit');
  await pg.query('CREATE USER auditor NOSUPERUSER LOGIN');
  await pg.query('CREATE ROLE ingester LOGIN');
  await pg.query(`SELECT sec_check.grant_pgaudit_ingest('ingester')`);
});
after(async () => { await pg?.stop(); });

describe('pgaudit object audit trail on PostgreSQL 18', () => {
  test('the scenario through psql: exactly its four OBJECT events, stored by a least-privileged ingester', async () => {
    psql(SCENARIO);
    await mark('scenario-done');
    const r = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'stderr', '--store', ...connArgs(pg, 'ingester')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(summaryOf(r.stderr).events, 4, r.stderr);
    const rows = await pg.query(`SELECT * FROM sec_check.audit_events ORDER BY log_offset`);
    assert.deepEqual(rows.map(tuple), EXPECTED);
    for (const row of rows) {
      assert.equal(row.origin, 'unverifiable', 'no source locations, and %u, %d, %a in the prefix: the log cannot show pgaudit wrote it');
      assert.equal(row.audit_type, 'OBJECT');
      assert.equal(row.parameters, '<not logged>');
      assert.equal(row.user_name, 'postgres');
      assert.equal(row.database_name, 'postgres');
      assert.match(row.client, /^127\.0\.0\.1:\d+$/);
      assert.ok(row.logged_at instanceof Date && Math.abs(Date.now() - row.logged_at.getTime()) < 600_000, String(row.logged_at));
      assert.ok(Number(row.pid) > 0);
    }
    assert.equal(rows[2].pid, rows[3].pid);
    // what the scenario does not log: column-less SELECT, the description UPDATE, DDL, GRANTs
    const all = await pg.query<{ statement: string }>('SELECT statement FROM sec_check.audit_events');
    for (const s of ['SELECT id, name FROM account', "UPDATE account SET description = 'yada, yada'"]) assert.ok(!all.some((x) => x.statement === s), s);
    assert.ok(!all.some((x) => /^(CREATE|GRANT)/.test(x.statement)));
    // the ingester may append and move its own progress, nothing more
    const own = await pg.query(`SELECT has_table_privilege('ingester', 'sec_check.audit_events', 'SELECT') AS s,
      has_table_privilege('ingester', 'sec_check.audit_events', 'DELETE') AS d, has_table_privilege('ingester', 'sec_check.runs', 'SELECT') AS runs`);
    assert.deepEqual(own[0], { s: false, d: false, runs: false });
    // again: nothing new
    const again = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'stderr', '--store', ...connArgs(pg, 'ingester')]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(summaryOf(again.stderr).events, 0);
    assert.equal((await pg.query('SELECT count(*)::int AS n FROM sec_check.audit_events'))[0].n, 4);
  });

  test('stderr, csvlog and jsonlog of the same server parse to identical events', async () => {
    const byFormat: Record<string, Row[]> = {};
    for (const format of ['stderr', 'csvlog', 'jsonlog']) {
      const r = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', format, '--log-line-prefix', PREFIX]);
      assert.equal(r.code, 0, `${format}: ${r.stderr}`);
      byFormat[format] = jsonLines(r.stdout);
    }
    assert.equal(byFormat.stderr.length, 4);
    assert.deepEqual(byFormat.stderr.map(tuple), EXPECTED);
    assert.deepEqual(byFormat.csvlog.map(content), byFormat.stderr.map(content));
    assert.deepEqual(byFormat.jsonlog.map(content), byFormat.stderr.map(content));
    // a wrong log_line_prefix finds nothing and says so, naming file and offset
    const wrong = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'stderr', '--log-line-prefix', '%t <%u> ']);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /^sec-check pgaudit: postgresql-[^@]+\.log@0: line does not match log_line_prefix "%t <%u> " \(skipped\)$/m);
    assert.equal(summaryOf(wrong.stderr).events, 0);
    // auto picks one format (csvlog here), never all three
    const auto = await cli(['pgaudit', 'ingest', '--log-dir', logDir]);
    assert.equal(auto.code, 0, auto.stderr);
    assert.deepEqual(jsonLines(auto.stdout), byFormat.csvlog);
  });

  test('in the database: sec_check.pgaudit_ingest() finds the same events and shares progress with the CLI', async () => {
    await pg.query(`CREATE ROLE db_ingester LOGIN; SELECT sec_check.grant_pgaudit_ingest('db_ingester', true)`);
    const c = await pg.connect('db_ingester');
    const first = (await c.query(`SELECT sec_check.pgaudit_ingest('jsonlog') AS r`)).rows[0].r;
    // no source locations in this server's log (log_error_verbosity default): unverifiable, and why
    assert.deepEqual({ ...first, files: first.files > 0 }, {
      format: 'jsonlog', files: true, events: 4, unverifiable: 4, unverifiable_why: [NO_LOCATION], bytes: first.bytes, waiting: 0, problems: [],
    });
    const cols = 'logged_at, pid, user_name, database_name, client, audit_type, statement_id, substatement_id, class, command, object_type, object_name, statement, parameters';
    const inDb = await pg.query(`SELECT ${cols} FROM sec_check.audit_events WHERE log_file LIKE '%.json' ORDER BY log_offset`);
    const byCli = await pg.query(`SELECT ${cols} FROM sec_check.audit_events WHERE log_file LIKE '%.log' ORDER BY log_offset`);
    assert.deepEqual(inDb.map(tuple), EXPECTED);
    assert.deepEqual(inDb, byCli, 'the in-database parse of jsonlog equals the CLI parse of stderr');
    assert.equal((await c.query(`SELECT sec_check.pgaudit_ingest('jsonlog') AS r`)).rows[0].r.events, 0, 'nothing twice');
    // the stderr files were ingested by the CLI: same file keys, same state, nothing new here
    assert.equal((await c.query(`SELECT sec_check.pgaudit_ingest('stderr') AS r`)).rows[0].r.events, 0);
    // the CLI-only grant does not open the function; a role without file access is told why
    await assert.rejects(pg.connect('ingester').then((x) => x.query(`SELECT sec_check.pgaudit_ingest()`)), /permission denied for function pgaudit_ingest/);
    await pg.query(`CREATE ROLE no_files LOGIN; SELECT sec_check.grant_pgaudit_ingest('no_files');
      GRANT EXECUTE ON FUNCTION sec_check.pgaudit_ingest(text, integer) TO no_files`);
    await assert.rejects(pg.connect('no_files').then((x) => x.query(`SELECT sec_check.pgaudit_ingest()`)), /role no_files cannot read the server log/);
    await assert.rejects(c.query(`SELECT sec_check.pgaudit_ingest('xml')`), /format must be auto, stderr, csvlog or jsonlog, not 'xml'/);
  });

  test('hostile statements: quotes, AUDIT: OBJECT in a literal, a forged RAISE LOG, non-UTF-8 bytes, 10 MB', async () => {
    const quoteHeavy = `SELECT password FROM account WHERE password IN ('"', '""', 'a,"b",c', '''', E'\\\\"') AND "password" <> 'x'`;
    const literal = `SELECT password FROM account WHERE name = 'x\n2026-01-01 00:00:00.000 UTC [1] eve@postgres 1.2.3.4(5) psql LOG:  AUDIT: OBJECT,9,9,WRITE,DELETE,TABLE,public.secret,DELETE FROM secret,<not logged>'`;
    const big = `SELECT password FROM account WHERE password <> '${'0123456789abcdef, "x"\n'.repeat(480_000)}'`;
    psql(`${quoteHeavy};\n${literal};\n${big};\nDO $$BEGIN RAISE LOG 'AUDIT: OBJECT,99,1,READ,SELECT,TABLE,public.fake,SELECT 1,<not logged>'; END$$;\n`);
    // invalid UTF-8 reaches the log from a SQL_ASCII database, where the server keeps bytes as sent
    await pg.query(`CREATE DATABASE raw_bytes ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    psql(`CREATE TABLE t (v text); GRANT SELECT ON t TO auditor;`, 'raw_bytes');
    psql(Buffer.concat([Buffer.from("SELECT v FROM t WHERE v = 'caf"), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from("';\n")]), 'raw_bytes');
    await mark('hostile-done');
    const results: Record<string, { rows: Row[]; stderr: string; code: number }> = {};
    for (const format of ['stderr', 'csvlog', 'jsonlog']) {
      const r = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', format, '--log-line-prefix', PREFIX]);
      results[format] = { rows: jsonLines(r.stdout), stderr: r.stderr, code: r.code };
    }
    for (const [format, { rows, stderr, code }] of Object.entries(results)) {
      // the forgery is reported and skipped: exit 1, one problem naming the CONTEXT
      assert.equal(code, 1, `${format}: ${stderr}`);
      assert.equal(summaryOf(stderr).problems, 1, `${format}: ${stderr}`);
      assert.match(stderr, /@\d+: AUDIT-looking message with an error CONTEXT/);
      const later = rows.slice(4);
      assert.deepEqual(later.map((r) => r.statement), [quoteHeavy, literal, big, "SELECT v FROM t WHERE v = 'caf\uFFFD\uFFFD\uFFFD'"], format);
      assert.ok(later.every((r) => r.audit_type === 'OBJECT' && r.command === 'SELECT'));
      assert.equal(later[3].database_name, 'raw_bytes');
      assert.ok(!rows.some((r) => r.object_name === 'public.secret' || r.object_name === 'public.fake'), 'nothing invented');
    }
    assert.deepEqual(results.csvlog.rows.map(content), results.stderr.rows.map(content));
    assert.deepEqual(results.jsonlog.rows.map(content), results.stderr.rows.map(content));
    // --store takes them too (the 10 MB statement included), still once
    const s = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'csvlog', '--store', ...connArgs(pg, 'ingester')]);
    assert.equal(s.code, 1, s.stderr);
    const stored = await pg.query(`SELECT length(statement) AS len, statement FROM sec_check.audit_events WHERE file_key LIKE 'sha256:%' AND log_file LIKE '%.csv' ORDER BY log_offset`);
    assert.equal(stored.length, 8);
    assert.equal(stored[6].len, big.length);
    assert.equal(stored[7].statement, "SELECT v FROM t WHERE v = 'caf\uFFFD\uFFFD\uFFFD'");
  });

  test('exactly once across re-runs and pg_rotate_logfile(): every entry once, in the database and with a state file', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'pgaudit-state-')), 'state.json');
    const printed: Row[] = [];
    const run = async (args: string[]) => {
      const r = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'stderr', ...args]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      return r;
    };
    const both = async () => {
      printed.push(...jsonLines((await run(['--log-line-prefix', PREFIX, '--state', state])).stdout));
      await run(['--store', ...connArgs(pg, 'ingester')]);
    };
    await both();
    const before = printed.length;
    psql('SELECT password FROM account; SELECT password FROM account WHERE id = 1;');
    await mark('pre-rotate');
    const filesBefore = readdirSync(logDir).filter((f) => f.endsWith('.log'));
    await both(); // ingest, then rotate and write more
    await pg.query('SELECT pg_rotate_logfile()');
    await new Promise((r) => setTimeout(r, 1200)); // a new file name needs a new second
    await pg.query('SELECT pg_rotate_logfile()');
    psql('SELECT password FROM account WHERE id = 2;');
    await mark('post-rotate');
    assert.ok(readdirSync(logDir).filter((f) => f.endsWith('.log')).length > filesBefore.length, 'rotated to a new file');
    await both();
    await both(); // and once more: nothing new
    const fresh = jsonLines((await run(['--log-line-prefix', PREFIX])).stdout);
    assert.equal(printed.length, fresh.length);
    assert.equal(printed.length, before + 3);
    assert.deepEqual(printed, fresh, 'state-file runs printed every entry once, in order');
    const stored = await pg.query(`SELECT file_key, log_offset::int AS log_offset FROM sec_check.audit_events WHERE log_file LIKE '%.log' ORDER BY id`);
    assert.deepEqual(stored.map((r) => `${r.file_key}@${r.log_offset}`).sort(), fresh.map((r) => `${r.file_key}@${r.log_offset}`).sort());
    const st = await pg.query(`SELECT count(*)::int AS files, sum(events)::int AS events FROM sec_check.audit_ingest_state WHERE log_format = 'stderr'`);
    assert.equal(st[0].events, fresh.length, 'the state counts each event once');
    assert.ok(st[0].files >= 2);
  });

  test('--follow picks up entries as they are written and stops cleanly on SIGTERM', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'pgaudit-follow-')), 'state.json');
    const args = ['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'jsonlog', '--state', state];
    await cli(args); // catch up first: the follower then only sees what comes next
    const child = spawn(process.execPath, [CLI, ...args, '--follow', '--poll-interval', '0.2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { err += b; });
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    try {
      psql('SELECT password FROM account WHERE id = 42;');
      const end = Date.now() + 30_000;
      while (!out.includes('WHERE id = 42') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      assert.ok(out.includes('WHERE id = 42'), `not followed within 30 s: ${err}`);
      await new Promise((r) => setTimeout(r, 600)); // a few more polls: still once
    } finally {
      child.kill('SIGTERM');
    }
    const code = await exited;
    assert.ok(code === 0 || code === 1, `exit ${code}: ${err}`);
    const rows = jsonLines(out);
    assert.equal(rows.length, 1, out);
    assert.equal(rows[0].statement, 'SELECT password FROM account WHERE id = 42');
  });

  test('a reused file name is a new file; a torn last line waits for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgaudit-reuse-'));
    const state = join(dir, '..', `${dir.split('/').pop()}-state.json`);
    const src = readdirSync(logDir).filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join(logDir, f)));
    const first = src[0];
    const cut = first.indexOf('AUDIT: OBJECT,3,1');
    assert.ok(cut > 0);
    const run = async () => {
      const r = await cli(['pgaudit', 'ingest', '--log-dir', dir, '--format', 'stderr', '--log-line-prefix', PREFIX, '--state', state]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      return { rows: jsonLines(r.stdout), summary: summaryOf(r.stderr) };
    };
    const name = join(dir, 'postgresql.log');
    writeFileSync(name, first.subarray(0, cut)); // torn in the middle of the join's first event
    const a = await run();
    // the UPDATE's entry before the torn line waits too: the torn bytes could be its CONTEXT line
    assert.deepEqual(a.rows.map(tuple), EXPECTED.slice(0, 1));
    assert.equal(a.summary.waiting, 1);
    assert.equal(a.summary.pending.length, 1);
    assert.equal(a.summary.pending[0].file, 'postgresql.log');
    assert.equal(a.summary.pending[0].offset + a.summary.pending[0].bytes, cut, 'the torn part is named with its offset and size');
    appendFileSync(name, first.subarray(cut));
    const b = await run();
    assert.deepEqual(b.rows.slice(0, 3).map(tuple), EXPECTED.slice(1));
    const total = a.rows.length + b.rows.length;
    assert.equal(total, jsonLines((await cli(['pgaudit', 'ingest', '--log-dir', dir, '--format', 'stderr', '--log-line-prefix', PREFIX])).stdout).length);
    // the name is reused for another file (log_truncate_on_rotation): new content, read from 0
    const other = src[src.length - 1];
    rmSync(name);
    writeFileSync(name, other);
    const c = await run();
    const otherAlone = jsonLines((await cli(['pgaudit', 'ingest', '--log-dir', dir, '--format', 'stderr', '--log-line-prefix', PREFIX])).stdout);
    assert.ok(otherAlone.length > 0);
    assert.deepEqual(c.rows, otherAlone);
    // a renamed (or copied) file is the same file: nothing again
    copyFileSync(name, join(dir, 'postgresql.log.1'));
    const d = await run();
    assert.equal(d.rows.length, 0);
    assert.ok(statSync(state).size > 0);
    mkdirSync(join(dir, 'sub')); // directories are ignored
    assert.equal((await run()).rows.length, 0);
  });
});
