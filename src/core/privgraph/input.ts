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
  /** schemas whose CREATE holders can put an object its names resolve to: [schema, holders] */
  redirect: [schema: string, holders: number[]][];
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
  edges: [member: number, role: number, flags: number][];
  /** CREATE holders of some schema (owners included), temporary schemas and pg_toast left out */
  createHolders: number[];
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

/** Reads the single row the fact's query returns. Throws (the fact then fails) on a shape it does not know. */
export function readGraphInput(row: Record<string, unknown>): GraphInput {
  const ver = Number(row.ver);
  if (!Number.isInteger(ver)) fail('ver', row.ver);
  const roles = json(row.roles) ?? [];
  if (!Array.isArray(roles) || !roles.every((r) => Array.isArray(r) && r.length === 3 && typeof r[0] === 'number' && typeof r[1] === 'string' && typeof r[2] === 'number')) fail('roles', roles);
  const edges = json(row.edges) ?? [];
  if (!Array.isArray(edges) || !edges.every((e) => Array.isArray(e) && e.length === 3 && e.every((x: unknown) => typeof x === 'number'))) fail('edges', edges);
  const ids = (name: string): number[] => {
    const v = json(row[name]) ?? [];
    if (!isIds(v)) fail(name, v);
    return v;
  };
  const functions = (json(row.functions) ?? []) as FunctionInput[];
  if (!Array.isArray(functions)) fail('functions', functions);
  for (const f of functions) {
    if (typeof f !== 'object' || f === null || typeof f.oid !== 'number' || typeof f.owner !== 'number' || typeof f.sig !== 'string'
      || !isIds(f.exec) || !isIds(f.usage) || !Array.isArray(f.redirect) || !Array.isArray(f.triggers)) fail('functions[]', f);
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
    createHolders: ids('create_holders'),
    tempHolders: ids('temp_holders'),
    codeOwners: ids('code_owners'),
    functions,
    terminals,
  };
}
