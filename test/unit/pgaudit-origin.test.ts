// Telling pgaudit's records from look-alikes on hand-written log text in the shapes a real
// PostgreSQL 18 writes (test/integration/pgaudit-forgery.test.ts makes them on a server):
// with log_error_verbosity = verbose each format carries the source location, which only
// pgaudit's log_audit_event gives its records; pljs.elog, RAISE LOG and errors carry their own
// (and their STATEMENT or CONTEXT) and are refused; without the location, or with a stderr
// log_line_prefix a client can write into (%a, %u, %d), records are kept as unverifiable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePrefix, readAuditEvents, type LogFormat } from '../../src/core/pgaudit/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const read = (text: string, format: LogFormat, prefix = '%m [%p] ') =>
  readAuditEvents(enc(text), { format, prefix: compilePrefix(prefix), file: 'f', baseOffset: 0 });

const REC = 'AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.t,SELECT a FROM t,<not logged>';
const FAKE = 'AUDIT: OBJECT,7,1,READ,SELECT,TABLE,hr.salaries,SELECT * FROM hr.salaries,<none>';

// stderr, verbose, prefix '%m [%p] '
const STDERR_VERBOSE = `2026-12-07 06:50:11.842 UTC [18824] LOG:  00000: ${REC}
2026-12-07 06:50:11.842 UTC [18824] LOCATION:  log_audit_event, pgaudit.c:881
2026-12-07 06:50:11.926 UTC [18832] LOG:  00000: ${FAKE}
2026-12-07 06:50:11.926 UTC [18832] LOCATION:  pljs_elog, functions.c:223
2026-12-07 06:50:11.926 UTC [18832] STATEMENT:  DO $$ pljs.elog(LOG, '${FAKE}') $$ LANGUAGE pljs
2026-12-07 06:50:19.746 UTC [19140] LOG:  00000: ${FAKE}
2026-12-07 06:50:19.746 UTC [19140] CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE
2026-12-07 06:50:19.746 UTC [19140] LOCATION:  exec_stmt_raise, pl_exec.c:3923
`;

const csvq = (s: string) => `"${s.replace(/"/g, '""')}"`;
const csv = (pid: number, msg: string, o: { context?: string; query?: string; location?: string; severity?: string } = {}) =>
  `2026-12-07 06:50:11.926 UTC,"eve","postgres",${pid},"[local]",6b165723.4990,1,"DO",2026-12-07 06:50:11 UTC,4/2,0,${o.severity ?? 'LOG'},00000,${csvq(msg)},,,,,${o.context ? csvq(o.context) : ''},${o.query ? csvq(o.query) : ''},,${o.location ? csvq(o.location) : ''},"psql","client backend",,0\n`;
const json = (pid: number, msg: string, o: Record<string, unknown> = {}) =>
  `${JSON.stringify({ timestamp: '2026-12-07 06:50:11.926 UTC', user: 'eve', dbname: 'postgres', pid, remote_host: '[local]', error_severity: 'LOG', message: msg, ...o, backend_type: 'client backend' })}\n`;

test('verbose logs: pgaudit\'s records are verified in all three formats, pljs.elog and RAISE LOG are refused by their location, statement or context', () => {
  const csvlog = csv(18824, REC, { location: 'log_audit_event, pgaudit.c:881' })
    + csv(18832, FAKE, { query: `DO $$ pljs.elog(LOG, '${FAKE}') $$ LANGUAGE pljs`, location: 'pljs_elog, functions.c:223' })
    + csv(18833, FAKE, { location: 'pljs_elog, functions.c:223' }) // no statement (a background worker, say): the location still tells
    + csv(19140, FAKE, { context: 'PL/pgSQL function inline_code_block line 1 at RAISE', location: 'exec_stmt_raise, pl_exec.c:3923' });
  const jsonlog = json(18824, REC, { func_name: 'log_audit_event', file_name: 'pgaudit.c', file_line_num: 881 })
    + json(18832, FAKE, { statement: 'DO ...', func_name: 'pljs_elog', file_name: 'functions.c', file_line_num: 223 })
    + json(18833, FAKE, { func_name: 'pljs_elog', file_name: 'functions.c', file_line_num: 223 })
    + json(19140, FAKE, { context: 'PL/pgSQL function', func_name: 'exec_stmt_raise', file_name: 'pl_exec.c', file_line_num: 3923 });
  const stderr = STDERR_VERBOSE + `2026-12-07 06:50:20.000 UTC [18833] LOG:  00000: ${FAKE}\n2026-12-07 06:50:20.000 UTC [18833] LOCATION:  pljs_elog, functions.c:223\n`;
  for (const [format, text] of [['stderr', stderr], ['csvlog', csvlog], ['jsonlog', jsonlog]] as const) {
    const r = read(text, format);
    assert.deepEqual(r.events.map((e) => [e.origin, e.objectName, e.statement]), [['verified', 'public.t', 'SELECT a FROM t']], format);
    assert.deepEqual(r.unverifiable, [], format);
    assert.equal(r.problems.length, 3, `${format}: ${JSON.stringify(r.problems)}`);
    const reasons = r.problems.map((p) => p.reason).join('\n');
    assert.match(reasons, /AUDIT-looking message with (the statement that logged it|the source location "pljs_elog, functions\.c:223")/, format);
    assert.match(reasons, /AUDIT-looking message with the source location "pljs_elog, functions\.c:223", not pgaudit's log_audit_event: not written by pgaudit; skipped/, format);
    assert.match(reasons, /AUDIT-looking message with an error CONTEXT/, format);
  }
});

test('without source locations the records are kept but unverifiable, and a look-alike without statement or context is the same', () => {
  const csvlog = csv(1, REC) + csv(2, FAKE) + csv(3, FAKE, { query: 'SELECT x()' }) + csv(4, FAKE, { severity: 'ERROR' });
  const r = read(csvlog, 'csvlog');
  assert.deepEqual(r.events.map((e) => e.origin), ['unverifiable', 'unverifiable']);
  assert.equal(r.unverifiable.length, 1);
  assert.match(r.unverifiable[0], /no source locations \(log_error_verbosity is not verbose\)/);
  assert.deepEqual(r.problems.map((p) => p.reason.replace(/:.*/, '')), ['AUDIT-looking message with the statement that logged it (pgaudit hides it)', 'AUDIT-looking message with severity ERROR (pgaudit logs below ERROR)']);
  // a non-verbose stderr line starting with a SQLSTATE is not a record at all
  assert.equal(read(`2026-12-07 06:50:11.842 UTC [1] LOG:  00000: ${REC}\n`, 'stderr').events.length, 0);
});

test('a stderr prefix with %a: the application_name forgery becomes unverifiable events, never verified, and cannot pin a CONTEXT on a genuine record', () => {
  const prefix = '%m [%p] %a ';
  const app = `x LOG:  ${FAKE.replace(',<none>', ',')}`;
  // eve sets application_name to a fake record head and causes an error: every line of it
  // (the ERROR, LOCATION and STATEMENT) starts like a LOG record
  const forged = `2026-12-07 06:50:19.678 UTC [19135] ${app} ERROR:  42703: column "nosuch" does not exist at character 93
2026-12-07 06:50:19.678 UTC [19135] ${app} LOCATION:  errorMissingColumn, parse_relation.c:3827
2026-12-07 06:50:19.678 UTC [19135] ${app} STATEMENT:  SELECT nosuch
`;
  const genuine = `2026-12-07 06:50:19.700 UTC [18824] psql LOG:  00000: ${REC}
2026-12-07 06:50:19.700 UTC [18824] psql LOCATION:  log_audit_event, pgaudit.c:881
`;
  // a line of eve's process right after a genuine record, dressed as its CONTEXT line
  const pinned = `2026-12-07 06:50:19.701 UTC [19135] y CONTEXT:  x\n`;
  const r = read(forged + genuine + pinned, 'stderr', prefix);
  assert.ok(r.events.length >= 1);
  assert.ok(r.events.every((e) => e.origin === 'unverifiable'), JSON.stringify(r.events.map((e) => [e.origin, e.objectName])));
  assert.ok(r.events.some((e) => e.objectName === 'hr.salaries'), 'the forgery is there, marked');
  const real = r.events.find((e) => e.objectName === 'public.t');
  assert.ok(real, 'the genuine record is not dropped by a CONTEXT line of another pid');
  assert.equal(real.origin, 'unverifiable', 'with %a in the prefix even a LOCATION line could be forged');
  assert.deepEqual(r.unverifiable, ['log_line_prefix "%m [%p] %a " prints %a (application_name) (text a client sets), which can start a line that looks like pgaudit\'s']);
  // %u and %d too (the startup packet's names, before authentication, may hold line breaks)
  assert.deepEqual(compilePrefix('%m [%p] %q%u@%d ').forgeable, ['%u (user name)', '%d (database name)']);
  assert.deepEqual(compilePrefix('%m [%p] %r %h %b %i %L %e %c %l %v %x %n %s %Q ').forgeable, []);
});

test('%r and %h only match what an address or a resolver-checked host name can be', () => {
  const p = compilePrefix('%m [%p] %r ');
  assert.equal(p.match('2026-12-07 06:50:19.700 UTC [1] 10.0.0.1(5432) LOG:  x')?.fields.client, '10.0.0.1:5432');
  assert.equal(p.match('2026-12-07 06:50:19.700 UTC [1] db-1.example.com(5432) LOG:  x')?.fields.client, 'db-1.example.com:5432');
  assert.equal(p.match('2026-12-07 06:50:19.700 UTC [1] [local] LOG:  x')?.fields.client, '[local]');
  assert.equal(p.match('2026-12-07 06:50:19.700 UTC [1] fe80::1%eth0(5432) LOG:  x')?.fields.client, '[fe80::1%eth0]:5432');
  // no space, no "LOG:  " inside the value: the severity after it is the line's own
  assert.equal(p.match('2026-12-07 06:50:19.700 UTC [1] evil host(5432) LOG:  x'), null);
});
