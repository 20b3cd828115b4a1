// The findings table as a trap, on a real PostgreSQL 18: a non-superuser (mallory) prepares
// code that would run as the channel user when findings are inserted (a BEFORE INSERT trigger
// that makes her SUPERUSER, and the other places an INSERT runs code: rules, row-level
// security policies, defaults, domains, CHECK constraints, index expressions and predicates,
// a partitioned parent's trigger, a view, the schema's owner, DDL event triggers, search_path
// shadowing). Each is tried with the real CLI (`sec-check run --channel` as the superuser
// postgres, and `channel flush` as an INSERT-only writer): the trap never fires, nothing is
// inserted, the findings stay spooled (exit 3) and the refusal names what was found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { writeBatch } from '../../src/findings-channel/spool.ts';
import { withKey } from '../../src/findings-channel/key.ts';
import { cli, connArgs } from './support.ts';

let pg: Cluster;
const dir = mkdtempSync(join(tmpdir(), 'sec-check-channel-trust-'));
const WRITER_PW = 'writer-Pw-9c1';

/** pgsense-rs's table and identity index in `schema`, with other column types, defaults or a tail of extra columns/constraints. */
const TABLE = (schema: string, opts: { columnTypes?: Record<string, string>; defaults?: Record<string, string>; tail?: string } = {}) => {
  const t = (c: string, d: string) => opts.columnTypes?.[c] ?? d;
  const def = (c: string, d = '') => (opts.defaults?.[c] !== undefined ? ` DEFAULT ${opts.defaults[c]}` : d);
  return `CREATE TABLE ${schema}.findings (
    id            ${opts.defaults?.id ? `BIGINT${def('id')}` : 'BIGSERIAL'} PRIMARY KEY,
    database      ${t('database', 'TEXT')} NOT NULL, rule_id TEXT NOT NULL, description TEXT NOT NULL,
    category      TEXT NOT NULL, severity TEXT NOT NULL, schema_name TEXT NOT NULL, table_name TEXT NOT NULL,
    column_name   TEXT NOT NULL, masked_sample TEXT NOT NULL,
    primary_key   JSONB NOT NULL${def('primary_key', " DEFAULT '{}'")},
    lsn           BIGINT NOT NULL,
    detected_at   TIMESTAMPTZ NOT NULL DEFAULT now()${opts.tail ? `,\n    ${opts.tail}` : ''}
  );
  CREATE UNIQUE INDEX findings_identity ON ${schema}.findings (database, rule_id, schema_name, table_name, column_name, md5(primary_key::text), lsn, detected_at)`;
};

/** The trap's payload: logs who ran it, then tries to make mallory a superuser (works only as a superuser). */
const PAYLOAD = `INSERT INTO trap.fired VALUES (current_user); BEGIN ALTER ROLE mallory SUPERUSER; EXCEPTION WHEN insufficient_privilege THEN NULL; END;`;

/** A connection as postgres whose search_path ignores what mallory set for her database (the test's own casts must not fire her traps). */
async function asPostgres(db: string) {
  const c = await pg.connect('postgres', db);
  await c.query('SET search_path = pg_catalog, public');
  return c;
}

async function asMallory(db: string, sql: string): Promise<void> {
  const c = await pg.connect('mallory', db);
  try { await c.query(sql); } finally { await c.end(); }
}

/** Fresh trap kit in `db`: schema trap (mallory's) with the log table and a function for every spot. */
async function resetTrap(db: string): Promise<void> {
  await pg.query(`DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mallory' AND rolsuper) THEN ALTER ROLE mallory NOSUPERUSER; END IF; END$$`);
  const c = await asPostgres(db);
  try {
    // the event trigger first: it would fire on the DROPs below
    await c.query(`DROP EVENT TRIGGER IF EXISTS trap_ddl`);
    await c.query('DROP SCHEMA IF EXISTS pgsense CASCADE; DROP SCHEMA IF EXISTS trap CASCADE');
  } finally { await c.end(); }
  await asMallory(db, `CREATE SCHEMA trap;
    CREATE TABLE trap.fired (who name);
    GRANT USAGE ON SCHEMA trap TO PUBLIC; GRANT INSERT ON trap.fired TO PUBLIC;
    CREATE FUNCTION trap.trg() RETURNS trigger LANGUAGE plpgsql AS $f$BEGIN ${PAYLOAD} RETURN NEW; END$f$;
    CREATE FUNCTION trap.ok(anyelement) RETURNS boolean LANGUAGE plpgsql AS $f$BEGIN ${PAYLOAD} RETURN true; END$f$;
    CREATE FUNCTION trap.imm(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$BEGIN ${PAYLOAD} RETURN $1; END$f$;
    CREATE FUNCTION trap.big() RETURNS bigint LANGUAGE plpgsql AS $f$BEGIN ${PAYLOAD} RETURN 1; END$f$;
    CREATE FUNCTION trap.evt() RETURNS event_trigger LANGUAGE plpgsql AS $f$BEGIN ${PAYLOAD} END$f$;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA trap TO PUBLIC`);
}

async function fired(db: string): Promise<{ who: string[]; superuser: boolean }> {
  const c = await asPostgres(db);
  try {
    const who = (await c.query('SELECT who::text FROM trap.fired')).rows.map((r) => r.who);
    const su = (await c.query(`SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'`)).rows[0].rolsuper;
    return { who, superuser: su };
  } finally { await c.end(); }
}

function channelFile(name: string, db: string, extra: Record<string, string> = {}): string {
  const lines = Object.entries({ host: JSON.stringify(pg.socketDir), port: String(pg.port), dbname: JSON.stringify(db), ...extra }).map(([k, v]) => `${k} = ${v}`);
  const path = join(dir, `${name}.toml`);
  writeFileSync(path, `[alerts.postgres]\n${lines.join('\n')}\n`);
  return path;
}

/** A spool holding one batch of two findings (what a run would have left), for `channel flush`. */
function spoolWithBatch(name: string): string {
  const spool = join(dir, `spool-${name}`);
  mkdirSync(spool, { recursive: true });
  const f = (rule: string) => withKey({ database: 'db1:5432/app', rule_id: rule, description: 'd', category: 'access', severity: 'high', schema_name: '', table_name: '', column_name: '', masked_sample: '', primary_key: {}, lsn: '1', detected_at: '2026-12-01T00:00:00.000Z' });
  writeBatch(spool, [f('r1'), f('r2')], null);
  return spool;
}

async function rowsIn(db: string, table = 'pgsense.findings'): Promise<number> {
  const c = await asPostgres(db);
  try {
    return Number((await c.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  } finally { await c.end(); }
}

before(async () => {
  pg = await startCluster(await ensureInstall(18, { extras: false }), {
    hba: ['local all postgres trust', 'local all mallory trust', 'local all all scram-sha-256'],
  });
  await pg.query(`CREATE ROLE mallory LOGIN; CREATE ROLE writer LOGIN PASSWORD '${WRITER_PW}'`);
  await pg.query('CREATE DATABASE central');
  await pg.query('GRANT CREATE ON DATABASE central TO mallory');
  await pg.query('CREATE DATABASE teamdb OWNER mallory');
});
after(async () => { await pg?.stop(); });

test('the reported attack: mallory\'s trojan table with a BEFORE INSERT trigger; run --channel as postgres refuses, the trap never fires', async () => {
  await resetTrap('central');
  await asMallory('central', `CREATE SCHEMA pgsense; ${TABLE('pgsense')};
    CREATE TRIGGER grab BEFORE INSERT ON pgsense.findings FOR EACH ROW EXECUTE FUNCTION trap.trg();
    GRANT USAGE ON SCHEMA pgsense TO PUBLIC; GRANT INSERT ON pgsense.findings TO PUBLIC; GRANT USAGE ON SEQUENCE pgsense.findings_id_seq TO PUBLIC`);
  const spool = join(dir, 'spool-run');
  const out = join(dir, 'run-out');
  const res = await cli(['run', ...connArgs(pg), '--groups', 'connections,logging', '--format', 'Json', '--output', out, '--fail-on', 'never',
    '--channel', channelFile('default-user', 'central'), '--spool-dir', spool]);
  assert.equal(res.code, 3, res.stderr);
  assert.match(res.stderr, /channel: warning: the channel user "postgres" is a superuser/);
  assert.match(res.stderr, /channel: "pgsense"\."findings" is not safe to write as the channel user, nothing was inserted: schema pgsense is owned by mallory, who is not the channel user, a superuser or in trusted_owners; it is owned by mallory, .*trigger grab: CREATE TRIGGER grab BEFORE INSERT ON pgsense\.findings FOR EACH ROW EXECUTE FUNCTION trap\.trg\(\)/);
  assert.match(res.stdout, /channel: 0 findings delivered, [1-9]\d* pending/);
  assert.equal(readdirSync(spool).length, 1, 'the findings stay spooled');
  assert.deepEqual(await fired('central'), { who: [], superuser: false });
  assert.equal(await rowsIn('central'), 0);
  assert.equal(res.stderr.split('\n').filter((l) => l.includes('is a superuser')).length, 1, 'warned once');
});

test('variants with an untrusted owner: an INSERT-only writer and a superuser both refuse; the schema alone, owned by mallory, refuses before CREATE TABLE', async () => {
  // a trap that does nothing visible in the table: a rule that calls mallory's function
  await resetTrap('central');
  await asMallory('central', `CREATE SCHEMA pgsense; ${TABLE('pgsense')};
    CREATE RULE also AS ON INSERT TO pgsense.findings DO ALSO SELECT trap.ok(NEW.id);
    GRANT USAGE ON SCHEMA pgsense TO writer; GRANT INSERT ON pgsense.findings TO writer; GRANT USAGE ON SEQUENCE pgsense.findings_id_seq TO writer`);
  const pw = join(dir, 'writer.pw');
  writeFileSync(pw, WRITER_PW, { mode: 0o600 });
  const writer = channelFile('writer', 'central', { username: '"writer"', password: `{ file = ${JSON.stringify(pw)} }` });
  const asWriter = await cli(['channel', 'flush', '--channel', writer, '--spool-dir', spoolWithBatch('writer')]);
  assert.equal(asWriter.code, 3, asWriter.stderr);
  assert.doesNotMatch(asWriter.stderr, /is a superuser/);
  assert.match(asWriter.stderr, /it is owned by mallory.*rule also: CREATE RULE also AS ON INSERT TO pgsense\.findings DO SELECT trap\.ok\(new\.id\)/);
  assert.match(asWriter.stdout, /channel: 0 findings delivered, 2 pending/);
  assert.deepEqual(await fired('central'), { who: [], superuser: false });
  assert.equal(await rowsIn('central'), 0);

  // mallory owns only the (empty) schema: she could rename it and put her own table in its
  // place between a check and an insert, so nothing is created in it
  await resetTrap('central');
  await asMallory('central', 'CREATE SCHEMA pgsense; GRANT ALL ON SCHEMA pgsense TO PUBLIC');
  const schemaOnly = await cli(['channel', 'flush', '--channel', channelFile('schema-only', 'central'), '--spool-dir', spoolWithBatch('schema-only')]);
  assert.equal(schemaOnly.code, 3, schemaOnly.stderr);
  assert.match(schemaOnly.stderr, /not safe to write as the channel user, nothing was inserted: schema pgsense is owned by mallory/);
  assert.deepEqual(await pg.query(`SELECT 1 FROM pg_class WHERE relname = 'findings'`), []);

  // the owner named as trusted passes the owner check, but not the trap
  const trusting = channelFile('trusting', 'central', { trusted_owners: '["mallory"]' });
  await resetTrap('central');
  await asMallory('central', `CREATE SCHEMA pgsense; ${TABLE('pgsense')};
    CREATE TRIGGER grab BEFORE INSERT ON pgsense.findings FOR EACH ROW EXECUTE FUNCTION trap.trg()`);
  const trusted = await cli(['channel', 'flush', '--channel', trusting, '--spool-dir', spoolWithBatch('trusting')]);
  assert.equal(trusted.code, 3, trusted.stderr);
  assert.match(trusted.stderr, /nothing was inserted: trigger grab: CREATE TRIGGER grab/);
  assert.doesNotMatch(trusted.stderr, /owned by mallory/);
  assert.deepEqual(await fired('central'), { who: [], superuser: false });
});

// Every other place an INSERT runs code, on a table whose owner the channel trusts (so only the
// trap itself can be the reason for the refusal).
const TRAPS: { name: string; sql: string; found: RegExp }[] = [
  { name: 'row-level security policy with a function', found: /row-level security policy watch \(WITH CHECK trap\.ok\(lsn\)\)/,
    sql: `${TABLE('pgsense')}; ALTER TABLE pgsense.findings ENABLE ROW LEVEL SECURITY; CREATE POLICY watch ON pgsense.findings WITH CHECK (trap.ok(lsn))` },
  { name: 'default of id calling a function', found: /column id has default trap\.big\(\); the default of column id uses function trap\.big\(\)/,
    sql: TABLE('pgsense', { defaults: { id: 'trap.big()' } }) },
  { name: 'default of primary_key calling a function', found: /column primary_key has default/,
    sql: TABLE('pgsense', { defaults: { primary_key: "CASE WHEN trap.ok(1) THEN '{}'::jsonb END" } }) },
  { name: 'a domain with a CHECK calling a function', found: /column database has type trap\.dtext \(a domain or another type\), not text/,
    sql: `CREATE DOMAIN trap.dtext AS text CHECK (trap.ok(VALUE)); ${TABLE('pgsense', { columnTypes: { database: 'trap.dtext' } })}` },
  { name: 'a CHECK constraint calling a built-in that runs SQL', found: /constraint sneaky: CHECK .*query_to_xml\('SELECT trap\.ok\(1\)'/,
    sql: TABLE('pgsense', { tail: `CONSTRAINT sneaky CHECK (query_to_xml('SELECT trap.ok(1)', true, true, '') IS NOT NULL)` }) },
  { name: 'an index expression and predicate', found: /index by_imm uses function trap\.imm\(text\)/,
    sql: `${TABLE('pgsense')}; CREATE INDEX by_imm ON pgsense.findings (trap.imm(category)) WHERE trap.imm(severity) <> ''` },
  { name: 'a generated column', found: /column extra is not one of pgsense-rs's columns.*column extra is generated: trap\.imm\(severity\)/,
    sql: TABLE('pgsense', { tail: 'extra text GENERATED ALWAYS AS (trap.imm(severity)) STORED' }) },
  { name: 'a partition whose parent has the trigger', found: /it is a partition of pgsense\.parent.*trigger grab: CREATE TRIGGER grab BEFORE INSERT ON pgsense\.findings/,
    sql: `CREATE TABLE pgsense.parent (id bigint NOT NULL, database text NOT NULL, rule_id text NOT NULL, description text NOT NULL,
        category text NOT NULL, severity text NOT NULL, schema_name text NOT NULL, table_name text NOT NULL, column_name text NOT NULL,
        masked_sample text NOT NULL, primary_key jsonb NOT NULL DEFAULT '{}', lsn bigint NOT NULL, detected_at timestamptz NOT NULL DEFAULT now())
        PARTITION BY LIST (severity);
      CREATE TABLE pgsense.findings PARTITION OF pgsense.parent DEFAULT;
      CREATE UNIQUE INDEX findings_identity ON pgsense.findings (database, rule_id, schema_name, table_name, column_name, md5(primary_key::text), lsn, detected_at);
      CREATE TRIGGER grab BEFORE INSERT ON pgsense.parent FOR EACH ROW EXECUTE FUNCTION trap.trg()` },
  { name: 'an inheritance child', found: /it inherits from trap\.base/,
    sql: `CREATE TABLE trap.base (); ${TABLE('pgsense').replace('CREATE UNIQUE INDEX', 'ALTER TABLE pgsense.findings INHERIT trap.base; CREATE UNIQUE INDEX')}` },
  { name: 'a view with an INSTEAD trigger', found: /it is a view, not a plain table.*trigger grab/,
    sql: `CREATE VIEW pgsense.findings AS SELECT 1::bigint AS id, ''::text AS database;
      CREATE TRIGGER grab INSTEAD OF INSERT ON pgsense.findings FOR EACH ROW EXECUTE FUNCTION trap.trg()` },
];

test('every other place an INSERT runs code is refused, naming it, even when the owner is trusted', async () => {
  const channel = channelFile('trusting-all', 'central', { trusted_owners: '["mallory"]' });
  for (const trap of TRAPS) {
    await resetTrap('central');
    await asMallory('central', `CREATE SCHEMA pgsense; ${trap.sql}`);
    const spool = spoolWithBatch(`trap-${TRAPS.indexOf(trap)}`);
    const res = await cli(['channel', 'flush', '--channel', channel, '--spool-dir', spool]);
    assert.equal(res.code, 3, `${trap.name}: ${res.stderr}`);
    assert.match(res.stderr, /"pgsense"\."findings" is not safe to write as the channel user, nothing was inserted: /, trap.name);
    assert.match(res.stderr, trap.found, `${trap.name}: ${res.stderr}`);
    assert.equal(res.stderr.trim().split('\n').filter((l) => l.startsWith('channel: "pgsense"')).length, 1, `${trap.name}: one line`);
    assert.deepEqual(await fired('central'), { who: [], superuser: false }, trap.name);
    assert.equal(readdirSync(spool).length, 1, `${trap.name}: still spooled`);
  }
});

test('a DDL event trigger whose function mallory owns: the channel creates nothing under it', async () => {
  await resetTrap('central');
  const c = await pg.connect('postgres', 'central');
  try {
    await c.query(`CREATE EVENT TRIGGER trap_ddl ON ddl_command_end EXECUTE FUNCTION trap.evt()`);
  } finally { await c.end(); }
  const res = await cli(['channel', 'flush', '--channel', channelFile('evt', 'central'), '--spool-dir', spoolWithBatch('evt')]);
  assert.equal(res.code, 3, res.stderr);
  assert.match(res.stderr, /channel: the channel database "central" \(creating "pgsense"\."findings"\) is not safe to write as the channel user, nothing was inserted: event trigger trap_ddl \(on ddl_command_end\) runs trap\.evt\(\), owned by mallory/);
  assert.deepEqual(await fired('central'), { who: [], superuser: false });
  assert.deepEqual(await pg.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'pgsense'`), []);
  await resetTrap('central'); // drops the event trigger
});

test('search_path set by the database owner to shadow jsonb with a trapped domain: the insert names pg_catalog\'s, the trap never fires, the findings arrive', async () => {
  await resetTrap('teamdb');
  await asMallory('teamdb', `CREATE DOMAIN trap.jsonb AS pg_catalog.jsonb CHECK (trap.ok(VALUE));
    CREATE DOMAIN trap.text AS pg_catalog.text CHECK (trap.ok(VALUE));
    CREATE DOMAIN trap.int8 AS pg_catalog.int8 CHECK (trap.ok(VALUE));
    CREATE FUNCTION trap.jsonb_to_recordset(pg_catalog.jsonb) RETURNS SETOF record LANGUAGE plpgsql AS $f$BEGIN ${PAYLOAD} END$f$;
    CREATE FUNCTION trap.md5(pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql IMMUTABLE AS $f$BEGIN ${PAYLOAD} RETURN 'x'; END$f$;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA trap TO PUBLIC;
    ALTER DATABASE teamdb SET search_path = trap, pg_catalog, public`);
  const spool = spoolWithBatch('search-path');
  const res = await cli(['channel', 'flush', '--channel', channelFile('teamdb', 'teamdb'), '--spool-dir', spool]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /channel: 2 findings delivered, 0 pending/);
  assert.deepEqual(await fired('teamdb'), { who: [], superuser: false });
  const c = await asPostgres('teamdb');
  try {
    const cols = (await c.query(`SELECT a.attname, a.atttypid::regtype::text AS t FROM pg_attribute a WHERE a.attrelid = 'pgsense.findings'::regclass AND a.attnum > 0 ORDER BY a.attnum`)).rows;
    assert.ok(cols.every((r) => !r.t.startsWith('trap.')), JSON.stringify(cols));
    // printed under mallory's search_path, a built-in shows qualified (printing runs nothing)
    await c.query('SET search_path = trap, pg_catalog');
    const idx = (await c.query(`SELECT pg_catalog.pg_get_indexdef('pgsense.findings_identity'::pg_catalog.regclass) AS d`)).rows[0].d;
    await c.query('SET search_path = pg_catalog, public');
    assert.match(idx, /pg_catalog\.md5\(/, 'the index was built with pg_catalog.md5, not the shadowing one');
    assert.equal(Number((await c.query('SELECT count(*) FROM pgsense.findings')).rows[0].count), 2);
  } finally { await c.end(); }
  // the public schema of mallory's database belongs to pg_database_owner, that is to her
  const intoPublic = await cli(['channel', 'flush', '--channel', channelFile('teamdb-public', 'teamdb', { schema: '"public"' }), '--spool-dir', spoolWithBatch('public')]);
  assert.equal(intoPublic.code, 3, intoPublic.stderr);
  assert.match(intoPublic.stderr, /nothing was inserted: schema public is owned by pg_database_owner \(the database owner mallory\), who is not the channel user/);
  // a second delivery into the table the channel made (the trust check passes on it)
  const again = await cli(['channel', 'flush', '--channel', channelFile('teamdb', 'teamdb'), '--spool-dir', spoolWithBatch('search-path-2')]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /channel: 0 findings delivered \(2 already there, not inserted again\), 0 pending/);
  assert.deepEqual(await fired('teamdb'), { who: [], superuser: false });
});
