// The truth for the privilege-graph differential suite: a login role actually tries, on the
// live server, every route to act as another role that PostgreSQL allows, inside one
// transaction that is rolled back. No model is consulted — the server accepts or refuses.
//
// "Acting as R" is proven by a handle: a SECURITY DEFINER function in pg_temp that R itself
// created (so R owns it) while the prober was running SQL as R; calling it runs any SQL as R
// (inside a function: SET ROLE is refused, everything else R may do works). Routes tried, from
// every identity already reached, until nothing new is reached:
//   SET ROLE r (the session user's memberships decide) — then create the handle as r
//   GRANT r TO <session user> (ADMIN OPTION, CREATEROLE before 16), then SET ROLE r; the same
//     grant to every other identity reached (its privileges then include r's)
//   owner rights: CREATE OR REPLACE a function r owns as SECURITY DEFINER (moving it first to a
//     schema one can create in, or a new schema), or build an index on r's table with one's
//     own function (index expressions run as the table owner)
//   SECURITY DEFINER functions of r: call them with SQL as their argument; put look-alikes of
//     the names their body uses (functions, a temporary view or a view in a schema) where their
//     search_path finds them first, the caller's search_path set to that schema, and call them
//   ALTER FUNCTION <a handle> OWNER TO r (needs SET on r, and r's CREATE on the schema)
// Then, as each identity, what it can do: is_superuser, COPY TO PROGRAM, COPY TO a file, COPY
// FROM a file, and pg_has_role(current_user, P, 'USAGE') for every predefined role.
import pg from 'pg';
import type { CaseSpec } from './generate.ts';

export interface ProbeResult {
  login: string;
  /** roles acted as, with the route that first reached each */
  reached: Map<string, string>;
  superuser: boolean;
  program: boolean;
  writeFiles: boolean;
  readFiles: boolean;
  /** predefined roles whose privileges some identity had */
  predefined: Set<string>;
  /** event triggers whose function some identity made run its code (on the prober's own DDL) */
  eventTriggers: Set<string>;
  /** statements tried */
  attempts: number;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Handle { role: string; exec: string; query: string; session: boolean }

export async function probeLogin(config: pg.ClientConfig, spec: CaseSpec, login: string, major: number): Promise<ProbeResult> {
  const c = new pg.Client(config);
  c.on('error', () => {});
  await c.connect();
  const res: ProbeResult = { login, reached: new Map(), superuser: false, program: false, writeFiles: false, readFiles: false, predefined: new Set(), eventTriggers: new Set(), attempts: 0 };
  let sp = 0;
  let handleNo = 0;
  // Each attempt is one round trip when it works: the savepoint, the statements and the release
  // (or the rollback to it) go in one simple-protocol query string; a statement that fails skips
  // the rest of the string, and one more round trip undoes the savepoint.
  const undo = (name: string) => c.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
  const lastRows = (r: unknown, offset: number): any[] => {
    const list = Array.isArray(r) ? r : [r];
    return (list[list.length - 1 - offset] as { rows?: any[] })?.rows ?? [];
  };
  /** one attempt in a savepoint: kept when it works, undone when the server refuses */
  const attempt = async (sqls: string[]): Promise<any[] | null> => {
    const name = `a${sp++}`;
    res.attempts++;
    try {
      const r = await c.query(`SAVEPOINT ${name}; ${sqls.join('; ')}; RELEASE SAVEPOINT ${name}`);
      return lastRows(r, 1);
    } catch (e) {
      if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] ${(e as Error).message} <- ${sqls.map((x) => x.slice(0, 160)).join(' ; ')}\n`);
      await undo(name);
      return null;
    }
  };
  /** a test of what an identity can do: always undone */
  const can = async (sqls: string[]): Promise<boolean> => {
    const name = `a${sp++}`;
    res.attempts++;
    try {
      await c.query(`SAVEPOINT ${name}; ${sqls.join('; ')}; ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
      return true;
    } catch (e) {
      if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] cannot: ${(e as Error).message} <- ${sqls.map((x) => x.slice(0, 120)).join(' ; ')}\n`);
      await undo(name);
      return false;
    }
  };
  try {
    await c.query('BEGIN');
    // the session's temporary schema exists before anyone creates a handle in it
    await c.query('CREATE TEMP TABLE sc_sink (a int)');
    await c.query('GRANT INSERT ON pg_temp.sc_sink TO PUBLIC');
    const catalog = await c.query<{ rolname: string; rolsuper: boolean }>(`SELECT rolname, rolsuper FROM pg_roles ORDER BY rolname`);
    const allRoles = catalog.rows.map((r) => r.rolname).filter((n) => !n.startsWith('pg_') || n === 'pg_database_owner' || /^pg_(execute|write|read)_server/.test(n) || ['pg_monitor', 'pg_read_all_data', 'pg_write_all_data', 'pg_signal_backend', 'pg_read_all_settings', 'pg_read_all_stats', 'pg_stat_scan_tables'].includes(n));
    const predefinedRoles = catalog.rows.map((r) => r.rolname).filter((n) => n.startsWith('pg_'));
    const handles = new Map<string, Handle>();
    /** SQL that, run as anyone, leaves a handle owned by whoever ran it */
    const makeHandle = () => {
      const k = handleNo++;
      const exec = `pg_temp.sc_x${k}`;
      const query = `pg_temp.sc_q${k}`;
      // the look-alike may run more than once in one call: only the first creates the handle
      const ddl = `DO $d$ BEGIN IF to_regprocedure('${exec}(text)') IS NULL THEN `
        + `CREATE FUNCTION ${exec}(text) RETURNS void SECURITY DEFINER LANGUAGE plpgsql AS $f$ BEGIN EXECUTE $1; END $f$; `
        + `CREATE FUNCTION ${query}(text) RETURNS text SECURITY DEFINER LANGUAGE plpgsql AS $f$ DECLARE r text; BEGIN EXECUTE $1 INTO r; RETURN r; END $f$; END IF; END $d$`;
      return { k, exec, query, ddl };
    };
    const ownerOf = async (fn: string): Promise<string | null> => {
      const rows = (await c.query(`SELECT pg_get_userbyid(proowner) AS o FROM pg_proc WHERE oid = to_regprocedure(${lit(`${fn}(text)`)})`)).rows;
      return rows[0]?.o ?? null;
    };
    /** After a route ran a handle's DDL: who owns it is who we reached. */
    const adopt = async (h: { exec: string; query: string }, route: string, session: boolean): Promise<boolean> => {
      const owner = await ownerOf(h.exec);
      if (!owner || handles.has(owner)) return false;
      handles.set(owner, { role: owner, exec: h.exec, query: h.query, session });
      res.reached.set(owner, route);
      return true;
    };
    const asRole = (h: Handle, sql: string) => `SELECT ${h.exec}(${lit(sql)})`;
    const queryAs = (h: Handle, sql: string) => `SELECT ${h.query}(${lit(sql)}) AS v`;

    // the login itself
    {
      const h = makeHandle();
      await c.query(h.ddl);
      await adopt(h, 'itself', true);
    }
    /** A route: kept only when it reached someone new, otherwise undone (look-alikes included). */
    const tryRoute = async (route: string, session: boolean, steps: (ddl: string) => string[]): Promise<boolean> => {
      const h = makeHandle();
      const name = `a${sp++}`;
      res.attempts++;
      let adopted = false;
      try {
        // the steps, then who owns the handle, in one round trip
        const r = await c.query(`SAVEPOINT ${name}; ${steps(h.ddl).join('; ')}; SELECT pg_get_userbyid(proowner) AS o FROM pg_proc WHERE oid = to_regprocedure(${lit(`${h.exec}(text)`)})`);
        const owner = lastRows(r, 0)[0]?.o as string | undefined;
        if (owner && !handles.has(owner)) {
          handles.set(owner, { role: owner, exec: h.exec, query: h.query, session });
          res.reached.set(owner, route);
          adopted = true;
        }
      } catch (e) {
        if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] ${(e as Error).message} <- ${route}\n`);
      }
      if (adopted) await c.query(`RELEASE SAVEPOINT ${name}`);
      else await undo(name);
      if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] ${adopted ? 'reached someone' : 'reached no one new'}: ${route}\n`);
      return adopted;
    };
    // what an identity can do, each proven by doing it (and undoing it): creating a superuser
    // role needs SUPERUSER (is_superuser would show the session's, not a function owner's)
    const caps = async (h: Handle) => {
      if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] what can ${h.role} do (${h.exec})\n`);
      if (await can([asRole(h, `CREATE ROLE sc_probe_superuser SUPERUSER`)])) res.superuser = true;
      const v = await attempt([queryAs(h, `SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE 'pg\\_%' AND oid < 16384 AND pg_has_role(current_user, oid, 'USAGE')`)]);
      for (const x of String(v?.[0]?.v ?? '').split(',').filter(Boolean)) res.predefined.add(x);
      if (await can([asRole(h, `COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'`)])) res.program = true;
      if (await can([asRole(h, `COPY (SELECT 1) TO '/dev/null'`)])) res.writeFiles = true;
      if (await can([asRole(h, `COPY pg_temp.sc_sink FROM '/dev/null'`)])) res.readFiles = true;
    };
    const checked = new Set<string>();
    const creatableSchemas = async (h: Handle): Promise<string[]> => {
      const v = await attempt([queryAs(h, `SELECT string_agg(nspname, chr(1)) FROM pg_namespace WHERE has_schema_privilege(current_user, oid, 'CREATE') AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast%'`)]);
      return String(v?.[0]?.v ?? '').split('\u0001').filter(Boolean);
    };
    const canCreateSchema = async (h: Handle) => (await attempt([queryAs(h, `SELECT has_database_privilege(current_user, current_database(), 'CREATE')::text`)]))?.[0]?.v === 'true';

    // objects others own: plain functions with a simple signature, ordinary tables
    const ownedFns = (await c.query<{ owner: string; sig: string; nsp: string; name: string; args: string; types: string; ret: string }>(`
      SELECT pg_get_userbyid(p.proowner) AS owner, n.nspname AS nsp, p.proname AS name,
             pg_get_function_arguments(p.oid) AS args, format_type(p.prorettype, NULL) AS ret,
             array_to_string(ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) AS t), chr(1)) AS types,
             format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig
        FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
       WHERE p.prokind = 'f' AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname <> 'information_schema'
         AND (n.nspname <> 'pg_catalog' OR p.proname ~ '^c[0-9]+_f[0-9]+$' OR (p.proname = 'timeofday' AND p.pronargs = 0))
         AND NOT p.proretset AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
         AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes) AS t WHERE format_type(t, NULL) LIKE 'any%')
       ORDER BY 1, 2, 3`)).rows;
    const ownedTables = (await c.query<{ owner: string; nsp: string; name: string }>(`
      SELECT pg_get_userbyid(c.relowner) AS owner, n.nspname AS nsp, c.relname AS name
        FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1, 2, 3`)).rows;

    // Event triggers: does code of ours run when DDL runs? Fired by the session's own DDL (a
    // temporary table) after replacing the function (owner rights) or planting a look-alike of
    // a name it looks up; the function runs as whoever runs DDL, so a superuser's DDL would run
    // it too. Without a path of its own, the function looks names up in the DDL runner's: the
    // bootstrap superuser's default path ("$user", public) stands for it, as the graph's fact
    // takes the auditing session's (postgres). Each try is undone.
    const fired = async (steps: string[]): Promise<boolean> => {
      const name = `a${sp++}`;
      res.attempts++;
      try {
        const r = await c.query(`SAVEPOINT ${name}; SELECT set_config('sc.evt', '', true); ${steps.join('; ')}; DISCARD PLANS; CREATE TEMP TABLE sc_evt_fire (a int); SELECT current_setting('sc.evt', true) AS v`);
        const v = lastRows(r, 0)[0]?.v;
        await undo(name);
        return v === 'hit';
      } catch (e) {
        if (process.env.PRIVGRAPH_DEBUG) process.stderr.write(`[probe ${login}] event trigger: ${(e as Error).message}\n`);
        await undo(name);
        return false;
      }
    };
    const hit = `$e$ BEGIN PERFORM set_config('sc.evt', 'hit', true); END $e$`;
    const hijackEventTriggers = async (h: Handle, schemas: string[], newSchema: boolean) => {
      for (const e of spec.eventTriggers) {
        if (res.eventTriggers.has(e.name)) continue;
        const fn = `${q(e.schema)}.${q(e.fname)}`;
        const homes = [e.schema, ...schemas.filter((x) => x !== e.schema), ...(newSchema ? [`sc_new_${h.role}`] : [])];
        let done = false;
        for (const nsp of homes) {
          const move = nsp === e.schema ? [] : [...(nsp.startsWith('sc_new_') ? [asRole(h, `CREATE SCHEMA IF NOT EXISTS ${q(nsp)}`)] : []), asRole(h, `ALTER FUNCTION ${fn}() SET SCHEMA ${q(nsp)}`)];
          if (await fired([...move, asRole(h, `CREATE OR REPLACE FUNCTION ${q(nsp)}.${q(e.fname)}() RETURNS event_trigger LANGUAGE plpgsql AS ${hit}`)])) { done = true; break; }
        }
        if (!done && e.names.length) {
          const places = [...schemas];
          if (newSchema) for (const x of [...(e.pathSchemas ?? ['postgres']), `sc_new_${h.role}`]) if (!places.includes(x)) places.push(x);
          for (const nsp of places) {
            const steps = [
              ...(newSchema && !schemas.includes(nsp) ? [asRole(h, `CREATE SCHEMA IF NOT EXISTS ${q(nsp)}`)] : []),
              asRole(h, `DO $g$ BEGIN GRANT USAGE ON SCHEMA ${q(nsp).replace(/\$/g, '')} TO PUBLIC; EXCEPTION WHEN insufficient_privilege THEN NULL; END $g$`),
              ...e.names.map((nm) => asRole(h, `CREATE FUNCTION ${q(nsp)}.${q(nm.name)}() RETURNS void LANGUAGE plpgsql AS ${hit}`)),
              // the DDL runner's path when the function has none (the bootstrap superuser's)
              `SELECT set_config('search_path', 'postgres, public', true)`];
            if (await fired(steps)) { done = true; break; }
          }
        }
        if (done) res.eventTriggers.add(e.name);
      }
    };

    const grantors = new Set<string>();
    const givenTo = new Set<string>();
    /** roles the prober granted to the session user (to SET ROLE them) */
    const selfGranted = new Set<string>();
    /** grants to other identities refused, perhaps as circular only through selfGranted */
    const lastResort = new Map<string, { h: Handle; r: string; x: string; give: string }>();
    for (let round = 0; round < 30 && !res.superuser; round++) {
      let grew = false;
      // SET ROLE as the session user
      for (const r of allRoles) {
        if (handles.has(r)) continue;
        // (a refused route is rolled back to its savepoint, which undoes SET ROLE too)
        if (await tryRoute(`SET ROLE ${r}`, true, (ddl) => [`SET ROLE ${q(r)}`, ddl, 'RESET ROLE'])) grew = true;
      }
      for (const h of [...handles.values()]) {
        if (!checked.has(h.role)) { checked.add(h.role); await caps(h); if (res.superuser) break; }
        // grant a role to the session user
        for (const r of allRoles) {
          if (handles.has(r) || r === login) continue;
          const grant = major >= 16 ? `GRANT ${q(r)} TO ${q(login)} WITH SET TRUE, INHERIT TRUE` : `GRANT ${q(r)} TO ${q(login)}`;
          const granted = await attempt([asRole(h, grant)]) !== null;
          if (granted) { grantors.add(h.role); selfGranted.add(r); }
          // the acting role may also take the membership itself (its privileges then include r's)
          if (h.role !== login && !h.role.startsWith('pg_')) {
            const own = major >= 16 ? `GRANT ${q(r)} TO ${q(h.role)} WITH INHERIT TRUE` : `GRANT ${q(r)} TO ${q(h.role)}`;
            await attempt([asRole(h, own)]);
          }
          if (granted) {
            if (await tryRoute(`${h.role} grants ${r} to ${login}, SET ROLE`, true, (ddl) => [`SET ROLE ${q(r)}`, ddl, 'RESET ROLE'])) grew = true;
          }
        }
        // whoever may grant a role may grant it to any role (CREATEROLE before 16: any role to
        // anyone): to another identity reached, whose privileges then include it too
        if (grantors.has(h.role) || (major < 16 && h.role === login && await attempt([asRole(h, `SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolcreaterole`)]).then((x) => (x?.length ?? 0) > 0))) {
          for (const r of allRoles) {
            for (const x of [...handles.keys()]) {
              const pair = `${r}\u0000${x}`;
              if (x === login || x === h.role || x === r || x.startsWith('pg_') || givenTo.has(pair)) continue;
              const give = asRole(h, major >= 16 ? `GRANT ${q(r)} TO ${q(x)} WITH INHERIT TRUE` : `GRANT ${q(r)} TO ${q(x)}`);
              let given = await attempt([give]) !== null;
              if (given) { givenTo.add(pair); grew = true; }
              // refused perhaps only because of the prober's own grants to the session user: tried
              // again once nothing else is left (below)
              else if (major < 16 && r !== login && selfGranted.size) lastResort.set(pair, { h, r, x, give });
            }
          }
        }
        const schemas = await creatableSchemas(h);
        const newSchema = await canCreateSchema(h);
        // owner rights over a function of someone not reached yet
        for (const f of ownedFns) {
          if (handles.has(f.owner)) continue;
          const callArgs = f.types ? f.types.split('\u0001').map((t) => `NULL::${t}`).join(', ') : '';
          const replace = (nsp: string) => `CREATE OR REPLACE FUNCTION ${q(nsp)}.${q(f.name)}(${f.args}) RETURNS ${f.ret} SECURITY DEFINER LANGUAGE plpgsql AS $r$ BEGIN EXECUTE current_setting('sc.payload'); RETURN NULL; END $r$`;
          const targets = [f.nsp, ...schemas.filter((s) => s !== f.nsp)];
          if (newSchema) targets.push(`sc_new_${h.role}`);
          for (const nsp of targets) {
            const move: string[] = nsp === f.nsp ? [] : [...(nsp.startsWith('sc_new_') ? [asRole(h, `CREATE SCHEMA IF NOT EXISTS ${q(nsp)}`)] : []), asRole(h, `ALTER FUNCTION ${f.sig} SET SCHEMA ${q(nsp)}`)];
            if (await tryRoute(`${h.role} replaces ${f.sig} (owner rights) in ${nsp}`, false, (ddl) => [...move, asRole(h, replace(nsp)), `SELECT set_config('sc.payload', ${lit(ddl)}, true)`, asRole(h, `SELECT ${q(nsp)}.${q(f.name)}(${callArgs})`)])) { grew = true; break; }
            if (handles.has(f.owner)) break;
          }
        }
        // owner rights over a table: an index expression runs as the table owner
        for (const t of ownedTables) {
          if (handles.has(t.owner)) continue;
          const homes = [...schemas];
          if (newSchema) homes.push(`sc_new_${h.role}`);
          for (const nsp of homes) {
            const fn = `${q(nsp)}.sc_ix${sp}`;
            const steps = (ddl: string) => [
              ...(nsp.startsWith('sc_new_') ? [asRole(h, `CREATE SCHEMA IF NOT EXISTS ${q(nsp)}`)] : []),
              asRole(h, `CREATE FUNCTION ${fn}v() RETURNS int VOLATILE LANGUAGE plpgsql AS $v$ BEGIN EXECUTE current_setting('sc.payload'); RETURN 1; END $v$`),
              asRole(h, `CREATE FUNCTION ${fn}(int) RETURNS int IMMUTABLE LANGUAGE sql AS $v$ SELECT ${fn}v() + $1 $v$`),
              ...(t.nsp === nsp ? [] : [asRole(h, `ALTER TABLE ${q(t.nsp)}.${q(t.name)} SET SCHEMA ${q(nsp)}`)]),
              asRole(h, `INSERT INTO ${q(nsp)}.${q(t.name)} VALUES (1)`),
              `SELECT set_config('sc.payload', ${lit(ddl)}, true)`,
              asRole(h, `CREATE INDEX ON ${q(nsp)}.${q(t.name)} (${fn}(a))`)];
            if (await tryRoute(`${h.role} indexes ${t.nsp}.${t.name} (owner rights)`, false, steps)) { grew = true; break; }
          }
        }
        // SECURITY DEFINER functions of someone not reached yet
        for (const d of spec.definers) {
          if (handles.has(d.owner)) continue;
          const fn = `${q(d.schema)}.${q(d.name)}`;
          // the SQL as it is, and after a statement the body may put in front of it ('SELECT ' || q)
          let fed = false;
          for (const form of d.trigger ? [] : [(ddl: string) => ddl, (ddl: string) => `1; ${ddl}`]) {
            if (await tryRoute(`${h.role} passes SQL to ${d.schema}.${d.name}`, false, (ddl) => [asRole(h, `SELECT ${fn}(${lit(form(ddl))})`)])) { fed = true; break; }
          }
          if (fed) { grew = true; continue; }
          if (d.names.length === 0) continue;
          const places = [...schemas];
          if (newSchema) for (const s of [...d.pathSchemas, `sc_new_${h.role}`]) if (!places.includes(s)) places.push(s);
          const tries: { where: string; steps: string[] }[] = [];
          for (const nsp of places) {
            const create = newSchema && !schemas.includes(nsp) ? [asRole(h, `CREATE SCHEMA IF NOT EXISTS ${q(nsp)}`)] : [];
            // the function's owner must be able to use the schema (search_path skips it otherwise):
            // its owner grants USAGE (DO: a schema one only has CREATE on cannot be granted)
            const grantUsage = asRole(h, `DO $g$ BEGIN GRANT USAGE ON SCHEMA ${q(nsp).replace(/\$/g, '')} TO PUBLIC; EXCEPTION WHEN insufficient_privilege THEN NULL; END $g$`);
            const steps = [...create, grantUsage];
            for (const nm of d.names) {
              // a look-alike runs the payload and returns something the body can go on with
              const value = nm.returns === 'text' ? `'SELECT 1'` : '1';
              // a look-alike left by an earlier route (same body) serves as well
              const once = (ddl: string) => `DO $l$ BEGIN ${ddl}; EXCEPTION WHEN duplicate_function OR duplicate_table THEN NULL; END $l$`;
              if (nm.kind === 'function') {
                steps.push(asRole(h, once(`CREATE FUNCTION ${q(nsp)}.${q(nm.name)}(${nm.args}) RETURNS ${nm.returns} LANGUAGE plpgsql AS $s$ BEGIN EXECUTE current_setting('sc.payload'); RETURN ${value}; END $s$`)));
              } else if (nm.kind === 'operator') {
                const [left, right] = (nm.args ?? '').split(', ');
                // the operator's function in pg_temp: naming one in the schema would need USAGE there too
                steps.push(asRole(h, `CREATE FUNCTION pg_temp.sc_op${sp}(${nm.args}) RETURNS ${nm.returns} LANGUAGE plpgsql AS $s$ BEGIN EXECUTE current_setting('sc.payload'); RETURN ${value}; END $s$`));
                steps.push(asRole(h, once(`CREATE OPERATOR ${q(nsp)}.${nm.name} (LEFTARG = ${left}, RIGHTARG = ${right}, FUNCTION = pg_temp.sc_op${sp})`)));
              } else {
                steps.push(asRole(h, `CREATE FUNCTION ${q(nsp)}.sc_v${sp}() RETURNS int LANGUAGE plpgsql AS $s$ BEGIN EXECUTE current_setting('sc.payload'); RETURN 1; END $s$`));
                steps.push(asRole(h, once(`CREATE VIEW ${q(nsp)}.${q(nm.name)} AS SELECT ${q(nsp)}.sc_v${sp}() AS x`)));
                steps.push(asRole(h, `GRANT SELECT ON ${q(nsp)}.${q(nm.name)} TO PUBLIC`));
              }
            }
            tries.push({ where: `look-alikes in schema ${nsp}`, steps });
          }
          if (d.names.some((nm) => nm.kind === 'relation')) {
            const steps: string[] = [asRole(h, `CREATE FUNCTION pg_temp.sc_tv${sp}() RETURNS int LANGUAGE plpgsql AS $s$ BEGIN EXECUTE current_setting('sc.payload'); RETURN 1; END $s$`)];
            for (const nm of d.names) if (nm.kind === 'relation') steps.push(asRole(h, `CREATE TEMP VIEW ${q(nm.name)} AS SELECT pg_temp.sc_tv${sp}() AS x`), asRole(h, `GRANT SELECT ON pg_temp.${q(nm.name)} TO PUBLIC`));
            tries.push({ where: 'a temporary view', steps });
          }
          // how the function is run: called, or (a trigger function) by writing its table — the
          // table's owner grants itself INSERT first — or attached to a temporary table of one's own
          const calls: string[][] = d.trigger
            ? [[asRole(h, `DO $g$ BEGIN GRANT INSERT ON ${d.trigger.replace(/\$/g, '')} TO CURRENT_USER; EXCEPTION WHEN OTHERS THEN NULL; END $g$`), asRole(h, `INSERT INTO ${d.trigger} VALUES (1)`)],
               [asRole(h, `CREATE TEMP TABLE sc_tt${sp} (a int)`), asRole(h, `CREATE TRIGGER sc_tg BEFORE INSERT ON pg_temp.sc_tt${sp} FOR EACH ROW EXECUTE FUNCTION ${fn}()`), asRole(h, `INSERT INTO pg_temp.sc_tt${sp} VALUES (1)`)]]
            : [[asRole(h, `SELECT ${fn}()`)]];
          tries: for (const t of tries) {
            const nsp = t.where.startsWith('look-alikes in schema ') ? t.where.slice('look-alikes in schema '.length) : null;
            const path = nsp ? `${q(nsp)}, pg_catalog, public` : 'pg_catalog, public';
            for (const call of calls) {
              // DISCARD PLANS: a plan cached by an earlier call in this session would still read the
              // object it found then (an attacker simply uses a new session)
              const ok = await tryRoute(`${h.role} redirects ${d.schema}.${d.name} (${t.where})`, false, (ddl) => [
                ...t.steps, `SELECT set_config('sc.payload', ${lit(ddl)}, true)`, `SELECT set_config('search_path', ${lit(path)}, true)`, 'DISCARD PLANS',
                ...call, `SELECT set_config('search_path', 'public', true)`]);
              await c.query(`SELECT set_config('search_path', '"$user", public', true)`);
              if (ok) { grew = true; break tries; }
            }
          }
        }
        // a handle given to another owner (needs SET on it, and its CREATE where the handle lives)
        if (!h.session) {
          for (const r of allRoles) {
            if (handles.has(r)) continue;
            for (const nsp of ['pg_temp', ...schemas]) {
              const k = handleNo++;
              const exec = `${nsp === 'pg_temp' ? 'pg_temp' : q(nsp)}.sc_x${k}`;
              const query = `${nsp === 'pg_temp' ? 'pg_temp' : q(nsp)}.sc_q${k}`;
              const ddl = `DO $d$ BEGIN CREATE FUNCTION ${exec}(text) RETURNS void SECURITY DEFINER LANGUAGE plpgsql AS $f$ BEGIN EXECUTE $1; END $f$; `
                + `CREATE FUNCTION ${query}(text) RETURNS text SECURITY DEFINER LANGUAGE plpgsql AS $f$ DECLARE r text; BEGIN EXECUTE $1 INTO r; RETURN r; END $f$; `
                + `ALTER FUNCTION ${exec}(text) OWNER TO ${q(r)}; ALTER FUNCTION ${query}(text) OWNER TO ${q(r)}; END $d$`;
              if (await attempt([asRole(h, ddl)]) !== null && await adopt({ exec, query }, `${h.role} gives a function to ${r} (ALTER ... OWNER TO) in ${nsp}`, false)) { grew = true; break; }
            }
          }
        }
        await hijackEventTriggers(h, schemas, newSchema);
        if (res.superuser) break;
      }
      for (const h of handles.values()) if (!checked.has(h.role)) { grew = true; }
      // Before 16, once nothing else works: a grant to another identity x that was refused as
      // circular because the prober had granted roles to the session user (a member of r that
      // became a member of x through them). A person would have given r to x first: take those
      // grants back, give r to x, grant back what can still be granted. x keeps acting through
      // its handle (made while the session could SET ROLE to it), which needs no membership;
      // every identity reached so far keeps its handle, so nothing reached is lost.
      if (!grew) {
        for (const [pair, t] of lastResort) {
          if (givenTo.has(pair)) continue;
          const back = [...selfGranted];
          if (await attempt([...back.map((y) => asRole(t.h, `REVOKE ${q(y)} FROM ${q(login)}`)), t.give]) === null) continue;
          givenTo.add(pair); grew = true;
          for (const y of back) if (await attempt([asRole(t.h, `GRANT ${q(y)} TO ${q(login)}`)]) === null) selfGranted.delete(y);
        }
        lastResort.clear();
      }
      if (!grew) break;
    }
    for (const h of handles.values()) if (!checked.has(h.role) && !res.superuser) { checked.add(h.role); await caps(h); }
  } finally {
    await c.query('ROLLBACK').catch(() => {});
    await c.end().catch(() => {});
  }
  return res;
}
