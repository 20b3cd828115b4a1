// The privilege graph's input: the catalog, reduced by the priv_graph fact's query to what the
// model needs (checks/_facts/priv_graph/query*.sql), and read here into typed arrays. Role and
// holder ids are oids; holder 0 is PUBLIC (every role). Runtime-free: parsed from the rows the
// fact's query returns, whichever host ran it.

/** Role attribute bits (the `roles` column: [oid, name, flags]). */
export const ROLE_SUPER = 1;
export const ROLE_INHERIT = 2;
export const ROLE_CREATEROLE = 4;
export const ROLE_LOGIN = 8;
/** A predefined role (pg_*, oid below 16384): a privilege holder, never reported as a subject. */
export const ROLE_PREDEFINED = 16;

/** Membership bits (the `edges` column: [member, role, flags], every grantor's grant OR-ed). */
export const EDGE_ADMIN = 1;
/** The member has the role's privileges: 16+ the grant's INHERIT option, before 16 the member's rolinherit. */
export const EDGE_INHERIT = 2;
/** The member can SET ROLE to the role: 16+ the grant's SET option, before 16 every membership. */
export const EDGE_SET = 4;

/** A function that runs as someone other than its caller (checks/_facts/definer_functions). */
export interface FunctionInput {
  oid: number;
  sig: string;
  /** the role it runs as: its owner (SECURITY DEFINER) */
  owner: number;
  /** it runs SQL its caller supplies (EXECUTE of an argument) */
  dynamic: boolean;
  /** holders of EXECUTE on it and of USAGE on its schema (calling it needs both) */
  exec: number[];
  usage: number[];
  /** schemas (by name, in search order; some may not exist) where an object shadows one its body means */
  redirect: string[];
  /** its names resolve through a search_path its caller sets: CREATE on any schema redirects them */
  redirectAny: boolean;
  /** it reads relations by unqualified name with pg_temp searched first: TEMP on the database redirects them */
  redirectTemp: boolean;
  /** triggers that run it: [write holders of the table, USAGE holders of the table's schema] */
  triggers: [write: number[], usage: number[]][];
}

/** A privilege that is an escalation in itself (parameter, event trigger, language): who holds it. */
export interface TerminalInput {
  kind: 'parameter' | 'event_trigger' | 'untrusted_language';
  target: string;
  /** roles holding the privilege directly (0 = PUBLIC); members with INHERIT hold it too */
  holders: number[];
  /** what a holder must also be able to do: create in a schema ('create'), create a function
   *  anywhere, pg_temp included ('create_fn'); null = nothing */
  needs: 'create' | 'create_fn' | null;
  /** what holding it gives, appended to the chain */
  step: string;
  /** the statement that takes it away from these holders, when one is safe */
  fix: string | null;
}

export interface GraphInput {
  /** server_version_num */
  ver: number;
  roles: [oid: number, name: string, flags: number][];
  /** memberships by oid (hand-made inputs) ... */
  edges: [member: number, role: number, flags: number][];
  /** ... or, from the fact's query, as one flat list of (member index, role index, flags) into roles */
  edgeList?: number[];
  /** every schema that takes objects by name: [name, owner, CREATE holders, USAGE holders] */
  schemas: [name: string, owner: number, create: number[], usage: number[]][];
  /** CREATE holders on this database (they can create a schema of their own) */
  dbCreate: number[];
  /** TEMPORARY holders on this database */
  tempHolders: number[];
  /** roles owning a function or an ordinary table in this database (in a schema they can use) */
  codeOwners: number[];
  functions: FunctionInput[];
  terminals: TerminalInput[];
}

const isIds = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

function fail(what: string, v: unknown): never {
  throw new Error(`priv_graph: ${what}: unexpected value ${JSON.stringify(v)?.slice(0, 120)}`);
}

/** JSON columns may arrive parsed (json) or as text, depending on the host. */
function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

function schemas(v: unknown): GraphInput['schemas'] {
  const list = v ?? [];
  const x = Array.isArray(list) ? list[0] : null;
  if (!Array.isArray(list) || (list.length && !(Array.isArray(x) && x.length === 4 && typeof x[0] === 'string' && typeof x[1] === 'number' && isIds(x[2] ?? []) && isIds(x[3]))))
    fail('schemas', list);
  return list as GraphInput['schemas'];
}

/** Reads the single row the fact's query returns. Throws (the fact then fails) on a shape it does not know. */
export function readGraphInput(row: Record<string, unknown>): GraphInput {
  const ver = Number(row.ver);
  if (!Number.isInteger(ver)) fail('ver', row.ver);
  // the rows come from the fact's own query: the shape of the first element of each list is
  // checked (a query from another version would differ there), not every element (10,000 roles)
  const roles = json(row.roles) ?? [];
  const r0 = Array.isArray(roles) ? roles[0] : null;
  if (!Array.isArray(roles) || (roles.length && !(Array.isArray(r0) && r0.length === 3 && typeof r0[0] === 'number' && typeof r0[1] === 'string' && typeof r0[2] === 'number'))) fail('roles', roles);
  const edgeList = row.edge_list === undefined ? undefined : json(row.edge_list);
  if (edgeList !== undefined && !(Array.isArray(edgeList) && edgeList.length % 3 === 0 && (edgeList.length === 0 || typeof edgeList[0] === 'number'))) fail('edge_list', edgeList);
  const edges = edgeList !== undefined ? [] : json(row.edges) ?? [];
  const e0 = Array.isArray(edges) ? edges[0] : null;
  if (!Array.isArray(edges) || (edges.length && !(Array.isArray(e0) && e0.length === 3 && typeof e0[0] === 'number' && typeof e0[1] === 'number' && typeof e0[2] === 'number'))) fail('edges', edges);
  const ids = (name: string): number[] => {
    const v = json(row[name]) ?? [];
    if (!isIds(v)) fail(name, v);
    return v;
  };
  const functions = (json(row.functions) ?? []) as FunctionInput[];
  if (!Array.isArray(functions)) fail('functions', functions);
  for (const f of functions) {
    if (typeof f !== 'object' || f === null || typeof f.oid !== 'number' || typeof f.owner !== 'number' || typeof f.sig !== 'string'
      || !isIds(f.exec) || !isIds(f.usage) || !Array.isArray(f.redirect) || !f.redirect.every((x) => typeof x === 'string') || !Array.isArray(f.triggers)) fail('functions[]', f);
    f.dynamic = f.dynamic === true;
    f.redirectAny = f.redirectAny === true;
    f.redirectTemp = f.redirectTemp === true;
  }
  const terminals = (json(row.terminals) ?? []) as TerminalInput[];
  if (!Array.isArray(terminals)) fail('terminals', terminals);
  for (const t of terminals) {
    if (typeof t !== 'object' || t === null || typeof t.target !== 'string' || !isIds(t.holders)
      || !['parameter', 'event_trigger', 'untrusted_language'].includes(t.kind)) fail('terminals[]', t);
    if (t.needs !== 'create' && t.needs !== 'create_fn') t.needs = null;
    if (typeof t.step !== 'string') fail('terminals[].step', t);
    if (typeof t.fix !== 'string') t.fix = null;
  }
  return {
    ver,
    roles: roles as GraphInput['roles'],
    edges: edges as GraphInput['edges'],
    ...(edgeList !== undefined ? { edgeList: edgeList as number[] } : {}),
    schemas: schemas(json(row.schemas)),
    dbCreate: ids('db_create'),
    tempHolders: ids('temp_holders'),
    codeOwners: ids('code_owners'),
    functions,
    terminals,
  };
}
