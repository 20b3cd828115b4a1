// The runtime-free pgaudit reader (src/core/pgaudit) on hand-written log text: the three log
// formats, pgaudit's CSV payload, hostile and broken input, torn tails and a 10 MB statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compilePrefix, decodeUtf8, hexToBytes, maskStatement, parameterList, pgauditReadRequest, parseAuditMessage, readAuditEvents, splitEntries, type AuditEvent, type LogFormat,
} from '../../src/core/pgaudit/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const PREFIX = compilePrefix('%m [%p] %q%u@%d %r ');
const read = (text: string | Uint8Array, format: LogFormat, extra: { atEnd?: boolean; baseOffset?: number } = {}) =>
  readAuditEvents(typeof text === 'string' ? enc(text) : text, { format, prefix: PREFIX, file: 'f', baseOffset: extra.baseOffset ?? 0, atEnd: extra.atEnd });
const strip = (e: AuditEvent) => { const { file, offset, ...rest } = e; void file; void offset; return rest; };

const JOIN = 'SELECT account.password, account_role_map.role_id\n  FROM account\n  INNER JOIN account_role_map ON account.id = account_role_map.account_id';

// One server's log in the three formats (PG 18 layout), as the integration test also produces.
const STDERR = `2026-11-30 04:57:23.880 UTC [31701] LOG:  starting PostgreSQL 18.4
2026-11-30 04:57:24.065 UTC [31769] alice@shop 127.0.0.1(37518) LOG:  AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.account,SELECT password FROM account,<not logged>
2026-11-30 04:57:24.070 UTC [31769] alice@shop 127.0.0.1(37518) LOG:  AUDIT: OBJECT,3,1,READ,SELECT,TABLE,public.account,"${JOIN.replace(/\n/g, '\n\t')}",<not logged>
2026-11-30 04:57:24.071 UTC [31769] alice@shop 127.0.0.1(37518) ERROR:  relation "nope" does not exist at character 15
2026-11-30 04:57:24.071 UTC [31769] alice@shop 127.0.0.1(37518) STATEMENT:  SELECT * FROM nope
`;
const csvq = (s: string) => `"${s.replace(/"/g, '""')}"`;
const csvRow = (time: string, user: string, db: string, pid: number, from: string, sev: string, msg: string, context = '') =>
  `${time},${csvq(user)},${csvq(db)},${pid},${csvq(from)},6b0d0234.7c19,1,"SELECT",2026-11-30 04:57:24 UTC,3/5,0,${sev},00000,${csvq(msg)},,,,,${context ? csvq(context) : ''},,,,"psql","client backend",,0\n`;
const M1 = 'AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.account,SELECT password FROM account,<not logged>';
const M2 = `AUDIT: OBJECT,3,1,READ,SELECT,TABLE,public.account,"${JOIN}",<not logged>`;
const CSVLOG = `2026-11-30 04:57:23.880 UTC,,,31701,,6b0d0233.7bd5,1,,2026-11-30 04:57:23 UTC,,0,LOG,00000,"starting PostgreSQL 18.4",,,,,,,,,"","postmaster",,0\n`
  + csvRow('2026-11-30 04:57:24.065 UTC', 'alice', 'shop', 31769, '127.0.0.1:37518', 'LOG', M1)
  + csvRow('2026-11-30 04:57:24.070 UTC', 'alice', 'shop', 31769, '127.0.0.1:37518', 'LOG', M2);
const jrow = (msg: string, t: string) => JSON.stringify({ timestamp: t, user: 'alice', dbname: 'shop', pid: 31769, remote_host: '127.0.0.1', remote_port: 37518, error_severity: 'LOG', message: msg, backend_type: 'client backend' }) + '\n';
const JSONLOG = JSON.stringify({ timestamp: '2026-11-30 04:57:23.880 UTC', pid: 31701, error_severity: 'LOG', message: 'starting' }) + '\n'
  + jrow(M1, '2026-11-30 04:57:24.065 UTC') + jrow(M2, '2026-11-30 04:57:24.070 UTC');

test('the three formats give the same events, with time, pid, user, database and client', () => {
  const all = (['stderr', 'csvlog', 'jsonlog'] as const).map((f) => read(f === 'stderr' ? STDERR : f === 'csvlog' ? CSVLOG : JSONLOG, f));
  for (const r of all) assert.deepEqual(r.problems, []);
  const [s, c, j] = all.map((r) => r.events.map(strip));
  assert.equal(s.length, 2);
  assert.deepEqual(s[0], {
    origin: 'unverifiable', // no source locations in these logs
    auditType: 'OBJECT', statementId: 1, substatementId: 1, class: 'READ', command: 'SELECT', objectType: 'TABLE', objectName: 'public.account',
    statement: 'SELECT password FROM account', parameters: '<not logged>', rows: null,
    time: '2026-11-30T04:57:24.065Z', pid: 31769, user: 'alice', database: 'shop', client: '127.0.0.1:37518',
  });
  assert.equal(s[1].statement, JOIN);
  assert.deepEqual(c, s);
  assert.deepEqual(j, s);
  // offsets are byte offsets of the entry starts
  const text = STDERR;
  assert.equal(all[0].events[1].offset, enc(text.slice(0, text.indexOf('2026-11-30 04:57:24.070'))).length);
  assert.equal(all[0].consumed, enc(STDERR).length);
});

test('payload: quoted fields, doubled quotes, markers, ??? and parameter lists, log_rows', () => {
  const r = parseAuditMessage('AUDIT: SESSION,1,1,WRITE,INSERT,,,"INSERT INTO t VALUES ($1), ($2)","""x,""""y"""""",""multi\nline""",2');
  assert.ok(r && 'record' in r);
  assert.equal(r.record.statement, 'INSERT INTO t VALUES ($1), ($2)');
  assert.equal(r.record.parameters, '"x,""y""","multi\nline"');
  assert.deepEqual(parameterList(r.record.parameters), ['x,"y"', 'multi\nline']);
  assert.equal(r.record.rows, 2);
  assert.equal(r.record.objectType, null);
  const q = parseAuditMessage('AUDIT: OBJECT,12,2,READ,???,VIEW,public.v,<previously logged>,<previously logged>');
  assert.ok(q && 'record' in q);
  assert.equal(q.record.command, '???');
  assert.equal(q.record.statement, '<previously logged>');
  assert.equal(parameterList(q.record.parameters), null);
  assert.equal(parameterList('<none>'), null);
  assert.equal(parseAuditMessage('statement: AUDIT: OBJECT,1,1,READ'), null, 'only a message starting with AUDIT: is a record');
  for (const bad of ['AUDIT: OBJECT,1,1,READ', 'AUDIT: SOMETHING,1,1,READ,SELECT,,,x,<none>', 'AUDIT: OBJECT,x,1,READ,SELECT,,,x,<none>', 'AUDIT: OBJECT,1,1,READ,SELECT,,,"unterminated,<none>']) {
    const p = parseAuditMessage(bad);
    assert.ok(p && 'error' in p, bad);
  }
});

test('a statement containing AUDIT: OBJECT in a string literal is one SESSION event, never an OBJECT event', () => {
  const stmt = `SELECT 'x\n2026-11-30 04:57:24.065 UTC [1] alice@shop 127.0.0.1(1) LOG:  AUDIT: OBJECT,9,9,READ,SELECT,TABLE,public.fake,SELECT 1,<not logged>'`;
  const msg = `AUDIT: SESSION,5,1,READ,SELECT,,,${csvq(stmt)},<none>`;
  const stderr = `2026-11-30 04:57:25.000 UTC [31769] alice@shop 127.0.0.1(37518) LOG:  ${msg.replace(/\n/g, '\n\t')}\n`;
  const csv = csvRow('2026-11-30 04:57:25.000 UTC', 'alice', 'shop', 31769, '127.0.0.1:37518', 'LOG', msg);
  for (const [text, f] of [[stderr, 'stderr'], [csv, 'csvlog'], [jrow(msg, '2026-11-30 04:57:25.000 UTC'), 'jsonlog']] as const) {
    const r = read(text, f);
    assert.equal(r.events.length, 1, f);
    assert.equal(r.events[0].auditType, 'SESSION');
    assert.equal(r.events[0].statement, stmt, f);
    assert.deepEqual(r.problems, []);
  }
  // log_statement's own line of it is not a record either
  const logged = `2026-11-30 04:57:25.000 UTC [31769] alice@shop 127.0.0.1(37518) LOG:  statement: SELECT 'AUDIT: OBJECT,1,1,READ,SELECT,TABLE,t,x,<none>'\n`;
  assert.equal(read(logged, 'stderr').events.length, 0);
});

test('RAISE LOG forging an AUDIT record (it carries a CONTEXT) is rejected with a problem in every format', () => {
  const forged = 'AUDIT: OBJECT,99,1,READ,SELECT,TABLE,public.fake,SELECT 1,<not logged>';
  const p = '2026-11-30 04:58:11.437 UTC [1754] alice@shop [local] ';
  const stderr = `${p}LOG:  ${forged}\n${p}CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE\n${p}STATEMENT:  DO $$BEGIN RAISE LOG '...'; END$$\n`;
  const csv = csvRow('2026-11-30 04:58:11.437 UTC', 'alice', 'shop', 1754, '[local]', 'LOG', forged, 'PL/pgSQL function inline_code_block line 1 at RAISE');
  const json = JSON.stringify({ timestamp: '2026-11-30 04:58:11.437 UTC', pid: 1754, error_severity: 'LOG', message: forged, context: 'PL/pgSQL function inline_code_block line 1 at RAISE' }) + '\n';
  for (const [text, f] of [[stderr, 'stderr'], [csv, 'csvlog'], [json, 'jsonlog']] as const) {
    const r = read(text, f);
    assert.equal(r.events.length, 0, f);
    assert.equal(r.problems.length, 1, f);
    assert.match(r.problems[0].reason, /CONTEXT/);
    assert.equal(r.consumed, enc(text).length, 'consumed, not retried');
  }
});

test('a quote-heavy statement survives all three formats', () => {
  const stmt = `SELECT '"', '""', '"""', 'a,"b",c', E'\\"', '''' -- "q"\n , "Col""Name" FROM "t""x"`;
  const msg = `AUDIT: SESSION,7,1,READ,SELECT,,,${csvq(stmt)},${csvq(`${csvq('a"b')},${csvq('')}`)}`;
  const stderr = `2026-11-30 04:57:25.000 UTC [9] alice@shop [local] LOG:  ${msg.replace(/\n/g, '\n\t')}\n`;
  for (const [text, f] of [[stderr, 'stderr'], [csvRow('2026-11-30 04:57:25.000 UTC', 'alice', 'shop', 9, '[local]', 'LOG', msg), 'csvlog'], [jrow(msg, 't'), 'jsonlog']] as const) {
    const r = read(text, f);
    assert.deepEqual(r.problems, [], f);
    assert.equal(r.events[0].statement, stmt, f);
    assert.deepEqual(parameterList(r.events[0].parameters), ['a"b', ''], f);
  }
});

test('non-UTF-8 bytes: replaced in text, offsets stay bytes, nothing lost', () => {
  const head = enc('2026-11-30 04:57:25.000 UTC [9] alice@shop [local] LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,SELECT \'');
  const bad = new Uint8Array([0xff, 0xc3, 0x28, 0xe2, 0x82]);
  const tail = enc('\',<none>\n2026-11-30 04:57:26.000 UTC [9] alice@shop [local] LOG:  AUDIT: SESSION,2,1,READ,SELECT,,,SELECT 2,<none>\n');
  const bytes = new Uint8Array([...head, ...bad, ...tail]);
  // as the CLI decodes (Buffer: WHATWG replacement) and with the core's portable decoder
  const nodeDecode = (b: Uint8Array, st: number, en: number) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', st, en);
  for (const decode of [nodeDecode, undefined]) {
    const r = readAuditEvents(bytes, { format: 'stderr', prefix: PREFIX, file: 'f', baseOffset: 0, decode });
    assert.equal(r.events.length, 2);
    assert.match(r.events[0].statement!, /^SELECT '\uFFFD+\(\uFFFD+'$/);
    assert.equal(r.events[1].offset, head.length + bad.length + enc('\',<none>\n').length);
    assert.equal(r.events[1].statement, 'SELECT 2');
    assert.equal(r.consumed, bytes.length);
  }
  const sample = 'añ€😀 \u0430\u0431';
  assert.equal(decodeUtf8(enc(sample), 0, enc(sample).length), sample);
  assert.equal(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80, 0x41]), 0, 4), '\uFFFD\uFFFD\uFFFDA');
});

test('torn input waits: nothing is consumed or invented until the entry is whole', () => {
  const full = enc(STDERR);
  for (const format of ['stderr', 'csvlog', 'jsonlog'] as const) {
    const text = enc(format === 'stderr' ? STDERR : format === 'csvlog' ? CSVLOG : JSONLOG);
    const whole = read(text, format).events.map(strip);
    // every cut point: events of the consumed part + events after resuming = all events, once
    for (let cut = 0; cut <= text.length; cut += format === 'stderr' ? 7 : 5) {
      const a = read(text.subarray(0, cut), format);
      assert.ok(a.consumed <= cut);
      const b = read(text.subarray(a.consumed), format, { baseOffset: a.consumed });
      assert.deepEqual([...a.events, ...b.events].map(strip), whole, `${format} cut at ${cut}`);
      assert.deepEqual([...a.problems, ...b.problems], [], `${format} cut at ${cut}`);
    }
  }
  // stderr: a newline-terminated group is whole only at the file's end, not at a chunk boundary
  const firstTwo = full.subarray(0, enc(STDERR.slice(0, STDERR.indexOf('2026-11-30 04:57:24.070'))).length);
  assert.equal(read(firstTwo, 'stderr', { atEnd: false }).events.length, 0);
  assert.equal(read(firstTwo, 'stderr', { atEnd: true }).events.length, 1);
});

test('junk lines are problems with file and offset, and are skipped, not glued to events', () => {
  const text = '\tcontinuation without entry\n\tand more\ngarbage line\n\tits continuation\n' + STDERR;
  const r = read(text, 'stderr');
  assert.equal(r.events.length, 2);
  // one problem per orphan block and per foreign line; their continuation lines add none
  assert.deepEqual(r.problems.map((p) => [p.file, p.offset]), [['f', 0], ['f', 38]]);
  const j = read('{"message": 1}\nnot json\n' + JSONLOG, 'jsonlog');
  assert.equal(j.events.length, 2);
  assert.equal(j.problems.length, 2);
  const c = read('a,b,c\n"x"y,1\n' + CSVLOG, 'csvlog');
  assert.equal(c.events.length, 2);
  assert.equal(c.problems.length, 2);
  // a wrong prefix says so instead of silently finding nothing
  const w = readAuditEvents(enc(STDERR), { format: 'stderr', prefix: compilePrefix('%t <%u> '), file: 'f', baseOffset: 0 });
  assert.equal(w.events.length, 0);
  assert.match(w.problems[0].reason, /does not match log_line_prefix "%t <%u> "/);
});

test('log_line_prefix escapes, padding and %q', () => {
  const p = compilePrefix('%n|%-8u|%d|%h|%a|%c|%l|%v|%x|%e|%b|%i|%Q|%P|%s|%% ');
  const m = p.match(`${Date.parse('2026-11-30T04:57:24.065Z') / 1000}|alice   |shop|10.0.0.1|psql app|6b0d0234.7c19|3|3/5|0|00000|client backend|SELECT|-42||2026-11-30 04:57:24 UTC|% LOG:  hi`);
  assert.ok(m);
  assert.equal(m.fields.time, '2026-11-30T04:57:24.065Z');
  assert.equal(m.fields.user, 'alice');
  assert.equal(m.fields.client, '10.0.0.1');
  assert.equal(m.fields.severity, 'LOG');
  const q = compilePrefix('%t [%p] %q%u@%d ');
  assert.equal(q.match('2026-11-30 04:57:24 +03 [5] LOG:  checkpoint')?.fields.time, '2026-11-30T04:57:24+03:00');
  assert.equal(q.match('2026-11-30 04:57:24 CET [5] bob@db LOG:  x')?.fields.time, '2026-11-30 04:57:24 CET');
  assert.equal(compilePrefix('%m %r ').match('2026-11-30 04:57:24.000 UTC ::1(5432) LOG:  x')?.fields.client, '[::1]:5432');
  assert.equal(q.match('\tnot a start'), null);
});

test('a 10 MB statement parses in linear time in every format', () => {
  const big = 'SELECT ' + "'it''s a long literal, with commas', \"Quoted\"\"Column\" AS x\n".repeat(180_000) + '1';
  assert.ok(big.length > 10_000_000);
  const msg = `AUDIT: SESSION,1,1,READ,SELECT,,,${csvq(big)},<none>`;
  const cases = [
    [`2026-11-30 04:57:25.000 UTC [9] alice@shop [local] LOG:  ${msg.replace(/\n/g, '\n\t')}\n`, 'stderr'],
    [csvRow('2026-11-30 04:57:25.000 UTC', 'alice', 'shop', 9, '[local]', 'LOG', msg), 'csvlog'],
    [jrow(msg, 't'), 'jsonlog'],
  ] as const;
  for (const [text, f] of cases) {
    const bytes = enc(text);
    const t = performance.now();
    const r = read(bytes, f);
    const ms = performance.now() - t;
    assert.equal(r.events.length, 1, f);
    assert.equal(r.events[0].statement, big, f);
    assert.ok(ms < 20_000, `${f}: ${ms} ms`);
    // torn in the middle: nothing, and no quadratic rescanning cost either
    assert.equal(read(bytes.subarray(0, bytes.length - 10), f).events.length, 0);
  }
});

test('splitEntries keeps secondary lines out of the message and reports their CONTEXT', () => {
  const s = splitEntries(enc(STDERR), { format: 'stderr', prefix: PREFIX, baseOffset: 100 });
  assert.deepEqual(s.entries.map((e) => e.severity), ['LOG', 'LOG', 'LOG', 'ERROR']);
  assert.equal(s.entries[3].message, 'relation "nope" does not exist at character 15');
  assert.equal(s.entries[0].offset, 100);
  assert.equal(s.entries[3].end, 100 + enc(STDERR).length);
});

test('the in-database request: hex chunk in, audit_events rows, consumed bytes and problems out', () => {
  const hex = Buffer.from(CSVLOG).toString('hex');
  assert.deepEqual(hexToBytes('00ff7A'), new Uint8Array([0, 255, 122]));
  assert.equal(hexToBytes('0g'), null);
  assert.equal(hexToBytes('abc'), null);
  const r = pgauditReadRequest({ op: 'pgaudit_read', hex, format: 'csvlog', prefix: null, base_offset: 10, file: 'x.csv', file_key: 'sha256:k', at_end: true });
  assert.ok('rows' in r);
  assert.equal(r.consumed, enc(CSVLOG).length);
  assert.deepEqual(r.rows.map((x) => [x.file_key, x.log_file, x.statement_id, x.object_name, x.client]),
    [['sha256:k', 'x.csv', 1, 'public.account', '127.0.0.1:37518'], ['sha256:k', 'x.csv', 3, 'public.account', '127.0.0.1:37518']]);
  assert.equal(r.rows[0].log_offset, 10 + enc(CSVLOG.split('\n')[0] + '\n').length);
  assert.deepEqual(pgauditReadRequest({ op: 'pgaudit_read', hex: 'zz', format: 'csvlog', prefix: null, base_offset: 0, file: 'x', file_key: 'k', at_end: true }),
    { sec_check_error: 'pgaudit_read: hex is not hexadecimal' });
  assert.ok('sec_check_error' in pgauditReadRequest({ op: 'pgaudit_read', hex: '', format: 'syslog' as never, prefix: null, base_offset: 0, file: 'x', file_key: 'k', at_end: true }));
});

test('passwords are masked in ingested statements and in parameters bound to PASSWORD $n', () => {
  const cases: [string, string][] = [
    ["ALTER ROLE app PASSWORD 's3cr''et'", "ALTER ROLE app PASSWORD '***'"],
    ["CREATE USER u WITH ENCRYPTED PASSWORD E'a\\'b' LOGIN", "CREATE USER u WITH ENCRYPTED PASSWORD '***' LOGIN"],
    ['ALTER USER u PASSWORD $pw$x$pw$; SELECT 1', "ALTER USER u PASSWORD '***'; SELECT 1"],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=db user=rep password=hunter2' PUBLICATION p", "CREATE SUBSCRIPTION s CONNECTION 'host=db user=rep password=*** PUBLICATION p".replace('*** PUBLICATION', "***' PUBLICATION")],
    // a literal bound to a secret name is masked in DML too (it is one)
    ["UPDATE account SET password = 'HASH2'", "UPDATE account SET password = '***'"],
    ['SELECT password FROM account WHERE password = $1', 'SELECT password FROM account WHERE password = $1'],
  ];
  for (const [input, out] of cases) assert.equal(maskStatement(input).statement, out, input);
  const msg = `AUDIT: SESSION,1,1,ROLE,ALTER ROLE,,,ALTER ROLE app PASSWORD $1,${csvq(csvq('topsecret'))}`;
  const r = read(`2026-11-30 04:57:25.000 UTC [9] alice@shop [local] LOG:  ${msg}\n`, 'stderr');
  assert.equal(r.events[0].statement, 'ALTER ROLE app PASSWORD $1');
  assert.equal(r.events[0].parameters, '<masked by sec_check>');
  assert.ok(!JSON.stringify(r).includes('topsecret'));
});
