// The findings channel on real servers: the central table has exactly the columns, types and
// defaults of pgsense-rs's channel table (compared through information_schema with a table
// made from that DDL, typed here as a fixture); an INSERT-only writer delivers after the
// first setup; a channel that is down spools the findings and a later flush delivers them
// once (a second flush and a replayed batch insert nothing); writing into the audited
// database is refused unless the findings table is excluded from scanning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg } from './support.ts';

// pgsense-rs's findings table, as its documentation gives it (the reference the channel must match)
const REFERENCE_DDL = `CREATE TABLE ref.findings (
    id            BIGSERIAL PRIMARY KEY,
    database      TEXT NOT NULL,
    rule_id       TEXT NOT NULL,
    description   TEXT NOT NULL,
    category      TEXT NOT NULL,
    severity      TEXT NOT NULL,
    schema_name   TEXT NOT NULL,
    table_name    TEXT NOT NULL,
    column_name   TEXT NOT NULL,
    masked_sample TEXT NOT NULL,
    primary_key   JSONB NOT NULL DEFAULT '{}',
    lsn           BIGINT NOT NULL,
    detected_at   TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

let audited: Cluster;   // PG 14: the server being audited
let central: Cluster;   // PG 18: the channel's database "central"
const dir = mkdtempSync(join(tmpdir(), 'sec-check-channel-'));
const SECRET = 'writer-Pa55-never-shown';

function channelFile(name: string, pg: Record<string, unknown>, extra = ''): string {
  const lines = Object.entries(pg).map(([k, v]) => `${k} = ${typeof v === 'string' && !v.startsWith('{') ? JSON.stringify(v) : v}`);
  const path = join(dir, `${name}.toml`);
  writeFileSync(path, `[alerts.postgres]\n${lines.join('\n')}\n${extra}`);
  return path;
}
const centralChannel = (name: string, over: Record<string, unknown> = {}, extra = '') =>
  channelFile(name, { host: central.socketDir, port: central.port, dbname: 'central', username: 'postgres', ...over }, extra);

async function audit(channel: string, spool: string, cluster = audited, extra: string[] = []) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const res = await cli(['run', ...connArgs(cluster), '--format', 'Json', '--output', out, '--fail-on', 'never', '--groups', 'connections,access,logging', '--channel', channel, '--spool-dir', spool, ...extra]);
  let report: { run: { started_at: string }; results: { check_id: string; section: string; severity: string; status: string }[] } | null = null;
  try { report = JSON.parse(readFileSync(`${out}.json`, 'utf8')); } catch { report = null; }
  return { ...res, report };
}
const findingsOf = (report: { results: { status: string }[] }) => report.results.filter((r) => ['Warning', 'Error', 'Failed'].includes(r.status));

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

before(async () => {
  [audited, central] = await Promise.all([
    startPg(14),
    startCluster(await ensureInstall(18, { extras: false }), {
      hba: ['local all postgres trust', 'local all all scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256'],
    }),
  ]);
  await central.query('CREATE DATABASE central');
  await central.query(`CREATE ROLE writer LOGIN PASSWORD '${SECRET}'`);
  await audited.query('CREATE DATABASE other');
});
after(async () => {
  await Promise.all([audited?.stop(), central?.stop()]);
});

test('the channel table has exactly pgsense-rs\'s columns, types and defaults; one row per finding', async () => {
  const spool = join(dir, 'spool-ddl');
  const res = await audit(centralChannel('owner'), spool);
  assert.equal(res.code, 0, res.stderr);
  const findings = findingsOf(res.report!);
  assert.ok(findings.length > 0, 'the audit found something to deliver');
  assert.match(res.stdout, new RegExp(`channel: ${findings.length} findings delivered, 0 pending in ${spool}`));

  const c = await central.connect('postgres', 'central');
  await c.query('CREATE SCHEMA ref');
  await c.query(REFERENCE_DDL);
  const columns = async (schema: string) => (await c.query(
    `SELECT ordinal_position, column_name, data_type, is_nullable, replace(column_default, $1 || '.', 'S.') AS column_default,
            numeric_precision, character_maximum_length
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'findings' ORDER BY ordinal_position`, [schema])).rows;
  const ours = await columns('pgsense');
  const reference = await columns('ref');
  assert.equal(ours.length, 13);
  assert.deepEqual(ours, reference);
  assert.deepEqual(ours.find((r) => r.column_name === 'primary_key')!.column_default, "'{}'::jsonb");
  assert.deepEqual(ours.find((r) => r.column_name === 'detected_at')!.column_default, 'now()');
  // the primary key is id, as in the reference; the only other index is the identity index
  const keys = async (schema: string) => (await c.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY 1`, [`${schema}.findings`])).rows;
  assert.deepEqual(await keys('pgsense'), await keys('ref'));
  const indexes = (await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'pgsense' ORDER BY 1`)).rows;
  assert.deepEqual(indexes.map((i) => i.indexname), ['findings_identity', 'findings_pkey']);
  assert.match(indexes[0].indexdef, /UNIQUE INDEX findings_identity .*\(database, rule_id, schema_name, table_name, column_name, md5\(\(primary_key\)::text\), lsn, detected_at\)/);

  const rows = (await c.query(`SELECT * FROM pgsense.findings ORDER BY rule_id`)).rows;
  assert.equal(rows.length, findings.length);
  const lsnNow = BigInt((await audited.query(`SELECT (pg_current_wal_lsn() - '0/0')::bigint::text AS l`))[0].l);
  for (const row of rows) {
    const r = res.report!.results.find((x) => x.check_id === row.rule_id)!;
    assert.ok(r, `row ${row.rule_id} is a check of the report`);
    assert.ok(['Warning', 'Error', 'Failed'].includes(r.status));
    assert.equal(row.category, r.section);
    assert.equal(row.severity, r.severity);
    assert.equal(row.database, `${audited.socketDir}:${audited.port}/postgres`);
    assert.deepEqual([row.schema_name, row.table_name, row.column_name, row.masked_sample, row.primary_key], ['', '', '', '', {}]);
    assert.ok(BigInt(row.lsn) > 0n && BigInt(row.lsn) <= lsnNow, `lsn ${row.lsn} is the audited server's WAL position (now ${lsnNow})`);
    assert.equal(new Date(row.detected_at).toISOString(), new Date(res.report!.run.started_at).toISOString());
  }
  await c.end();
});

test('after setup an INSERT-only writer (password from a 0600 file) delivers; it cannot read or create', async () => {
  const c = await central.connect('postgres', 'central');
  await c.query('GRANT USAGE ON SCHEMA pgsense TO writer; GRANT INSERT ON pgsense.findings TO writer; GRANT USAGE ON SEQUENCE pgsense.findings_id_seq TO writer');
  await c.query('REVOKE CREATE ON DATABASE central FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC');
  const before = Number((await c.query('SELECT count(*) FROM pgsense.findings')).rows[0].count);
  const pwFile = join(dir, 'writer.pw');
  writeFileSync(pwFile, `${SECRET}\n`);
  chmodSync(pwFile, 0o644);
  const loose = await audit(centralChannel('writer-loose', { username: 'writer', password: `{ file = "${pwFile}" }` }), join(dir, 'spool-w0'));
  assert.equal(loose.code, 2);
  assert.match(loose.stderr, /writer-loose\.toml: alerts\.postgres\.password\.file: ".*writer\.pw" is readable by group or others \(mode 644\); chmod 600 it/);
  chmodSync(pwFile, 0o600);
  const res = await audit(centralChannel('writer', { username: 'writer', password: `{ file = "writer.pw" }` }), join(dir, 'spool-w'));
  assert.equal(res.code, 0, res.stderr);
  const n = findingsOf(res.report!).length;
  assert.match(res.stdout, new RegExp(`channel: ${n} findings delivered, 0 pending`));
  assert.equal(Number((await c.query('SELECT count(*) FROM pgsense.findings')).rows[0].count), before + n);
  const privs = (await c.query(`SELECT has_table_privilege('writer', 'pgsense.findings', 'SELECT') AS sel,
      has_table_privilege('writer', 'pgsense.findings', 'UPDATE') AS upd, has_table_privilege('writer', 'pgsense.findings', 'DELETE') AS del,
      has_schema_privilege('writer', 'pgsense', 'CREATE') AS create_schema, has_database_privilege('writer', 'central', 'CREATE') AS create_db`)).rows[0];
  assert.deepEqual(privs, { sel: false, upd: false, del: false, create_schema: false, create_db: false });
  for (const text of [res.stdout, res.stderr, loose.stdout, loose.stderr]) assert.ok(!text.includes(SECRET), 'the password is never printed');
  // a failed insert (no USAGE on the id sequence) spools; the grant back and a flush deliver
  await c.query('REVOKE USAGE ON SEQUENCE pgsense.findings_id_seq FROM writer');
  const spool = join(dir, 'spool-w2');
  const failed = await audit(join(dir, 'writer.toml'), spool);
  const m = findingsOf(failed.report!).length;
  assert.equal(failed.code, 3, failed.stderr);
  assert.match(failed.stderr, /channel: insert into "pgsense"\."findings" failed: permission denied for sequence findings_id_seq/);
  assert.match(failed.stdout, new RegExp(`channel: 0 findings delivered, ${m} pending in ${spool}`));
  await c.query('GRANT USAGE ON SEQUENCE pgsense.findings_id_seq TO writer');
  const flushed = await cli(['channel', 'flush', '--channel', join(dir, 'writer.toml'), '--spool-dir', spool]);
  assert.equal(flushed.code, 0, flushed.stderr);
  assert.match(flushed.stdout, new RegExp(`channel: ${m} findings delivered, 0 pending in ${spool}`));
  await c.end();
});

test('channel down: findings spooled (exit 3); back up: delivered once, a second flush and a replayed batch add nothing', async () => {
  const port = await freePort();
  const channel = channelFile('down', { host: '127.0.0.1', port, dbname: 'postgres', username: 'postgres', schema: 'sink', table: 'found' });
  const spool = join(dir, 'spool-down');
  const res = await audit(channel, spool);
  const n = findingsOf(res.report!).length;
  assert.equal(res.code, 3, res.stderr);
  assert.match(res.stderr, /channel: cannot connect to the channel 127\.0\.0\.1:\d+\/postgres table sink\.found as postgres: .*ECONNREFUSED/);
  assert.match(res.stdout, new RegExp(`channel: 0 findings delivered, ${n} pending in ${spool}`));
  const batches = readdirSync(spool);
  assert.equal(batches.length, 1);
  const saved = join(dir, 'batch-copy.json');
  copyFileSync(join(spool, batches[0]), saved);
  // a flush while still down changes nothing
  const stillDown = await cli(['channel', 'flush', '--channel', channel, '--spool-dir', spool]);
  assert.equal(stillDown.code, 3);
  assert.match(stillDown.stdout, new RegExp(`0 findings delivered, ${n} pending`));
  // without --spool-dir: one spool per channel target under $XDG_STATE_HOME
  const xdg = join(dir, 'xdg');
  const byDefault = await cli(['channel', 'flush', '--channel', channel], { XDG_STATE_HOME: xdg });
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.match(byDefault.stdout, new RegExp(`channel: 0 findings delivered, 0 pending in ${xdg}/sec-check/channel-spool/[0-9a-f]{16}$`, 'm'));

  const sink = await startCluster(await ensureInstall(18, { extras: false }), { port });
  try {
    const first = await cli(['channel', 'flush', '--channel', channel, '--spool-dir', spool]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`channel: ${n} findings delivered, 0 pending in ${spool}`));
    assert.deepEqual(readdirSync(spool), []);
    const second = await cli(['channel', 'flush', '--channel', channel, '--spool-dir', spool]);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /channel: 0 findings delivered, 0 pending/);
    // a batch delivered but not removed (a crash after COMMIT) is delivered again: nothing doubles
    copyFileSync(saved, join(spool, batches[0]));
    const replay = await cli(['channel', 'flush', '--channel', channel, '--spool-dir', spool]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, new RegExp(`channel: 0 findings delivered \\(${n} already there, not inserted again\\), 0 pending`));
    const rows = await sink.query('SELECT rule_id, detected_at FROM sink.found');
    assert.equal(rows.length, n);
    assert.equal(new Set(rows.map((r) => r.rule_id)).size, n);
    assert.equal(new Date(rows[0].detected_at).toISOString(), new Date(res.report!.run.started_at).toISOString(), 'detected_at is the scan time, not the delivery time');
  } finally {
    await sink.stop();
  }
});

test('writing findings into the audited database is refused unless the findings table is excluded', async () => {
  const spool = join(dir, 'spool-loop');
  // the same database over TCP while the audit goes through the Unix socket: one cluster, one database
  const loop = channelFile('loop', { host: '127.0.0.1', port: audited.port, dbname: 'postgres', username: 'postgres' });
  const refused = await audit(loop, spool);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /loop\.toml: the channel \(127\.0\.0\.1:\d+\/postgres table pgsense\.findings\) is the database being audited \(postgres\); .*detection loop.*exclude_tables = \["pgsense\.findings"\]/);
  assert.equal(refused.report, null, 'refused before the audit: no report');
  assert.deepEqual(await audited.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'pgsense'`), []);
  // another database of the same server is no loop
  const other = channelFile('other', { host: '127.0.0.1', port: audited.port, dbname: 'other', username: 'postgres' });
  const ok = await audit(other, spool);
  assert.equal(ok.code, 0, ok.stderr);
  // ... unless every database is audited: then it is refused before the first one
  const all = await audit(other, spool, audited, ['--all-databases']);
  assert.equal(all.code, 2, all.stderr);
  assert.match(all.stderr, /other\.toml: the channel .* is the database being audited \(other\)/);
  assert.doesNotMatch(all.stdout, /wrote /);
  // excluded from scanning: allowed, and the table is written in the audited database
  const excluded = channelFile('excluded', { host: audited.socketDir, port: audited.port, dbname: 'postgres', username: 'postgres' }, '[scan]\nexclude_tables = ["pgsense.findings"]\n');
  const allowed = await audit(excluded, spool);
  assert.equal(allowed.code, 0, allowed.stderr);
  const n = findingsOf(allowed.report!).length;
  assert.equal(Number((await audited.query('SELECT count(*) FROM pgsense.findings'))[0].count), n);
});

test('pii --channel: one row per PII finding with its column, masked sample and primary key; the scanned database only with the findings table excluded, and then it is not scanned', async () => {
  const spool = join(dir, 'spool-pii');
  await audited.query('CREATE DATABASE piidb');
  const db = await audited.connect('postgres', 'piidb');
  try {
    await db.query(`CREATE SCHEMA pii_t;
      CREATE TABLE pii_t.customers (id int PRIMARY KEY, contact text, card text);
      INSERT INTO pii_t.customers SELECT g, 'cust' || g || '@example.com', '4242 4242 4242 4242' FROM generate_series(1, 20) g`);
  } finally {
    await db.end();
  }
  const piiArgs = (channel: string | null) => ['pii', ...connArgs(audited).slice(0, -2), '--database', 'piidb', '--schemas', 'pii_t,pgsense',
    ...(channel ? ['--channel', channel, '--spool-dir', spool] : [])];

  // into the central database: the finding's object, a masked sample and the sampled row's key
  const sent = await cli(piiArgs(centralChannel('pii-central')));
  assert.equal(sent.code, 0, sent.stderr);
  assert.match(sent.stdout, /channel: 2 findings delivered, 0 pending/);
  const rows = await central.connect('postgres', 'central').then(async (c) => {
    try {
      return (await c.query(`SELECT database, rule_id, category, schema_name, table_name, column_name, masked_sample, primary_key, lsn
                               FROM pgsense.findings WHERE schema_name = 'pii_t' ORDER BY column_name`)).rows;
    } finally {
      await c.end();
    }
  });
  assert.deepEqual(rows.map((r) => [r.category, r.table_name, r.column_name]), [['payment_card', 'customers', 'card'], ['email', 'customers', 'contact']]);
  for (const r of rows) {
    assert.match(r.database, /:\d+\/piidb$/);
    assert.deepEqual(r.primary_key, { id: 1 });
    assert.ok(BigInt(r.lsn) > 0n, 'the WAL position of the scan');
    assert.match(r.masked_sample, /\*\*\*/);
    assert.ok(!r.masked_sample.includes('4242 4242') && !r.masked_sample.includes('@example.com'), r.masked_sample);
  }

  // into the scanned database itself: refused, nothing scanned or written
  const self = channelFile('pii-self', { host: audited.socketDir, port: audited.port, dbname: 'piidb', username: 'postgres' });
  const refused = await cli(piiArgs(self));
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /pii-self\.toml: the channel .* is the database being audited/);
  // with the findings table excluded it is allowed, and personal data inside the findings
  // table itself is never reported (it would be, were the table scanned)
  const selfExcluded = channelFile('pii-self-x', { host: audited.socketDir, port: audited.port, dbname: 'piidb', username: 'postgres' }, '[scan]\nexclude_tables = ["pgsense.findings"]\n');
  const first = await cli(piiArgs(selfExcluded));
  assert.equal(first.code, 0, first.stderr);
  const db2 = await audited.connect('postgres', 'piidb');
  try {
    await db2.query(`INSERT INTO pgsense.findings (database, rule_id, description, category, severity, schema_name, table_name, column_name, masked_sample, lsn)
      SELECT 'x', 'email', 'reported by ' || 'someone' || g || '@example.org', 'email', 'medium', '', '', '', '', g FROM generate_series(1, 10) g`);
  } finally {
    await db2.end();
  }
  const unscanned = await cli(piiArgs(null));
  assert.match(unscanned.stdout, /pgsense\.findings\.description/, 'without the channel the findings table is scanned and its e-mails found');
  const second = await cli(piiArgs(selfExcluded));
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /pgsense\.findings/);
  assert.match(second.stdout, /channel: 2 findings delivered/);
});
