// The privilege graph's rules on small hand-made catalogs (no server): each route of
// src/core/privgraph/graph.ts per major, the search_path splitter and the body reader. The
// differential suite (test/differential/privgraph.test.ts) proves the same rules on live servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivGraph, roleFlags, type PathRow } from '../../src/core/privgraph/graph.ts';
import { EDGE_ADMIN, EDGE_INHERIT, EDGE_SET, type FunctionInput, type GraphInput } from '../../src/core/privgraph/input.ts';
import { splitSearchPath } from '../../src/core/privgraph/search-path.ts';
import { readBody } from '../../src/core/privgraph/body.ts';
import { deriveDefinerFunctions } from '../../src/core/privgraph/definer.ts';
import { derivePrivGraph } from '../../src/core/privgraph/derive.ts';

type Role = [name: string, o?: Parameters<typeof roleFlags>[0]];
const BOOT: Role = ['postgres', { super: true, login: true }];
const PRE: Role[] = [['pg_execute_server_program', { predefined: true, inherit: true }], ['pg_read_server_files', { predefined: true }]];

/** A catalog from names: oids are positions + 10 (the bootstrap superuser first, oid 10). */
function graph(ver: number, roles: Role[], edges: [member: string, role: string, flags: number][], more: Partial<GraphInput> = {}): { g: PrivGraph; oid: (n: string) => number } {
  const all = [BOOT, ...PRE, ...roles];
  const oid = (n: string) => { const i = all.findIndex(([x]) => x === n); if (i < 0) throw new Error(n); return i + 10; };
  const input: GraphInput = {
    ver,
    roles: all.map(([n, o], i) => [i + 10, n, roleFlags(o ?? {})]),
    edges: edges.map(([m, r, f]) => [oid(m), oid(r), f]),
    schemas: [['pg_catalog', 10, [10], [0]]], dbCreate: [10], tempHolders: [0], codeOwners: [10], functions: [], terminals: [],
    ...more,
  };
  return { g: new PrivGraph(input), oid };
}
/** The oid graph() gives a role of `roles` (after the bootstrap superuser and PRE). */
const oidOf = (roles: Role[], name: string) => 10 + 1 + PRE.length + roles.findIndex(([n]) => n === name);
const paths = (g: PrivGraph, who: string) => g.paths().filter((p) => p.rolname === who);
const reaches = (rows: PathRow[], kind: string, target?: string) => rows.some((r) => r.kind === kind && (target === undefined || r.target === target));
const SI = EDGE_SET | EDGE_INHERIT;

test('SET ROLE through a chain reaches a superuser; 16+ needs SET on every grant, before 16 any membership', () => {
  const roles: Role[] = [['admins', { super: true }], ['ops'], ['alice', { login: true }]];
  const on16 = graph(160004, roles, [['ops', 'admins', SI], ['alice', 'ops', EDGE_SET]]).g;
  const row = paths(on16, 'alice').find((r) => r.kind === 'superuser')!;
  assert.equal(row.target, 'admins');
  assert.equal(row.chain, 'alice → (member, SET) → ops → (member, SET) → admins');
  assert.equal(row.hops, 2);
  // INHERIT FALSE, SET FALSE on 16+: no path (admins owns nothing here)
  const none = graph(160004, roles, [['ops', 'admins', SI], ['alice', 'ops', 0]]).g;
  assert.equal(reaches(paths(none, 'alice'), 'superuser'), false);
  // before 16 the same grant (every membership allows SET ROLE) is a path
  const pre = graph(140010, roles, [['ops', 'admins', EDGE_SET], ['alice', 'ops', EDGE_SET]]).g;
  assert.equal(reaches(paths(pre, 'alice'), 'superuser'), true);
});

test('INHERIT alone into a superuser that owns code is a path (owner rights); one that owns nothing is not', () => {
  const roles: Role[] = [['dba', { super: true }], ['app', { login: true }]];
  const owning = graph(180000, roles, [['app', 'dba', EDGE_INHERIT]], { codeOwners: [10, oidOf(roles, 'dba')], schemas: [['pg_catalog', 10, [10], [0]], ['public', 10, [10, 0], [0]]] });
  const row = paths(owning.g, 'app').find((r) => r.kind === 'superuser')!;
  assert.match(row.chain, /app → \(member, INHERIT\) → dba → \(owner rights: replaces one of its functions/);
  // nothing owned: INHERIT gives the superuser's privileges, not the attribute
  const bare = graph(180000, roles, [['app', 'dba', EDGE_INHERIT]], { codeOwners: [10], schemas: [['pg_catalog', 10, [10], [0]], ['public', 10, [10, 0], [0]]] }).g;
  assert.equal(reaches(paths(bare, 'app'), 'superuser'), false);
  // owning code but no schema to create in: still no path
  const noCreate = graph(180000, roles, [['app', 'dba', EDGE_INHERIT]], { codeOwners: [10, oidOf(roles, 'dba')] }).g;
  assert.equal(reaches(paths(noCreate, 'app'), 'superuser'), false);
  // INHERIT into the bootstrap superuser: it owns pg_catalog (and can create there)
  const boot = graph(180000, [['app', { login: true }]], [['app', 'postgres', EDGE_INHERIT]]).g;
  assert.equal(reaches(paths(boot, 'app'), 'superuser', 'postgres'), true);
});

test('ADMIN OPTION (16+): a role grants itself the membership, also through roles whose privileges it inherits; refused when circular', () => {
  const roles: Role[] = [['dba', { super: true }], ['ops'], ['lead'], ['eve', { login: true }]];
  const { g } = graph(160004, roles, [['ops', 'dba', EDGE_SET], ['lead', 'ops', EDGE_ADMIN], ['eve', 'lead', EDGE_INHERIT]]);
  const row = paths(g, 'eve').find((r) => r.kind === 'superuser')!;
  assert.equal(row.chain, 'eve → (member, INHERIT) → lead → (ADMIN OPTION: can grant itself the membership) → ops → (member, SET) → dba');
  // ADMIN on a superuser role is useless to a non-superuser
  const onSuper = graph(160004, [['dba', { super: true }], ['eve', { login: true }]], [['eve', 'dba', EDGE_ADMIN]]).g;
  assert.equal(reaches(paths(onSuper, 'eve'), 'superuser'), false);
  // ops is already a member of eve: granting ops to eve would be circular
  const circular = graph(160004, roles, [['ops', 'dba', EDGE_SET], ['lead', 'ops', EDGE_ADMIN], ['eve', 'lead', EDGE_INHERIT], ['ops', 'eve', 0]]).g;
  assert.equal(reaches(paths(circular, 'eve'), 'superuser'), false);
});

test('CREATEROLE: before 16 it grants itself any non-superuser role; on 16+ it adds nothing to its ADMIN options', () => {
  const roles: Role[] = [['cr', { createrole: true, login: true }]];
  const pre = graph(140010, roles, []).g;
  const row = paths(pre, 'cr').find((r) => r.target === 'pg_execute_server_program')!;
  assert.equal(row.chain, 'cr → (CREATEROLE before 16: can grant itself the membership) → pg_execute_server_program');
  assert.equal(reaches(paths(graph(160004, roles, []).g, 'cr'), 'server_files'), false);
});

test('predefined roles: privileges pass down INHERIT grants; a SET-only grant is reached by SET ROLE', () => {
  const roles: Role[] = [['grp'], ['u', { login: true }]];
  const { g, oid } = graph(180000, roles, [['grp', 'pg_execute_server_program', EDGE_INHERIT], ['u', 'grp', EDGE_SET]]);
  const row = paths(g, 'u').find((r) => r.kind === 'server_files')!;
  assert.equal(row.chain, 'u → (member, SET) → grp → (member, INHERIT) → pg_execute_server_program');
  // the last membership into the holder is named, for the fix (REVOKE pg_execute_server_program FROM grp)
  assert.deepEqual([row.last_member, row.holder], [oid('grp'), oid('pg_execute_server_program')]);
  // pg_read_server_files is not reached
  assert.equal(reaches(paths(g, 'u'), 'server_files', 'pg_read_server_files'), false);
});

function definer(o: Partial<FunctionInput> & { owner: number }): FunctionInput {
  return { oid: 9000, sig: 's.f(q text)', dynamic: false, exec: [0], usage: [0], redirect: [], redirectAny: false, redirectTemp: false, triggers: [], ...o };
}

test('SECURITY DEFINER: caller-supplied SQL, a redirectable search_path, a temporary view; EXECUTE and USAGE both needed', () => {
  const roles: Role[] = [['x', { login: true }], ['y', { login: true }]];
  const dyn = graph(180000, roles, [], { functions: [definer({ owner: 10, dynamic: true })] }).g;
  assert.match(paths(dyn, 'x').find((r) => r.kind === 'superuser')!.chain, /^x → \(calls s\.f\(q text\), which runs the SQL its caller passes\) → postgres$/);
  const app: GraphInput['schemas'][number] = ['app', 10, [10, oidOf(roles, 'x')], [10]];
  const redirect = graph(180000, roles, [], { schemas: [app], functions: [definer({ owner: 10, redirect: ['app'] })] });
  assert.equal(reaches(paths(redirect.g, 'x'), 'superuser'), true);
  assert.equal(reaches(paths(redirect.g, 'y'), 'superuser'), false, 'y has no CREATE on app');
  // the function's owner cannot use the schema (its search_path skips it): only the schema's owner,
  // who can grant USAGE, could make a look-alike count
  const more: Role[] = [...roles, ['o'], ['dba', { super: true }]];
  const owned = graph(180000, more, [['o', 'dba', EDGE_SET]], { schemas: [['app', oidOf(more, 'y'), [oidOf(more, 'x'), oidOf(more, 'y')], [oidOf(more, 'y')]]],
    functions: [definer({ owner: oidOf(more, 'o'), redirect: ['app'] })] }).g;
  assert.deepEqual([reaches(paths(owned, 'x'), 'superuser'), reaches(paths(owned, 'y'), 'superuser')], [false, true]);
  // a schema the path names that does not exist: whoever can create schemas creates it
  const missing = graph(180000, roles, [], { dbCreate: [10, oidOf(roles, 'y')], functions: [definer({ owner: 10, redirect: ['ghost'] })] }).g;
  assert.match(paths(missing, 'y').find((r) => r.kind === 'superuser')!.chain, /creates schema ghost, missing from the search_path/);
  assert.equal(reaches(paths(missing, 'x'), 'superuser'), false);
  const noUsage = graph(180000, roles, [], { functions: [definer({ owner: 10, dynamic: true, usage: [oidOf(roles, 'y')] })] }).g;
  assert.deepEqual([reaches(paths(noUsage, 'x'), 'superuser'), reaches(paths(noUsage, 'y'), 'superuser')], [false, true]);
  const temp = graph(180000, roles, [], { functions: [definer({ owner: 10, redirectTemp: true })] }).g;
  assert.match(paths(temp, 'y').find((r) => r.kind === 'superuser')!.chain, /temporary table or view shadows/);
});

test('a function running as a non-superuser gives a function to a superuser it can SET ROLE to (ALTER ... OWNER TO)', () => {
  const roles: Role[] = [['dba', { super: true }], ['o'], ['x', { login: true }]];
  const { g } = graph(180000, roles, [['o', 'dba', EDGE_SET]], { functions: [definer({ owner: oidOf(roles, 'o'), dynamic: true })] });
  assert.equal(paths(g, 'x').find((r) => r.kind === 'superuser')!.chain,
    'x → (calls s.f(q text), which runs the SQL its caller passes) → o → (member, SET: gives it a SECURITY DEFINER function, ALTER FUNCTION ... OWNER TO) → dba');
});

test('privileges gathered in one session: a role grants itself (16+, ADMIN) the membership that gives the USAGE it lacks', () => {
  const roles: Role[] = [['helper'], ['x', { login: true }]];
  // calling needs USAGE held by helper; x administers helper
  const { g } = graph(180000, roles, [['x', 'helper', EDGE_ADMIN]], { functions: [definer({ owner: 10, dynamic: true, usage: [oidOf(roles, 'helper')] })] });
  assert.equal(reaches(paths(g, 'x'), 'superuser'), true);
  // before 16 an ADMIN OPTION is a membership: its privileges pass only with INHERIT
  const pre = graph(140010, roles, [['x', 'helper', EDGE_ADMIN | EDGE_SET]], { functions: [definer({ owner: 10, dynamic: true, usage: [oidOf(roles, 'helper')] })] }).g;
  assert.equal(reaches(paths(pre, 'x'), 'superuser'), true, 'SET ROLE helper, then call it as helper');
});

test('before 16 (differential finding): a login that acts as a CREATEROLE role has any non-superuser role granted to it, so it gathers privileges no single role holds', () => {
  // g needs EXECUTE (x only) and USAGE (helper only); x runs code as cr through f; cr inherits nothing
  const roles: Role[] = [['cr', { createrole: true, inherit: false }], ['helper'], ['x', { login: true }], ['y', { login: true }]];
  const fns = (execF: number[]) => [definer({ oid: 9001, owner: oidOf(roles, 'cr'), dynamic: true, exec: execF, sig: 's.f(q text)' }),
    definer({ oid: 9002, owner: 10, dynamic: true, exec: [oidOf(roles, 'x'), oidOf(roles, 'y')], usage: [oidOf(roles, 'helper')], sig: 's.g(q text)' })];
  const pre = graph(140010, roles, [], { functions: fns([oidOf(roles, 'x')]) }).g;
  assert.equal(reaches(paths(pre, 'x'), 'superuser'), true, 'cr grants helper to x, x calls g');
  assert.equal(reaches(paths(pre, 'y'), 'superuser'), false, 'y cannot act as cr');
  // on 16+ CREATEROLE grants only the roles it created (ADMIN OPTION): nothing here
  assert.equal(reaches(paths(graph(160004, roles, [], { functions: fns([oidOf(roles, 'x')]) }).g, 'x'), 'superuser'), false);
});

test('a superuser\'s event trigger function: a role inheriting its privileges replaces it; before 16 a CREATEROLE session grants such a role to another identity it acts as (differential finding)', () => {
  const evt = (dba: number) => ({ terminals: [{ kind: 'event_trigger' as const, target: 'evt', holders: [dba], needs: 'create' as const, step: ' → can replace public.evtfn()', fix: null }],
    schemas: [['pg_catalog', 10, [10], [0]], ['public', 10, [10, 0], [0]]] as GraphInput['schemas'] });
  const roles: Role[] = [['dba', { super: true }], ['app', { login: true }]];
  const on18 = graph(180000, roles, [['app', 'dba', EDGE_INHERIT]], evt(oidOf(roles, 'dba'))).g;
  assert.equal(paths(on18, 'app').find((r) => r.kind === 'event_trigger')?.chain, 'app → (member, INHERIT) → dba');
  assert.equal(reaches(paths(on18, 'app'), 'superuser'), false, 'dba owns no code here');
  // before 16: keeper inherits dba's privileges; granting keeper to cr would be circular (keeper
  // is a member of dba, a member of mid, a member of cr), but cr grants x to itself, SET ROLE x,
  // and grants keeper to x
  const more: Role[] = [['dba', { super: true }], ['keeper'], ['mid'], ['cr', { createrole: true, login: true, inherit: false }], ['x', { login: true }]];
  const pre = graph(140010, more, [['keeper', 'dba', SI], ['dba', 'mid', SI], ['mid', 'cr', SI]], evt(oidOf(more, 'dba'))).g;
  const row = paths(pre, 'cr').find((r) => r.kind === 'event_trigger');
  assert.match(row?.chain ?? '', /^cr → \(CREATEROLE before 16: can grant itself the membership\) → x → \(granted the membership by a CREATEROLE role its session acts as, before 16\) → keeper → \(member, INHERIT\) → dba$/);
  assert.equal(reaches(paths(pre, 'x'), 'event_trigger'), false, 'x alone acts as no CREATEROLE role');
});

test('the deriver reads the fact row as the hosts deliver it (json columns as values or text)', () => {
  const row = {
    ver: 180000, roles: JSON.stringify([[10, 'postgres', 9], [20, 'app', 10], [30, 'dba', 1]]), edges: [[20, 30, EDGE_SET]],
    create_holders: [10], temp_holders: [0], code_owners: [10], functions: [], terminals: [],
  };
  const rows = derivePrivGraph([row]);
  assert.deepEqual(rows.filter((r) => r.rolname === 'app').map((r) => [r.kind, r.target, r.chain]), [['superuser', 'dba', 'app → (member, SET) → dba']]);
  assert.throws(() => derivePrivGraph([{ ...row, roles: '[["x"]]' }]), /priv_graph: roles/);
  assert.throws(() => derivePrivGraph([]), /expected one row/);
});

test('search_path as PostgreSQL splits it', () => {
  const names = (v: string) => splitSearchPath(v, 'boss')?.map((e) => e.name) ?? null;
  assert.deepEqual(names('a, "B", $user'), ['a', 'B', 'boss']);
  assert.deepEqual(names('"$user", public'), ['boss', 'public']);
  assert.deepEqual(names('PUBLIC,Pg_Temp'), ['public', 'pg_temp']);
  assert.deepEqual(names('"A, b"'), ['A, b'], 'a single string is one schema');
  assert.deepEqual(names('"x""y"'), ['x"y']);
  assert.deepEqual(names('""'), [''], 'SET search_path = \'\' stores an empty quoted name');
  assert.deepEqual(names(''), []);
  assert.equal(names('a,,b'), null);
  assert.equal(names('"open'), null);
  assert.equal(names('a,'), null);
  assert.equal(names('x'.repeat(70))![0].length, 63, 'cut to NAMEDATALEN - 1');
  assert.equal(names('Ä')![0], 'Ä', 'only ASCII letters are folded');
});

test('bodies: names looked up, operators, caller-supplied SQL', () => {
  assert.deepEqual(readBody('SELECT 1', 'sql', [], false), { calls: [], relations: [], operators: false, dynamic: false });
  assert.deepEqual(readBody('SELECT helper()', 'sql', [], false).calls, ['helper/0']);
  assert.deepEqual(readBody("SELECT format('%s', a, b), count(*), f(g(1, 2), x[1])", 'sql', [], false).calls, ['count/0', 'f/2', 'format/3', 'g/2']);
  assert.deepEqual(readBody('SELECT s.helper()', 'sql', [], false).calls, [], 'qualified');
  const r = readBody('DECLARE n int; BEGIN SELECT count(*) INTO n FROM a, b JOIN c ON true; INSERT INTO logt VALUES (1); RETURN n; END', 'plpgsql', [], false);
  assert.deepEqual(r.relations, ['a', 'b', 'c', 'logt']);
  assert.deepEqual(readBody('WITH x AS (SELECT 1) SELECT * FROM x', 'sql', [], false).relations, [], 'a CTE is no relation');
  // sec_check.pack_for_run: IS DISTINCT FROM is no FROM clause, and a parameter after a comma
  // (RAISE ... , p_name) is no relation (it made every auditor superuser-equivalent)
  assert.deepEqual(readBody(`DECLARE v sec_check.packs%ROWTYPE; BEGIN SELECT * INTO v FROM sec_check.packs WHERE name = p_name;
    IF v.sha256 IS DISTINCT FROM sec_check.pack_sha256(v.pack) THEN RAISE EXCEPTION 'changed %', p_name; END IF; RETURN v.pack; END`, 'plpgsql', ['p_name'], false).relations, []);
  assert.deepEqual(readBody("SELECT extract(epoch FROM ts), substring(s FROM 2), trim(both FROM t) FROM x", 'sql', [], false).relations, ['x']);
  assert.deepEqual(readBody('SELECT * FROM a, b WHERE a.x IS NOT DISTINCT FROM b.y', 'sql', [], false).relations, ['a', 'b']);
  // sec_check.record_run: a MATERIALIZED CTE is no relation, a column alias list calls nothing
  const mat = readBody('WITH h AS MATERIALIZED (SELECT 1) SELECT * FROM h, jsonb_each(x) AS s(key, v), c WHERE true', 'sql', [], false);
  assert.deepEqual([mat.relations, mat.calls], [['c'], ['jsonb_each/1']]);
  assert.deepEqual(readBody('WITH h(a) AS NOT MATERIALIZED (SELECT 1) SELECT * FROM h', 'sql', [], false).relations, []);
  assert.equal(readBody('SELECT 1 + 1', 'sql', [], false).operators, true);
  assert.equal(readBody('SELECT helper()', 'sql', [], true).calls.length, 0, 'a SQL-standard body is bound when created');
  assert.equal(readBody('anything', 'c', [], false).calls.length, 0);
  const dyn = (b: string, p = ['q']) => readBody(b, 'plpgsql', p, false).dynamic;
  assert.equal(dyn('BEGIN EXECUTE q; RETURN 1; END'), true);
  assert.equal(dyn('BEGIN EXECUTE $1; RETURN 1; END', ['']), true);
  assert.equal(dyn("DECLARE s text; BEGIN s := 'SELECT ' || q; EXECUTE s; RETURN 1; END"), true, 'through a variable');
  assert.equal(dyn("BEGIN EXECUTE format('SELECT %s', q); RETURN 1; END"), true);
  assert.equal(dyn("BEGIN EXECUTE format('SELECT %L', q); RETURN 1; END"), false);
  assert.equal(dyn("BEGIN EXECUTE 'SELECT ' || quote_literal(q); RETURN 1; END"), false);
  assert.equal(dyn("BEGIN EXECUTE 'SELECT $1' USING q; RETURN 1; END"), false);
  assert.deepEqual(readBody("BEGIN EXECUTE 'SELECT helper() FROM t'; RETURN 1; END", 'plpgsql', [], false).calls, ['helper/0'], 'SQL in an EXECUTE string is read');
});

test('definer_functions deriver: positions of pg_catalog and pg_temp, "$user" as the owner, bodies dropped', () => {
  const [row] = deriveDefinerFunctions([{ oid: 1, owner_name: 'boss', secdef: true, path: '"$user", pg_temp, app', body: 'SELECT h()', language: 'sql', params: [], sql_body: false, session_path: 'x', session_user_name: 'me' }]);
  assert.deepEqual([row.path_schemas, row.catalog_pos, row.temp_pos, row.calls, row.pinned], [['boss', 'pg_temp', 'app'], 0, 2, ['h/0'], true]);
  assert.equal('body' in row, false);
  const [unpinned] = deriveDefinerFunctions([{ oid: 2, owner_name: 'boss', secdef: true, path: null, body: 'SELECT 1', language: 'sql', params: '{}', sql_body: false }]);
  assert.deepEqual([unpinned.pinned, unpinned.path_schemas, unpinned.temp_pos], [false, null, -1]);
  // an event trigger's function without a path runs with the DDL runner's (this session's)
  const [evt] = deriveDefinerFunctions([{ oid: 3, owner_name: 'boss', secdef: false, path: null, body: 'SELECT 1', language: 'sql', params: [], sql_body: false, session_path: '"$user", public', session_user_name: 'me' }]);
  assert.deepEqual(evt.path_schemas, ['me', 'public']);
});
