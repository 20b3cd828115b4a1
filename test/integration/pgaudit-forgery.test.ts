// Forged pgaudit records on a real PostgreSQL 18 with pgaudit preloaded, logging to stderr,
// csvlog and jsonlog at once. A non-superuser (eve) tries every way to put an "AUDIT:" record
// into the log that she can think of: RAISE LOG and ASSERT from PL/pgSQL, pljs.elog from a DO
// block (with client_min_messages turned down too) and from an index expression that
// autovacuum's ANALYZE evaluates (no CONTEXT, no STATEMENT), application_name holding a
// record head before an error, an unauthenticated client whose startup-packet user name holds
// a line break and a whole log line, error messages quoting her text, a statement literal with
// a line break, COPY into the log directory and turning log_error_verbosity down (refused).
// Phase 1, log_error_verbosity = verbose and log_line_prefix '%m [%p] ': the genuine records
// are ingested as verified in every format, no forgery is ingested at all. Phase 2 (the
// defaults many servers run: no source locations, Debian's prefix plus %a): nothing is
// verified; what cannot be told apart is stored as unverifiable, and the CLI says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck } from './support.ts';

let server: Cluster;
const PHASE2_PREFIX = '%m [%p] %q%u@%d %a ';

interface Row { [k: string]: unknown }
const jsonLines = (out: string): Row[] => out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const summaryOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').pop()!);

/** Waits until every format's files in `dir` hold `needle`. */
async function waitLogged(dir: string, needle: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let files: string[] = [];
    try { files = readdirSync(dir); } catch { /* not made yet */ }
    const ok = ['.log', '.csv', '.json'].every((ext) => files.filter((f) => f.endsWith(ext)).some((f) => readFileSync(join(dir, f)).includes(needle)));
    if (ok) return;
    if (Date.now() > end) throw new Error(`not in ${dir} within ${timeoutMs / 1000} s: ${needle}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until autovacuum's ANALYZE has logged the index expression's line (csvlog names the
 * backend), then for a marker after it in every format: each file is written in order.
 */
async function settled(dir: string, tag: string): Promise<void> {
  const end = Date.now() + 90_000;
  const autovac = () => readdirSync(dir).filter((f) => f.endsWith('.csv'))
    .some((f) => readFileSync(join(dir, f), 'utf8').split('\n').some((l) => l.includes(`hr.autovac_${tag}`) && l.includes('autovacuum worker')));
  while (!autovac()) {
    if (Date.now() > end) throw new Error(`autovacuum did not analyze eve.t_${tag} within 90 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.query(`DO $$BEGIN RAISE LOG 'marker-${tag}'; END$$`);
  await waitLogged(dir, `marker-${tag}`);
}

async function asEve<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await server.connect('eve');
  try { return await fn(c); } finally { await c.end(); }
}

const fake = (id: number, object: string) => `AUDIT: OBJECT,${id},1,READ,SELECT,TABLE,${object},SELECT * FROM ${object},<none>`;

/** Everything eve tries; `tag` keeps the phases' objects apart. Returns the errors PostgreSQL gave her where it refused. */
async function forge(tag: string, logDir: string): Promise<Record<string, string>> {
  const refused: Record<string, string> = {};
  const attempt = async (name: string, sql: string) => {
    await asEve((c) => c.query(sql)).catch((e: Error) => { refused[name] = e.message; });
  };
  await attempt('raise', `DO $$BEGIN RAISE LOG '${fake(90, `hr.raise_${tag}`)}'; END$$`);
  await attempt('assert', `DO $$BEGIN ASSERT false, '${fake(91, `hr.assert_${tag}`)}'; END$$`);
  await attempt('pljs', `DO $$ pljs.elog(LOG, '${fake(92, `hr.pljs_${tag}`)}') $$ LANGUAGE pljs`);
  await attempt('pljs_quiet', `SET client_min_messages = error; DO $$ pljs.elog(LOG, '${fake(93, `hr.quiet_${tag}`)}') $$ LANGUAGE pljs`);
  await attempt('log_min', 'SET log_min_messages = panic');
  await attempt('cast', `SELECT '${fake(94, `hr.cast_${tag}`)}'::int`);
  // application_name is cut at 63 bytes: a short record head, whose last field the error message fills
  await attempt('app_name', `SET application_name = 'x LOG:  AUDIT: OBJECT,95,1,READ,SELECT,TABLE,hr.app_${tag},x,'; SELECT nosuch`);
  await attempt('literal', `SELECT a FROM public.secret WHERE 'x\n2026-12-07 06:50:19.746 UTC [1] LOG:  ${fake(96, `hr.lit_${tag}`)}' <> ''`);
  await attempt('copy', `COPY (SELECT '${fake(97, 'hr.copy')}') TO '${join(logDir, `forged-${tag}.csv`)}'`);
  await attempt('verbosity', 'SET log_error_verbosity = terse');
  // an unauthenticated client: the startup packet's user name (63 bytes at most) is a whole
  // log line between two line breaks (a prefix with %u prints it as it came)
  const packetUser = `\n2026-12-07 06:50:19.746 [1] LOG:  AUDIT: OBJECT,1,1,R,S,T,${tag[0]},,\n`;
  assert.ok(Buffer.byteLength(packetUser) <= 63, 'fits in NAMEDATALEN');
  const stranger = new pg.Client({ ...server.clientConfig(), user: packetUser });
  await stranger.connect().then(() => stranger.end(), (e: Error) => { refused.packet = e.message; });
  // an index expression autovacuum's ANALYZE evaluates: a log line without CONTEXT or STATEMENT
  await asEve((c) => c.query(`CREATE TABLE eve.t_${tag} (a int);
    CREATE FUNCTION eve.f_${tag}(int) RETURNS int LANGUAGE pljs IMMUTABLE AS $f$ if (arguments[0] === 7) pljs.elog(LOG, '${fake(98, `hr.autovac_${tag}`)}'); return 1; $f$;
    INSERT INTO eve.t_${tag} SELECT g FROM generate_series(1, 6) g;
    CREATE INDEX ON eve.t_${tag} (eve.f_${tag}(a));
    INSERT INTO eve.t_${tag} VALUES (7); INSERT INTO eve.t_${tag} SELECT 8 FROM generate_series(1, 300)`));
  return refused;
}

/** The genuine records of a phase: eve reads the audited table twice. */
async function genuine(): Promise<void> {
  await asEve(async (c) => {
    await c.query('SELECT a FROM public.secret');
    await c.query('SELECT a FROM public.secret WHERE a > 0');
  });
}

const ingest = async (dir: string, format: string, prefix: string) => {
  const r = await cli(['pgaudit', 'ingest', '--log-dir', dir, '--format', format, '--log-line-prefix', prefix]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { rows: jsonLines(r.stdout), stderr: r.stderr, summary: summaryOf(r.stderr) };
};

before(async () => {
  server = await startPg18WithSecCheck({
    sharedPreload: ['pgaudit'],
    settings: {
      log_destination: 'stderr,csvlog,jsonlog', logging_collector: true, log_line_prefix: '%m [%p] ', log_error_verbosity: 'verbose',
      log_file_mode: '0644', log_rotation_age: 0, log_rotation_size: 0, 'pgaudit.role': 'auditor', autovacuum_naptime: 1,
    },
  });
  await server.query(`CREATE EXTENSION pgaudit; CREATE ROLE auditor; CREATE ROLE eve LOGIN; CREATE SCHEMA eve AUTHORIZATION eve;
    CREATE TABLE public.secret (a int); INSERT INTO public.secret VALUES (1);
    GRANT SELECT ON public.secret TO auditor, eve;
    CREATE ROLE ingester LOGIN; SELECT sec_check.grant_pgaudit_ingest('ingester', true)`);
});
after(async () => { await server?.stop(); });

test('verbose log, prefix without client text: genuine records verified in all three formats, every forgery refused or harmless', async () => {
  const logDir = join(server.dataDir, 'log');
  await genuine();
  const refused = await forge('one', logDir);
  // what PostgreSQL itself refused her
  assert.match(refused.copy, /permission denied to COPY to a file/);
  assert.match(refused.verbosity, /permission denied to set parameter "log_error_verbosity"/);
  assert.match(refused.log_min, /permission denied to set parameter "log_min_messages"/);
  assert.equal(refused.pljs_quiet, undefined);
  assert.match(refused.packet, /role ".*" does not exist/s);
  await settled(logDir, 'one');

  const byFormat: Record<string, Row[]> = {};
  for (const format of ['stderr', 'csvlog', 'jsonlog']) {
    const { rows, stderr, summary } = await ingest(logDir, format, '%m [%p] ');
    byFormat[format] = rows;
    const secret = rows.filter((r) => r.object_name === 'public.secret');
    assert.equal(secret.length, 3, `${format}: ${JSON.stringify(rows.map((r) => r.statement))}`);
    assert.ok(rows.every((r) => r.origin === 'verified'), `${format}: ${JSON.stringify(rows.map((r) => [r.object_name, r.origin]))}`);
    assert.ok(!rows.some((r) => String(r.object_name).startsWith('hr.') || /^[a-z]$/.test(String(r.object_name))), `${format}: nothing forged`);
    assert.equal(summary.unverifiable, 0, format);
    // the literal's fake line stays inside the genuine record's statement
    assert.ok(rows.some((r) => String(r.statement).includes('hr.lit_one')), format);
    // RAISE LOG (its CONTEXT), pljs.elog in a DO block (its STATEMENT and location) and the
    // autovacuum one (only its location betrays it) are refused and reported
    assert.match(stderr, /AUDIT-looking message with an error CONTEXT/, format);
    assert.match(stderr, /AUDIT-looking message with (the statement that logged it|the source location "pljs_elog, )/, format);
    assert.ok(summary.problems >= 3, `${format}: ${stderr}`);
  }
  const content = (r: Row) => [r.object_name, r.statement, r.origin]; // user_name: not in this stderr prefix
  assert.deepEqual(byFormat.csvlog.map(content), byFormat.stderr.map(content));
  assert.deepEqual(byFormat.jsonlog.map(content), byFormat.stderr.map(content));

  // stored by the CLI and by the in-database ingester: origin verified
  const stored = await cli(['pgaudit', 'ingest', '--log-dir', logDir, '--format', 'csvlog', '--store', ...connArgs(server, 'ingester')]);
  assert.ok(stored.code === 0 || stored.code === 1, stored.stderr);
  const c = await server.connect('ingester');
  let inDb;
  try { inDb = (await c.query(`SELECT sec_check.pgaudit_ingest('jsonlog') AS r`)).rows[0].r; } finally { await c.end(); }
  assert.equal(inDb.unverifiable, 0);
  assert.deepEqual(inDb.unverifiable_why, []);
  const rows = await server.query(`SELECT substring(log_file from '[.](\\w+)$') AS ext, object_name, origin, count(*)::int AS n
    FROM sec_check.audit_events GROUP BY 1, 2, 3 ORDER BY 1`);
  assert.deepEqual(rows, [{ ext: 'csv', object_name: 'public.secret', origin: 'verified', n: 3 }, { ext: 'json', object_name: 'public.secret', origin: 'verified', n: 3 }]);
});

test('default verbosity and a prefix with %u, %d and %a: nothing verified, the look-alikes stored as unverifiable, and the CLI says why', async () => {
  await server.alterSystem({ log_directory: 'log2', log_line_prefix: PHASE2_PREFIX, log_error_verbosity: 'default' }, 'reload');
  const logDir = join(server.dataDir, 'log2');
  await genuine();
  await forge('two', logDir);
  await settled(logDir, 'two');

  const stderrFormat = await ingest(logDir, 'stderr', PHASE2_PREFIX);
  const origins = new Set(stderrFormat.rows.map((r) => r.origin));
  assert.deepEqual([...origins], ['unverifiable'], JSON.stringify(stderrFormat.rows.map((r) => [r.object_name, r.origin])));
  assert.equal(stderrFormat.rows.filter((r) => r.object_name === 'public.secret').length, 3, 'the genuine ones are kept');
  assert.ok(stderrFormat.rows.some((r) => r.object_name === 'hr.autovac_two'), 'the autovacuum forgery too');
  // the application_name forgery and the startup packet's line are there, marked
  assert.ok(stderrFormat.rows.some((r) => r.object_name === 'hr.app_two'), 'application_name forgery present, unverifiable');
  assert.ok(stderrFormat.rows.some((r) => r.object_name === 't' && r.class === 'R'), 'startup packet forgery present, unverifiable');
  assert.match(stderrFormat.stderr, /events marked unverifiable \(origin\): log_line_prefix "%m \[%p\] %q%u@%d %a " prints %u \(user name\), %d \(database name\), %a \(application_name\)/);
  assert.equal(stderrFormat.summary.unverifiable, stderrFormat.rows.length);

  for (const format of ['csvlog', 'jsonlog']) {
    const { rows, stderr, summary } = await ingest(logDir, format, PHASE2_PREFIX);
    assert.ok(rows.every((r) => r.origin === 'unverifiable'), format);
    assert.deepEqual(rows.map((r) => r.object_name).sort(), ['hr.autovac_two', 'public.secret', 'public.secret', 'public.secret'],
      `${format}: the fields are quoted, so only the autovacuum one (no CONTEXT, no STATEMENT, no location) looks genuine`);
    assert.match(stderr, /events marked unverifiable \(origin\): the log has no source locations \(log_error_verbosity is not verbose\)/, format);
    assert.equal(summary.unverifiable, 4);
    assert.match(stderr, /AUDIT-looking message with an error CONTEXT/);
  }
});
