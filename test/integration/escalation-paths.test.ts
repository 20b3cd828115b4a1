// access/escalation_paths on real PostgreSQL 14 and 18 (and the required paths on 13 and 16): the
// compiled executor (the one the catalog ships) with its fact (priv_paths, a view of the
// privilege graph) read and bound as the runner does, and once through the CLI. Each required
// scenario (a three-hop membership chain to a superuser, a member of pg_execute_server_program,
// a superuser's SECURITY DEFINER function whose lookups a login role with CREATE on a schema can
// redirect) is reported exactly once with its chain; a clean cluster reports none; and the
// membership options, shortest-path choice and the other kinds behave as docs/verdicts.md says.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import pg from 'pg';
import { cli, connArgs, REPO, startPg, tempPrefix } from './support.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { compilePack } from '../../src/core/pack.ts';
import { bindFacts, type FactValue } from '../../src/core/facts/model.ts';
import { readFactRows } from '../differential/privgraph/model.ts';

interface PathRow { role: string | null; kind: string | null; severity: string | null; target: string | null; hops: number | null; chain: string | null; fix: string | null; total: number }

const PACK = compilePack(loadPackFromConfig(join(REPO, 'dist/catalog/config.json')));
const SQL = readFileSync(join(REPO, 'dist/catalog/access/escalation_paths/query.sql'), 'utf8');

const SCENARIOS = `
  CREATE ROLE esc_admins NOLOGIN SUPERUSER; CREATE ROLE esc_ops NOLOGIN; CREATE ROLE esc_team NOLOGIN; CREATE ROLE esc_alice LOGIN;
  GRANT esc_admins TO esc_ops; GRANT esc_ops TO esc_team; GRANT esc_team TO esc_alice;
  CREATE ROLE esc_bob LOGIN; GRANT pg_execute_server_program TO esc_bob;
  CREATE ROLE esc_carol LOGIN; CREATE SCHEMA esc_app; GRANT USAGE, CREATE ON SCHEMA esc_app TO esc_carol;
  CREATE FUNCTION esc_app.esc_f() RETURNS int SECURITY DEFINER LANGUAGE sql AS 'SELECT length(lower(''x''))';
  REVOKE EXECUTE ON FUNCTION esc_app.esc_f() FROM PUBLIC; GRANT EXECUTE ON FUNCTION esc_app.esc_f() TO esc_carol`;
const DROP_SCENARIOS = 'DROP FUNCTION esc_app.esc_f(); DROP SCHEMA esc_app; DROP ROLE esc_alice, esc_team, esc_ops, esc_admins, esc_bob, esc_carol';

const EXPECTED = [
  { role: 'esc_alice', kind: 'superuser', target: 'esc_admins', hops: 3,
    chain: 'esc_alice → (member, SET) → esc_team → (member, SET) → esc_ops → (member, SET) → esc_admins → SUPERUSER esc_admins' },
  { role: 'esc_bob', kind: 'server_files', target: 'pg_execute_server_program', hops: 1,
    chain: 'esc_bob → (member, SET) → pg_execute_server_program → COPY ... PROGRAM: shell commands as the server account' },
  { role: 'esc_carol', kind: 'superuser', target: 'postgres', hops: 1,
    chain: 'esc_carol → (CREATE on a schema, calls esc_app.esc_f(), which has no pinned search_path) → postgres → SUPERUSER postgres' },
];

/** The check's executor with its fact read and bound as the runner does. */
async function run(c: Cluster, sql: string, facts: string[]): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(c.clientConfig());
  await client.connect();
  try {
    const rows = await readFactRows(client, PACK, facts);
    const values = new Map<string, FactValue>([...rows].map(([id, r]) => [id, { ok: true, rows: r }]));
    return (await client.query(bindFacts(sql, values))).rows;
  } finally {
    await client.end();
  }
}
const paths = async (c: Cluster, _major: number) => (await run(c, SQL, ['priv_paths'])) as unknown as PathRow[];
const suEquivalent = async (c: Cluster) => ((await run(c, 'WITH\n' + 'su AS (SELECT * FROM jsonb_to_recordset(sec_check_fact(\'su_equiv\')) AS x(rolname name, rolcanlogin boolean, rolsuper boolean))\n'
  + 'SELECT rolname FROM su WHERE NOT rolsuper AND rolcanlogin ORDER BY 1', ['su_equiv'])) as { rolname: string }[]).map((r) => r.rolname);
const real = (rows: PathRow[]) => rows.filter((r) => r.kind !== null);
const pick = (rows: PathRow[]) => real(rows).map(({ role, kind, target, hops, chain }) => ({ role, kind, target, hops, chain }));

for (const major of [14, 18] as const) {
  describe(`PostgreSQL ${major}`, () => {
    let c: Cluster;
    before(async () => { c = await startPg(major); });
    after(async () => { await c?.stop(); });

    test('a clean cluster reports no path (one row of NULLs, total 0)', async () => {
      const rows = await paths(c, major);
      assert.deepEqual(rows, [{ role: null, kind: null, severity: null, target: null, hops: null, chain: null, fix: null, total: 0 }]);
    });

    test('the three required paths, each exactly once with its chain, severity Error and a fix where one is safe', async () => {
      await c.query(SCENARIOS);
      try {
        const rows = await paths(c, major);
        assert.deepEqual(pick(rows), EXPECTED);
        assert.ok(rows.every((r) => r.severity === 'Error' && r.total === 3));
        const grantedBy = major >= 16 ? ' GRANTED BY postgres' : '';
        assert.deepEqual(rows.map((r) => r.fix), [`REVOKE esc_admins FROM esc_ops${grantedBy};`, `REVOKE pg_execute_server_program FROM esc_bob${grantedBy};`, null]);
        // the su_equiv fact (the same graph) calls the same roles superuser-equivalent
        assert.deepEqual(await suEquivalent(c), ['esc_alice', 'esc_bob', 'esc_carol']);
        // the fix breaks the chain
        await c.query(rows[0].fix!);
        assert.deepEqual(pick(await paths(c, major)).map((r) => r.role), ['esc_bob', 'esc_carol']);
      } finally {
        await c.query(DROP_SCENARIOS);
      }
      assert.equal(real(await paths(c, major)).length, 0);
    });

    test('shortest chain once per role and target; SECURITY DEFINER through a trigger, not an internal one; event trigger function its owner can replace', async () => {
      await c.query(`
        CREATE ROLE esc_su NOLOGIN SUPERUSER; CREATE ROLE esc_g1 NOLOGIN; CREATE ROLE esc_g2 NOLOGIN; CREATE ROLE esc_g3 NOLOGIN;
        GRANT esc_su TO esc_g1; GRANT esc_g1 TO esc_g2; GRANT esc_g2 TO esc_g3; GRANT esc_su TO esc_g3;
        CREATE ROLE esc_dan LOGIN; GRANT esc_g2 TO esc_dan; GRANT esc_g3 TO esc_dan;   -- dan: via g3 (2 hops) or g2 (3)
        CREATE SCHEMA esc_w; CREATE ROLE esc_writer LOGIN; GRANT USAGE, CREATE ON SCHEMA esc_w TO esc_writer;
        CREATE FUNCTION public.esc_norm(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
        CREATE TABLE esc_w.t (x int); GRANT INSERT ON esc_w.t TO esc_writer;
        -- esc_w comes before public in its path: a look-alike esc_norm there runs as the owner
        CREATE FUNCTION esc_w.trg() RETURNS trigger SECURITY DEFINER SET search_path = esc_w, public, pg_temp LANGUAGE plpgsql
          AS 'BEGIN NEW.x := esc_norm(NEW.x); RETURN NEW; END';
        REVOKE EXECUTE ON FUNCTION esc_w.trg() FROM PUBLIC;
        CREATE TRIGGER esc_t BEFORE INSERT ON esc_w.t FOR EACH ROW EXECUTE FUNCTION esc_w.trg();
        -- an internal function looks nothing up by name: no path although unpinned and PUBLIC may run it
        CREATE FUNCTION esc_w.esc_int(cstring) RETURNS int4 SECURITY DEFINER LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
        CREATE ROLE esc_evt LOGIN; CREATE SCHEMA esc_evs AUTHORIZATION esc_evt;
        CREATE FUNCTION esc_evs.esc_evt_fn() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS 'BEGIN END';
        ALTER FUNCTION esc_evs.esc_evt_fn() OWNER TO esc_evt;
        CREATE EVENT TRIGGER esc_evt_trg ON ddl_command_start EXECUTE FUNCTION esc_evs.esc_evt_fn();`);
      try {
        const rows = pick(await paths(c, major));
        const dan = rows.filter((r) => r.role === 'esc_dan');
        assert.equal(dan.length, 1, JSON.stringify(dan));
        assert.equal(dan[0].hops, 2);
        assert.equal(dan[0].chain, 'esc_dan → (member, SET) → esc_g3 → (member, SET) → esc_su → SUPERUSER esc_su');
        assert.deepEqual(rows.filter((r) => r.role === 'esc_writer'), [{ role: 'esc_writer', kind: 'superuser', target: 'postgres', hops: 1,
          chain: 'esc_writer → (CREATE ON SCHEMA esc_w in the search_path of esc_w.trg(), calls it) → postgres → SUPERUSER postgres' }]);
        assert.deepEqual(rows.filter((r) => r.role === 'esc_evt'), [{ role: 'esc_evt', kind: 'event_trigger', target: 'esc_evt_trg', hops: 0,
          chain: 'esc_evt → can replace esc_evs.esc_evt_fn() (owner rights), the function of event trigger esc_evt_trg, which runs as whoever runs DDL, superusers too' }]);
        assert.equal(rows.length, 3, JSON.stringify(rows));
        // without write access to the table, the trigger's function is out of reach
        await c.query('REVOKE INSERT ON esc_w.t FROM esc_writer');
        assert.deepEqual(pick(await paths(c, major)).filter((r) => r.role === 'esc_writer'), []);
        // owning the table is write access (the owner can grant itself INSERT again)
        await c.query('ALTER TABLE esc_w.t OWNER TO esc_writer; REVOKE ALL ON esc_w.t FROM esc_writer');
        assert.deepEqual(pick(await paths(c, major)).filter((r) => r.role === 'esc_writer').map((r) => r.target), ['postgres']);
      } finally {
        await c.query(`DROP EVENT TRIGGER esc_evt_trg; DROP SCHEMA esc_evs CASCADE; DROP SCHEMA esc_w CASCADE; DROP FUNCTION public.esc_norm(int);
          DROP ROLE esc_dan, esc_g3, esc_g2, esc_g1, esc_su, esc_writer, esc_evt`);
      }
    });

    if (major === 14) {
      test('14: CREATEROLE grants itself any non-superuser role (pg_execute_server_program), also one SET ROLE away; PUBLIC CREATE on public opens unpinned SECURITY DEFINER functions', async () => {
        await c.query(`CREATE ROLE esc_mgr NOLOGIN CREATEROLE; CREATE ROLE esc_lead LOGIN CREATEROLE; CREATE ROLE esc_eve LOGIN NOINHERIT; GRANT esc_mgr TO esc_eve`);
        try {
          const rows = real(await paths(c, major));
          const program = rows.filter((r) => r.target === 'pg_execute_server_program').map(({ role, chain, fix }) => ({ role, chain, fix }));
          assert.deepEqual(program, [
            { role: 'esc_eve', fix: null,
              chain: 'esc_eve → (member, SET) → esc_mgr → (CREATEROLE before 16: can grant itself the membership) → pg_execute_server_program → COPY ... PROGRAM: shell commands as the server account' },
            { role: 'esc_lead', fix: null,
              chain: 'esc_lead → (CREATEROLE before 16: can grant itself the membership) → pg_execute_server_program → COPY ... PROGRAM: shell commands as the server account' },
          ]);
          assert.deepEqual(await suEquivalent(c), ['esc_eve', 'esc_lead']);
          await c.query(`CREATE FUNCTION public.esc_open() RETURNS int SECURITY DEFINER LANGUAGE sql AS 'SELECT length(lower(''x''))'`);
          const open = real(await paths(c, major)).filter((r) => r.kind === 'superuser').map((r) => [r.role, r.chain]);
          assert.deepEqual(open, [
            ['esc_eve', 'esc_eve → (CREATE on a schema, calls public.esc_open(), which has no pinned search_path) → postgres → SUPERUSER postgres'],
            ['esc_lead', 'esc_lead → (CREATE on a schema, calls public.esc_open(), which has no pinned search_path) → postgres → SUPERUSER postgres'],
          ]);
        } finally {
          await c.query('DROP FUNCTION IF EXISTS public.esc_open(); DROP ROLE esc_eve, esc_mgr, esc_lead');
        }
      });
    }

    if (major === 18) {
      test('18: membership options decide (SET, INHERIT into a superuser owning nothing, neither, ADMIN OPTION); CREATEROLE is not a path; parameter privileges', async () => {
        await c.query(`CREATE ROLE esc_su NOLOGIN SUPERUSER; CREATE ROLE esc_mid NOLOGIN;
          CREATE ROLE esc_i LOGIN; CREATE ROLE esc_s LOGIN; CREATE ROLE esc_n LOGIN; CREATE ROLE esc_a LOGIN; CREATE ROLE esc_cr LOGIN CREATEROLE;
          GRANT esc_su TO esc_i WITH INHERIT TRUE, SET FALSE;
          GRANT esc_su TO esc_s WITH INHERIT FALSE, SET TRUE;
          GRANT esc_su TO esc_n WITH INHERIT FALSE, SET FALSE;
          GRANT esc_su TO esc_mid; GRANT esc_mid TO esc_a WITH ADMIN TRUE, INHERIT FALSE, SET FALSE;
          CREATE ROLE esc_p LOGIN; GRANT ALTER SYSTEM ON PARAMETER archive_command TO esc_p; GRANT SET ON PARAMETER log_statement TO esc_p`);
        try {
          const rows = real(await paths(c, major)).map(({ role, kind, severity, target, chain, fix }) => ({ role, kind, severity, target, chain, fix }));
          assert.deepEqual(rows, [
            { role: 'esc_a', kind: 'superuser', severity: 'Error', target: 'esc_su', fix: 'REVOKE esc_su FROM esc_mid GRANTED BY postgres;',
              chain: 'esc_a → (ADMIN OPTION: can grant itself the membership) → esc_mid → (member, SET) → esc_su → SUPERUSER esc_su' },
            { role: 'esc_p', kind: 'parameter', severity: 'Error', target: 'archive_command', fix: 'REVOKE ALTER SYSTEM ON PARAMETER archive_command FROM esc_p;',
              chain: 'esc_p → ALTER SYSTEM ON PARAMETER archive_command' },
            { role: 'esc_s', kind: 'superuser', severity: 'Error', target: 'esc_su', fix: 'REVOKE esc_su FROM esc_s GRANTED BY postgres;',
              chain: 'esc_s → (member, SET) → esc_su → SUPERUSER esc_su' },
            { role: 'esc_p', kind: 'parameter', severity: 'Warning', target: 'log_statement', fix: 'REVOKE SET ON PARAMETER log_statement FROM esc_p;',
              chain: 'esc_p → SET ON PARAMETER log_statement' },
          ]);
          // INHERIT alone passes privileges, not the attribute: once esc_su owns a function in a
          // schema esc_i can create in, esc_i replaces it and runs as esc_su
          await c.query('CREATE SCHEMA esc_own AUTHORIZATION esc_su; CREATE FUNCTION esc_own.f() RETURNS int LANGUAGE sql AS \'SELECT 1\'; ALTER FUNCTION esc_own.f() OWNER TO esc_su');
          const inherit = real(await paths(c, major)).filter((r) => r.role === 'esc_i');
          assert.deepEqual(inherit.map((r) => r.chain), ['esc_i → (member, INHERIT) → esc_su → (owner rights: replaces one of its functions as SECURITY DEFINER, or indexes one of its tables, and runs code as esc_su) → SUPERUSER esc_su']);
        } finally {
          await c.query(`REVOKE ALL ON PARAMETER archive_command, log_statement FROM esc_p; DROP SCHEMA IF EXISTS esc_own CASCADE;
            DROP ROLE esc_i, esc_s, esc_n, esc_a, esc_mid, esc_su, esc_cr, esc_p`);
        }
      });

      test('18: a language flagged trusted with an untrusted handler, USAGE for PUBLIC', async () => {
        await c.query(`CREATE EXTENSION pltclu; UPDATE pg_language SET lanpltrusted = true WHERE lanname = 'pltclu';
          GRANT USAGE ON LANGUAGE pltclu TO PUBLIC; CREATE ROLE esc_l LOGIN`);
        try {
          const rows = real(await paths(c, major)).map(({ role, kind, target, chain, fix }) => ({ role, kind, target, chain, fix }));
          assert.deepEqual(rows, [{ role: 'esc_l', kind: 'untrusted_language', target: 'pltclu', fix: 'REVOKE USAGE ON LANGUAGE pltclu FROM PUBLIC;',
            chain: 'esc_l → USAGE ON LANGUAGE pltclu (flagged trusted, handler pltclu_call_handler runs code as the server account)' }]);
          assert.deepEqual(await suEquivalent(c), ['esc_l'], 'code as the server account: superuser-equivalent');
          await c.query(`UPDATE pg_language SET lanpltrusted = false WHERE lanname = 'pltclu'`);
          assert.deepEqual(real(await paths(c, major)), []);
        } finally {
          await c.query('DROP EXTENSION pltclu; DROP ROLE esc_l');
        }
      });

      test('18: the CLI reports the check as Error with the paths as evidence rows', async () => {
        await c.query(SCENARIOS);
        try {
          const out = tempPrefix('escalation');
          const res = await cli(['run', ...connArgs(c), '--groups', 'access', '--format', 'Json', '--output', out]);
          assert.ok(res.code === 0 || res.code === 1, res.stderr + res.stdout);
          const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
          const r = report.results.find((x: { check_id: string }) => x.check_id === 'escalation_paths');
          assert.equal(r.status, 'Error');
          assert.match(r.short_description, /^3 privilege-escalation path\(s\) for 3 login role\(s\)/);
          assert.deepEqual(r.executors[0].rows.map((x: PathRow) => x.chain), EXPECTED.map((e) => e.chain));
          for (const e of EXPECTED) assert.ok(r.full_description.includes(e.chain), e.chain);
        } finally {
          await c.query(DROP_SCENARIOS);
        }
      });
    }
  });
}

// The other majors the CLI supports: the memberships' columns and rules change at 16, parameter
// privileges start at 15; the required scenarios read the same on 13 and 16.
for (const major of [13, 16] as const) {
  test(`PostgreSQL ${major}: clean cluster, then the three required paths once each`, async () => {
    const c = await startCluster(await ensureInstall(major));
    try {
      assert.deepEqual(real(await paths(c, major)), []);
      await c.query(SCENARIOS);
      assert.deepEqual(pick(await paths(c, major)), EXPECTED);
    } finally {
      await c.stop();
    }
  });
}
