// `npm run bench` (pgaudit part): parse throughput of the pgaudit trail reader on a generated
// 200 MB log (BENCH_PGAUDIT_MB), in each format PostgreSQL writes: MB/s and events/s of the
// runtime-free parser fed 8 MiB chunks as the ingester reads them, and of one whole ingest
// pass over the stderr file on disk (reading, file identity, parsing; the sink discards), and
// of `--store` into sec_check.audit_events on a real PostgreSQL 18 (BENCH_PGAUDIT_STORE_MB of
// csvlog, default 20; 0 skips it). Numbers, not assertions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePrefix, readAuditEvents, type LogFormat } from '../../src/core/pgaudit/index.ts';
import { databaseSink, ingestPass } from '../../src/pgaudit/ingest.ts';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { resolve } from 'node:path';

const TARGET = Number(process.env.BENCH_PGAUDIT_MB ?? 200) * 1024 * 1024;
const PREFIX = '%m [%p] %q%u@%d %r %a ';
const CHUNK = 8 * 1024 * 1024;

const csvq = (s: string) => `"${s.replace(/"/g, '""')}"`;
const pgauditField = (s: string) => (/[",\r\n]/.test(s) ? csvq(s) : s);

/** A realistic mix: object and session records (some multi-line, quoted, with parameters) and ordinary lines. */
function* messages(): Generator<{ msg: string; audit: boolean }> {
  for (let i = 0; ; i++) {
    switch (i % 10) {
      case 0: yield { msg: `connection authorized: user=app${i % 7} database=shop application_name=psql`, audit: false }; break;
      case 1: yield { msg: `duration: ${(i % 997) / 10} ms`, audit: false }; break;
      case 2: yield { msg: `AUDIT: OBJECT,${i},1,READ,SELECT,TABLE,public.account,${pgauditField(`SELECT account.password, account_role_map.role_id\n  FROM account\n  INNER JOIN account_role_map ON account.id = account_role_map.account_id WHERE account.id = ${i}`)},<not logged>`, audit: true }; break;
      case 3: yield { msg: `AUDIT: SESSION,${i},1,WRITE,INSERT,,,${pgauditField('INSERT INTO orders (customer, note) VALUES ($1, $2)')},${pgauditField(`${csvq(`cust-${i}`)},${csvq('a "quoted", note')}`)}`, audit: true }; break;
      case 4: yield { msg: `AUDIT: OBJECT,${i},1,WRITE,UPDATE,TABLE,public.account,UPDATE account SET password = 'HASH${i}' WHERE id = ${i},<not logged>`, audit: true }; break;
      case 5: yield { msg: `AUDIT: SESSION,${i},1,READ,SELECT,,,SELECT * FROM pg_catalog.pg_stat_activity WHERE pid <> ${i},<none>`, audit: true }; break;
      case 6: yield { msg: `checkpoint complete: wrote ${i % 1000} buffers (0.1%); 0 WAL file(s) added, 0 removed, 1 recycled`, audit: false }; break;
      case 7: yield { msg: `AUDIT: OBJECT,${i},2,READ,???,VIEW,public.v_accounts,<previously logged>,<previously logged>`, audit: true }; break;
      case 8: yield { msg: `AUDIT: SESSION,${i},1,DDL,CREATE TABLE,TABLE,public.t${i},${pgauditField(`CREATE TABLE t${i} (\n    id int,\n    "Name" text\n)`)},<none>`, audit: true }; break;
      default: yield { msg: `AUDIT: SESSION,${i},1,MISC,SET,,,SET search_path = app,<none>`, audit: true }; break;
    }
  }
}

function generate(format: LogFormat, target = TARGET): { bytes: Buffer; events: number } {
  const parts: string[] = [];
  let size = 0;
  let events = 0;
  let n = 0;
  const t0 = Date.parse('2026-11-30T00:00:00Z');
  for (const { msg, audit } of messages()) {
    const ts = new Date(t0 + n * 3).toISOString().replace('T', ' ').replace('Z', ' UTC');
    const pid = 1000 + (n % 50);
    let line: string;
    if (format === 'stderr') line = `${ts} [${pid}] app@shop 10.0.0.${n % 200}(${40000 + (n % 9999)}) psql LOG:  ${msg.replace(/\n/g, '\n\t')}\n`;
    else if (format === 'csvlog') line = `${ts},"app","shop",${pid},"10.0.0.${n % 200}:${40000 + (n % 9999)}",6b0d0234.7c19,${n},"SELECT",2026-11-30 00:00:00 UTC,3/${n},0,LOG,00000,${csvq(msg)},,,,,,,,,"psql","client backend",,0\n`;
    else line = JSON.stringify({ timestamp: ts, user: 'app', dbname: 'shop', pid, remote_host: `10.0.0.${n % 200}`, remote_port: 40000 + (n % 9999), session_id: '6b0d0234.7c19', line_num: n, error_severity: 'LOG', message: msg, application_name: 'psql', backend_type: 'client backend', query_id: 0 }) + '\n';
    parts.push(line);
    size += Buffer.byteLength(line);
    if (audit) events++;
    n++;
    if (size >= target) break;
  }
  return { bytes: Buffer.from(parts.join('')), events };
}

const nodeDecode = (b: Uint8Array, s: number, e: number) => (b as Buffer).toString('utf8', s, e);
const prefix = compilePrefix(PREFIX);
const mb = (n: number) => n / 1024 / 1024;

for (const format of ['stderr', 'csvlog', 'jsonlog'] as const) {
  const { bytes, events: expected } = generate(format);
  const t = performance.now();
  let offset = 0;
  let events = 0;
  let problems = 0;
  while (offset < bytes.length) {
    const end = Math.min(bytes.length, offset + CHUNK);
    const r = readAuditEvents(bytes.subarray(offset, end), { format, prefix, baseOffset: offset, file: 'bench', decode: nodeDecode, atEnd: end === bytes.length });
    events += r.events.length;
    problems += r.problems.length;
    offset += r.consumed;
    if (r.consumed === 0) throw new Error('chunk smaller than an entry');
  }
  const s = (performance.now() - t) / 1000;
  if (events !== expected || problems) throw new Error(`${format}: ${events} events (${expected} expected), ${problems} problems`);
  console.log(`pgaudit parse ${format}: ${mb(bytes.length).toFixed(0)} MB, ${events} events in ${s.toFixed(2)} s = ${(mb(bytes.length) / s).toFixed(1)} MB/s, ${Math.round(events / s)} events/s`);
  if (format === 'stderr') {
    const dir = mkdtempSync(join(tmpdir(), 'pgaudit-bench-'));
    try {
      writeFileSync(join(dir, 'postgresql.log'), bytes);
      let got = 0;
      const t1 = performance.now();
      const r = await ingestPass({ dir, format: 'stderr', prefix, sink: { offset: async () => 0, commit: async (b) => { got += b.events.length; return true; } } });
      const s1 = (performance.now() - t1) / 1000;
      if (got !== expected || r.problems.length) throw new Error(`ingest pass: ${got} events, ${r.problems.length} problems`);
      console.log(`pgaudit ingest pass (stderr file, discarding sink): ${mb(bytes.length).toFixed(0)} MB, ${got} events in ${s1.toFixed(2)} s = ${(mb(bytes.length) / s1).toFixed(1)} MB/s, ${Math.round(got / s1)} events/s`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const STORE_MB = Number(process.env.BENCH_PGAUDIT_STORE_MB ?? 20);
if (STORE_MB > 0) {
  const { bytes, events: expected } = generate('csvlog', STORE_MB * 1024 * 1024);
  const dir = mkdtempSync(join(tmpdir(), 'pgaudit-bench-store-'));
  writeFileSync(join(dir, 'postgresql.csv'), bytes);
  const install = await ensureInstall(18);
  await installExtensionFromRepo(install, resolve(import.meta.dirname, '../..'));
  const cluster = await startCluster(install);
  try {
    await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
    const client = await cluster.connect();
    const t = performance.now();
    const r = await ingestPass({ dir, format: 'csvlog', prefix: null, sink: databaseSink(client) });
    const s = (performance.now() - t) / 1000;
    const stored = Number((await client.query('SELECT count(*) AS n FROM sec_check.audit_events')).rows[0].n);
    if (r.events !== expected || stored !== expected) throw new Error(`store: ${r.events} read, ${stored} stored, ${expected} expected`);
    console.log(`pgaudit ingest --store (csvlog into sec_check.audit_events, PG 18): ${mb(bytes.length).toFixed(0)} MB, ${stored} events in ${s.toFixed(2)} s = ${(mb(bytes.length) / s).toFixed(1)} MB/s, ${Math.round(stored / s)} events/s`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
