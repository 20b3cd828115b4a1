// Seeded random role graphs for the privilege-graph differential suite (README.md of this
// folder): roles with random attributes, memberships with random ADMIN/INHERIT/SET options
// (several grantors on 16+), CREATEROLE roles (on 16+ some roles are created by them, which
// gives ADMIN OPTION), predefined roles, schemas with CREATE/USAGE for roles or PUBLIC, a
// database owner and CREATE on the database, SECURITY DEFINER functions (owned by superusers or
// not, in user schemas, public or pg_catalog) with bodies that run caller SQL, look names up or
// neither, and search_paths in every spelling (quoted, upper case, "$user", pg_temp anywhere, a
// single string), plain functions and tables owned by random roles. Everything the prober needs
// to know about a function's body (the names it looks up) is recorded here; whether a route
// works is left to the server.

/** mulberry32: small, seeded, the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ShadowName {
  kind: 'function' | 'relation' | 'operator';
  name: string;
  /** for functions: argument types and return type of a look-alike */
  args?: string;
  returns?: string;
}

export interface DefinerSpec {
  /** qualified, quoted, with the argument list: "s"."f"(text) */
  regproc: string;
  schema: string;
  name: string;
  owner: string;
  template: string;
  /** names its body looks up without a schema (what a look-alike must be called) */
  names: ShadowName[];
  /** schemas its pinned path names that may not exist (a look-alike schema could be created) */
  pathSchemas: string[];
  /** a trigger function (no argument, runs when a row is written): the table it is attached to */
  trigger?: string;
}

/** An event trigger: its function (not SECURITY DEFINER) runs as whoever runs DDL. */
export interface EventTriggerSpec {
  name: string;
  schema: string;
  fname: string;
  owner: string;
  /** names its body looks up (a look-alike helper) */
  names: ShadowName[];
  /** its own search_path names these schemas; null: the DDL runner's path */
  pathSchemas: string[] | null;
}

export interface CaseSpec {
  id: string;
  db: string;
  roles: string[];
  logins: string[];
  superusers: string[];
  /** roles that own a plain function or a table here (owner route) */
  setup: string[];
  definers: DefinerSpec[];
  eventTriggers: EventTriggerSpec[];
  /** human-readable summary for failures */
  summary: string[];
}

const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: () => number, p: number) => r() < p;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One random graph for server major `major`; `tag` makes names unique per case. */
export function generateCase(seed: number, index: number, major: number): CaseSpec {
  const r = rng(seed * 1000003 + index * 7919 + major);
  const id = `c${index}`;
  const p = (s: string) => `${id}_${s}`;
  const db = `pgd_${id}`;
  const setup: string[] = [];
  const summary: string[] = [];
  const n = 6 + Math.floor(r() * 6);
  const roles = Array.from({ length: n }, (_, i) => p(`r${i}`));
  const superCount = chance(r, 0.3) ? 2 : 1;
  const order = [...roles].sort(() => r() - 0.5);
  const superusers = order.slice(0, superCount);
  const attrs = new Map<string, { login: boolean; createrole: boolean; inherit: boolean }>();
  for (const role of roles) {
    const isSuper = superusers.includes(role);
    const a = { login: isSuper ? chance(r, 0.3) : chance(r, 0.6), createrole: !isSuper && chance(r, 0.15), inherit: chance(r, 0.8) };
    attrs.set(role, a);
  }
  // at least two login roles that are not superusers, so every graph has something to probe
  for (const role of roles.filter((x) => !superusers.includes(x)).slice(0, 2)) attrs.get(role)!.login = true;
  const createroles = roles.filter((x) => attrs.get(x)!.createrole);
  // memberships follow a random order, which keeps them acyclic (PostgreSQL refuses circular membership)
  const rank = new Map([...roles].sort(() => r() - 0.5).map((x, i) => [x, i]));
  // CREATEROLE roles first: on 16+ some of the others are created by them
  for (const role of [...createroles, ...roles.filter((x) => !createroles.includes(x))]) {
    const a = attrs.get(role)!;
    const opts = [a.login ? 'LOGIN' : 'NOLOGIN', superusers.includes(role) ? 'SUPERUSER' : '', a.createrole ? 'CREATEROLE' : '', a.inherit ? '' : 'NOINHERIT'].filter(Boolean).join(' ');
    // on 16+ a role created by a CREATEROLE role is administered by it (ADMIN OPTION from the
    // bootstrap superuser): a membership of the creator, so the creator must come first in rank
    const creators = createroles.filter((c) => rank.get(c)! < rank.get(role)!);
    const creator = major >= 16 && creators.length && !superusers.includes(role) && !a.createrole && chance(r, 0.3) ? pick(r, creators) : null;
    setup.push(creator ? `SET ROLE ${q(creator)}; CREATE ROLE ${q(role)} ${opts}; RESET ROLE` : `CREATE ROLE ${q(role)} ${opts}`);
    summary.push(`${role}: ${opts}${creator ? ` (created by ${creator})` : ''}`);
  }
  const admins = new Map<string, string[]>();
  for (const a of roles) for (const b of roles) {
    if (a === b || rank.get(a)! >= rank.get(b)! || !chance(r, 0.22)) continue;
    const admin = chance(r, 0.25);
    if (major >= 16) {
      const inherit = chance(r, 0.6);
      const set = chance(r, 0.6);
      setup.push(`GRANT ${q(b)} TO ${q(a)} WITH ADMIN ${admin}, INHERIT ${inherit}, SET ${set}`);
      summary.push(`${a} ∈ ${b} admin=${admin} inherit=${inherit} set=${set}`);
      // a second grant of the same membership by another grantor, with other options
      const others = (admins.get(b) ?? []).filter((c) => c !== a);
      if (others.length && chance(r, 0.4)) {
        const by = pick(r, others);
        const i2 = chance(r, 0.5);
        const s2 = chance(r, 0.5);
        setup.push(`GRANT ${q(b)} TO ${q(a)} WITH INHERIT ${i2}, SET ${s2} GRANTED BY ${q(by)}`);
        summary.push(`${a} ∈ ${b} granted by ${by}: inherit=${i2} set=${s2}`);
      }
    } else {
      setup.push(`GRANT ${q(b)} TO ${q(a)}${admin ? ' WITH ADMIN OPTION' : ''}`);
      summary.push(`${a} ∈ ${b}${admin ? ' admin' : ''}`);
    }
    if (admin) admins.set(b, [...(admins.get(b) ?? []), a]);
  }
  for (const pre of ['pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files', 'pg_monitor', 'pg_read_all_data', 'pg_signal_backend']) {
    if (!chance(r, 0.3)) continue;
    const to = pick(r, roles.filter((x) => !superusers.includes(x)));
    const admin = chance(r, 0.2);
    if (major >= 16) {
      const inherit = chance(r, 0.6);
      const set = chance(r, 0.6);
      setup.push(`GRANT ${pre} TO ${q(to)} WITH ADMIN ${admin}, INHERIT ${inherit}, SET ${set}`);
      summary.push(`${to} ∈ ${pre} admin=${admin} inherit=${inherit} set=${set}`);
    } else {
      setup.push(`GRANT ${pre} TO ${q(to)}${admin ? ' WITH ADMIN OPTION' : ''}`);
      summary.push(`${to} ∈ ${pre}${admin ? ' admin' : ''}`);
    }
  }
  // the database: created now, connected to for the rest (the runner switches), owner and CREATE
  const dbOwner = chance(r, 0.3) ? pick(r, roles) : 'postgres';
  const dbCreate = chance(r, 0.25) ? pick(r, roles) : null;
  summary.push(`database owner ${dbOwner}${dbCreate ? `, CREATE on it: ${dbCreate}` : ''}`);
  const inDb: string[] = [];
  inDb.push('SET check_function_bodies = off');
  if (dbCreate) inDb.push(`GRANT CREATE ON DATABASE ${q(db)} TO ${q(dbCreate)}`);
  // public: on 15+ no CREATE for PUBLIC, before 15 CREATE for PUBLIC; sometimes the other way
  if (chance(r, 0.25)) {
    inDb.push(major >= 15 ? 'GRANT CREATE ON SCHEMA public TO PUBLIC' : 'REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    summary.push(major >= 15 ? 'CREATE on public for PUBLIC' : 'no CREATE on public for PUBLIC');
  }
  const lib = p('lib');
  inDb.push(`CREATE SCHEMA ${q(lib)}`, `GRANT USAGE ON SCHEMA ${q(lib)} TO PUBLIC`,
    `CREATE FUNCTION ${q(lib)}.${q(p('helper'))}() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
    `CREATE TABLE ${q(lib)}.${q(p('data'))} (x int)`, `INSERT INTO ${q(lib)}.${q(p('data'))} VALUES (1)`,
    `GRANT SELECT ON ${q(lib)}.${q(p('data'))} TO PUBLIC`);
  const schemas: string[] = [];
  const ns = 2 + Math.floor(r() * 3);
  for (let k = 0; k < ns; k++) {
    const s = p(`s${k}`);
    schemas.push(s);
    const owner = chance(r, 0.3) ? 'postgres' : pick(r, roles);
    inDb.push(`CREATE SCHEMA ${q(s)} AUTHORIZATION ${q(owner)}`);
    const g: string[] = [];
    if (chance(r, 0.6)) { inDb.push(`GRANT USAGE ON SCHEMA ${q(s)} TO PUBLIC`); g.push('USAGE PUBLIC'); }
    if (chance(r, 0.15)) { inDb.push(`GRANT CREATE ON SCHEMA ${q(s)} TO PUBLIC`); g.push('CREATE PUBLIC'); }
    if (chance(r, 0.4)) { const to = pick(r, roles); inDb.push(`GRANT USAGE, CREATE ON SCHEMA ${q(s)} TO ${q(to)}`); g.push(`USAGE+CREATE ${to}`); }
    if (chance(r, 0.3)) { const to = pick(r, roles); inDb.push(`GRANT USAGE ON SCHEMA ${q(s)} TO ${q(to)}`); g.push(`USAGE ${to}`); }
    summary.push(`schema ${s} owner ${owner} ${g.join(', ')}`);
  }
  // plain functions and tables owned by random roles (owner rights run code as their owner)
  const homes = [...schemas, 'public'];
  for (let k = 0; k < Math.floor(r() * 3); k++) {
    const owner = pick(r, roles);
    const s = pick(r, homes);
    const g = `${q(s)}.${q(p(`g${k}`))}`;
    inDb.push(`CREATE FUNCTION ${g}() RETURNS int LANGUAGE sql AS 'SELECT 1'`, `ALTER FUNCTION ${g}() OWNER TO ${q(owner)}`);
    summary.push(`function ${s}.${p(`g${k}`)}() owner ${owner}`);
  }
  for (let k = 0; k < Math.floor(r() * 2); k++) {
    const owner = pick(r, roles);
    const s = pick(r, homes);
    const t = `${q(s)}.${q(p(`t${k}`))}`;
    inDb.push(`CREATE TABLE ${t} (a int)`, `INSERT INTO ${t} VALUES (1)`, `ALTER TABLE ${t} OWNER TO ${q(owner)}`);
    summary.push(`table ${s}.${p(`t${k}`)} owner ${owner}`);
  }
  // SECURITY DEFINER functions
  const definers: DefinerSpec[] = [];
  const helper: ShadowName = { kind: 'function', name: p('helper'), args: '', returns: 'int' };
  const data: ShadowName = { kind: 'relation', name: p('data') };
  const templates: { name: string; lang: string; body: string; names: ShadowName[]; atomic?: boolean }[] = [
    { name: 'none', lang: 'sql', body: 'SELECT 1', names: [] },
    { name: 'helper', lang: 'sql', body: `SELECT ${q(p('helper'))}()`, names: [helper] },
    { name: 'data', lang: 'sql', body: `SELECT max(x)::int FROM ${q(p('data'))}`, names: [data] },
    { name: 'builtin', lang: 'sql', body: `SELECT length(lower(coalesce(q, 'x')))`, names: [{ kind: 'function', name: 'lower', args: 'text', returns: 'text' }, { kind: 'function', name: 'length', args: 'text', returns: 'int' }] },
    { name: 'execute', lang: 'plpgsql', body: 'BEGIN EXECUTE q; RETURN 1; END', names: [] },
    { name: 'format_literal', lang: 'plpgsql', body: `BEGIN EXECUTE format('SELECT %L', q); RETURN 1; END`, names: [{ kind: 'function', name: 'format', args: 'text, text', returns: 'text' }] },
    { name: 'operator', lang: 'sql', body: 'SELECT 1 + 1', names: [{ kind: 'operator', name: '+', args: 'int, int', returns: 'int' }] },
    { name: 'tainted', lang: 'plpgsql', body: `DECLARE s text; BEGIN s := 'SELECT ' || q; EXECUTE s; RETURN 1; END`, names: [] },
    { name: 'plpgsql_helper', lang: 'plpgsql', body: `BEGIN RETURN ${q(p('helper'))}(); END`, names: [helper] },
    { name: 'atomic', lang: 'sql', body: `SELECT ${q(lib)}.${q(p('helper'))}()`, names: [], atomic: true },
  ];
  const nf = 1 + Math.floor(r() * 4);
  for (let k = 0; k < nf; k++) {
    const t = pick(r, templates);
    const home = chance(r, 0.1) ? 'pg_catalog' : pick(r, [...schemas, 'public', lib]);
    const owner = chance(r, 0.6) ? pick(r, [...superusers, 'postgres']) : pick(r, roles);
    const name = p(`f${k}`);
    const fq = `${q(home)}.${q(name)}`;
    const { pathSql, pathSchemas } = randomPath(r, [lib, pick(r, schemas), 'public', 'pg_catalog', 'pg_temp', '"$user"', p('missing')], owner, 0.35);
    const body = t.atomic ? `BEGIN ATOMIC ${t.body}; END` : `AS ${dollar(t.body)}`;
    inDb.push(`CREATE FUNCTION ${fq}(q text DEFAULT NULL) RETURNS int LANGUAGE ${t.lang} SECURITY DEFINER${pathSql ? ` SET search_path = ${pathSql}` : ''} ${body}`,
      `ALTER FUNCTION ${fq}(text) OWNER TO ${q(owner)}`);
    let exec = 'EXECUTE PUBLIC';
    if (chance(r, 0.3)) {
      const to = pick(r, roles);
      inDb.push(`REVOKE EXECUTE ON FUNCTION ${fq}(text) FROM PUBLIC`, `GRANT EXECUTE ON FUNCTION ${fq}(text) TO ${q(to)}`);
      exec = `EXECUTE ${to}`;
    }
    definers.push({ regproc: `${fq}(text)`, schema: home, name, owner, template: t.name, names: t.names, pathSchemas });
    summary.push(`definer ${home}.${name} owner ${owner} body ${t.name} path ${pathSql ?? '(none)'} ${exec}`);
  }
  // a SECURITY DEFINER trigger function on a table (writing the table runs it; EXECUTE on it
  // lets one attach it to a table of one's own)
  const helperCall = `PERFORM ${q(p('helper'))}()`;
  if (chance(r, 0.35)) {
    const home = pick(r, [...schemas, 'public', lib]);
    const table = `${q(pick(r, [...schemas, 'public']))}.${q(p('tt'))}`;
    const tableOwner = pick(r, [...roles, 'postgres']);
    const owner = chance(r, 0.7) ? pick(r, [...superusers, 'postgres']) : pick(r, roles);
    const name = p('trg');
    const fq = `${q(home)}.${q(name)}`;
    const looks = chance(r, 0.7);
    const { pathSql, pathSchemas } = randomPath(r, [lib, pick(r, schemas), 'public', 'pg_catalog', 'pg_temp', '"$user"', p('missing')], owner, 0.35);
    // a helper that cannot be found is not an error here (the table stays writable)
    const body = looks ? `BEGIN ${helperCall}; RETURN NEW; EXCEPTION WHEN undefined_function THEN RETURN NEW; END` : 'BEGIN RETURN NEW; END';
    inDb.push(`CREATE TABLE ${table} (a int)`, `ALTER TABLE ${table} OWNER TO ${q(tableOwner)}`,
      `CREATE FUNCTION ${fq}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER${pathSql ? ` SET search_path = ${pathSql}` : ''} AS ${dollar(body)}`,
      `ALTER FUNCTION ${fq}() OWNER TO ${q(owner)}`,
      `CREATE TRIGGER ${q(p('tg'))} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fq}()`);
    const g: string[] = [];
    if (chance(r, 0.5)) { const to = chance(r, 0.4) ? 'PUBLIC' : q(pick(r, roles)); inDb.push(`GRANT INSERT ON ${table} TO ${to}`); g.push(`INSERT ${to}`); }
    if (chance(r, 0.5)) { inDb.push(`REVOKE EXECUTE ON FUNCTION ${fq}() FROM PUBLIC`); g.push('no EXECUTE for PUBLIC'); }
    definers.push({ regproc: `${fq}()`, schema: home, name, owner, template: looks ? 'trigger_helper' : 'trigger', names: looks ? [helper] : [], pathSchemas, trigger: table });
    summary.push(`trigger function ${home}.${name} owner ${owner} path ${pathSql ?? '(none)'} body ${looks ? 'helper' : 'none'} on ${table} (owner ${tableOwner}) ${g.join(', ')}`);
  }
  // an event trigger (created last: it fires on every DDL that follows, the prober's too)
  const eventTriggers: EventTriggerSpec[] = [];
  if (chance(r, 0.35)) {
    const schema = pick(r, [...schemas, 'public', lib]);
    const fname = p('evtfn');
    const owner = chance(r, 0.4) ? pick(r, [...superusers, 'postgres']) : pick(r, roles);
    const looks = chance(r, 0.7);
    const evhelper: ShadowName = { kind: 'function', name: p('evhelper'), args: '', returns: 'void' };
    // no "$user" in its path: it would mean the DDL runner, and the prober cannot run DDL as a superuser
    const pinned = chance(r, 0.5);
    const { pathSql, pathSchemas } = pinned ? randomPath(r, [lib, pick(r, schemas), 'public', 'pg_catalog', p('missing')], owner, 0) : { pathSql: null, pathSchemas: [] as string[] };
    const body = looks ? `BEGIN PERFORM ${q(evhelper.name)}(); EXCEPTION WHEN undefined_function THEN NULL; END` : 'BEGIN NULL; END';
    const fq = `${q(schema)}.${q(fname)}`;
    const name = p('evt');
    inDb.push(`CREATE FUNCTION ${q(lib)}.${q(evhelper.name)}() RETURNS void LANGUAGE plpgsql AS 'BEGIN END'`,
      `CREATE FUNCTION ${fq}() RETURNS event_trigger LANGUAGE plpgsql${pathSql ? ` SET search_path = ${pathSql}` : ''} AS ${dollar(body)}`,
      `ALTER FUNCTION ${fq}() OWNER TO ${q(owner)}`,
      `CREATE EVENT TRIGGER ${q(name)} ON ddl_command_start EXECUTE FUNCTION ${fq}()`);
    eventTriggers.push({ name, schema, fname, owner, names: looks ? [evhelper] : [], pathSchemas: pathSql ? pathSchemas : null });
    summary.push(`event trigger ${name}: ${schema}.${fname} owner ${owner} path ${pathSql ?? '(the DDL runner\'s)'} body ${looks ? 'evhelper' : 'none'}`);
  }
  void index;
  return {
    id, db, roles,
    logins: roles.filter((x) => attrs.get(x)!.login),
    superusers,
    setup: [...setup, `CREATE DATABASE ${q(db)} OWNER ${q(dbOwner)}`, `\\connect ${db}`, ...inDb],
    definers,
    eventTriggers,
    summary,
  };
}

/** search_path: none (with probability `none`), or a list in one of PostgreSQL's spellings. */
function randomPath(r: () => number, pool: string[], owner: string, none: number): { pathSql: string | null; pathSchemas: string[] } {
  const pathSchemas: string[] = [];
  if (chance(r, none)) return { pathSql: null, pathSchemas };
  const entries = pool.filter(() => chance(r, 0.45)).sort(() => r() - 0.5);
  if (entries.length === 0) entries.push(pool[0]);
  if (chance(r, 0.1)) {
    pathSchemas.push(entries.join(', ').replace(/"/g, ''));
    return { pathSql: `'${entries.join(', ').replace(/"/g, '')}'`, pathSchemas }; // one string: ONE schema of that name
  }
  const pathSql = entries.map((e) => {
    if (e.startsWith('"')) return e;
    const spell = r();
    if (spell < 0.2 && e !== 'pg_temp') return e.toUpperCase(); // unquoted: folded to lower case
    if (spell < 0.3 && e !== 'pg_temp') return q(e.toUpperCase()); // quoted: another, missing schema
    if (spell < 0.5) return q(e);
    return e;
  }).join(', ');
  for (const e of pathSql.split(', ')) {
    if (e === '"$user"') pathSchemas.push(owner);
    else if (e.startsWith('"')) pathSchemas.push(e.slice(1, -1).replace(/""/g, '"'));
    else pathSchemas.push(e.toLowerCase());
  }
  return { pathSql, pathSchemas };
}

function dollar(body: string): string {
  let tag = '$b$';
  for (let i = 0; body.includes(tag); i++) tag = `$b${i}$`;
  return `${tag} ${body} ${tag}`;
}
