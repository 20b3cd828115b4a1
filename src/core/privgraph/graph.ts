// The privilege graph: who can act as whom, per major, and what each role can reach by acting
// as others (docs/verdicts.md, "Who can act as whom"). Runtime-free; the priv_graph fact's
// deriver runs it on the catalog its query reads, in Node or in the database (QuickJS).
//
// A role X "acts as" R when X can run SQL of its choosing with current_user = R:
//   - at session level (SET ROLE R), which also extends X's session to R's SET memberships, or
//   - inside a function that runs as R (a SECURITY DEFINER function X redirects or feeds SQL to,
//     a function of R's X replaced), where SET ROLE is refused but R's privileges, attributes
//     and ADMIN options apply, and R can give a new function to a role it can SET ROLE to
//     (ALTER FUNCTION ... OWNER TO needs SET on the new owner and the owner's CREATE on the
//     schema: a superuser has it everywhere, and in pg_temp every role with TEMP on the
//     database has it).
// The routes (each verified against a live server by test/differential/privgraph.test.ts):
//   SET      member with SET (16+: the grant's SET option; before 16: every membership)
//   INHERIT  member with INHERIT (16+: the grant's option; before 16: the member's rolinherit):
//            R's privileges — ACL grants, ownership, predefined roles, ADMIN options
//   ADMIN    a role whose privileges include ADMIN OPTION on a non-superuser role Y can grant Y
//            to its own session user WITH SET, then SET ROLE Y (16+; before 16 ADMIN implies a
//            membership, which already allows SET ROLE)
//   CREATEROLE before 16: grants itself any non-superuser role (an attribute: not inherited);
//            a login that can act as one has it grant such roles to any identity its session
//            acts as (the rows of those logins are searched again with that: setGrantees)
//            Both grants are refused when Y is already a member (through any chain) of the
//            session user: the membership would be circular.
//   OWNER    with the privileges of a role O that owns a function or an ordinary table here,
//            and CREATE on some schema: replace O's function as SECURITY DEFINER (moving it to
//            that schema first if needed), or build an index on O's table with one's own
//            function (index expressions run as the table owner): code as O
//   DEFINER  run (EXECUTE + USAGE, or write a table whose trigger runs it) a SECURITY DEFINER
//            function of O that runs caller-supplied SQL or whose name lookups one can redirect
//            (CREATE on a schema its search_path reaches, any schema when it has none, TEMP for
//            the relations pg_temp shadows): code as O
//   GIFT     running code as R (in a function), create a SECURITY DEFINER function in pg_temp
//            and ALTER ... OWNER TO T, a role R can SET ROLE to (before 16: any membership)
//            that is a superuser or has TEMP: code as T
// Superuser attribute: not inherited; a superuser is the end of a path, never a step.
import { EDGE_ADMIN, EDGE_INHERIT, EDGE_SET, ROLE_CREATEROLE, ROLE_INHERIT, ROLE_LOGIN, ROLE_PREDEFINED, ROLE_SUPER, type FunctionInput, type GraphInput } from './input.ts';

/** What a path reaches. */
export type PathKind = 'superuser' | 'server_files' | 'predefined' | 'parameter' | 'event_trigger' | 'untrusted_language';

/** The predefined roles that read/write files or run programs as the server's OS account. */
export const SERVER_FILE_ROLES = ['pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files'];

export interface PathRow {
  oid: number;
  rolname: string;
  rolcanlogin: boolean;
  rolsuper: boolean;
  kind: PathKind;
  target: string;
  hops: number;
  /** `role → (how) → role …`, ending at the holder (the check adds what holding it gives) */
  chain: string;
  /** the role at the end of the chain (the superuser, the predefined role, the grantee) */
  holder: number;
  /** the member of the last membership hop into the holder, when the chain ends with one */
  last_member: number | null;
  /** the first function running as someone else that the chain goes through */
  via_function: string | null;
  /** for terminal kinds: what holding the privilege gives */
  step: string | null;
  /** for terminal kinds: the statement that takes the privilege away, when one is safe */
  fix: string | null;
}

// state modes
const H = 0; // holds the target (attribute, or privilege inherited down to it)
const S = 1; // wins when acting as the role at session level
const F = 2; // wins when acting as the role inside a function running as it
const A = 3; // its privileges include ADMIN OPTION on a role that wins at session level
const N = 4; // its privileges include those of a code owner that wins inside a function
const AF = 5; // its privileges include ADMIN OPTION on a role that wins inside a function (it grants that role to itself, not to the session user)
const MODES = 6;

// how a state was reached (the step printed between two roles)
const ZERO = 0;
const HOW_INHERIT = 1;
const HOW_SET = 2;
const HOW_ADMIN = 3;
const HOW_CREATEROLE = 4;
const HOW_OWNER = 5;
const HOW_DEFINER = 6;
const HOW_GIFT = 7;
const HOW_CREATEROLE_SELF = 8;
const HOW_ADMIN_SELF = 9;
const HOW_GRANTED = 10;

/** A set of roles: everyone (ALL), or a bitset with the same roles as a list. */
type RoleSet = typeof ALL | { bits: Uint8Array; list: Int32Array };
const ALL = Object.freeze({ all: true as const });
const isAll = (s: RoleSet): s is typeof ALL => s === ALL;

function listed(bits: Uint8Array): { bits: Uint8Array; list: Int32Array } {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += bits[i];
  const list = new Int32Array(count);
  for (let i = 0, k = 0; i < bits.length; i++) if (bits[i]) list[k++] = i;
  return { bits, list };
}

interface Tail { text: string; holder: number; lastMember: number | null | 'none'; grants: number[]; firstFn: string | null }

interface Target {
  kind: PathKind;
  target: string;
  /** seeds in mode H (indexes); 'all' = PUBLIC holds it */
  holders: number[] | 'all';
  /** privileges pass down INHERIT memberships (false for the superuser attribute) */
  inheritable: boolean;
  /** a holder must satisfy this to use it (e.g. create a function); null = always */
  cond: Uint8Array | null;
  step: string | null;
  fix: string | null;
}

export class PrivGraph {
  readonly n: number;
  readonly oids: number[];
  readonly names: string[];
  readonly flags: number[];
  readonly index = new Map<number, number>();
  /** reverse adjacency (members of a role): CSR */
  private readonly revStart: Int32Array;
  private readonly revMember: Int32Array;
  private readonly revFlags: Uint8Array;
  private readonly pre16: boolean;
  private readonly memo = new Map<string, Uint8Array>();
  private memoByArray = new WeakMap<number[], Uint8Array>();
  /** before 16: roles whose privileges may be given any non-superuser role (setGrantees) */
  private grantees: number[] = [];

  /** indexes into input.functions, by owner oid */
  private readonly fnsByOwner = new Map<number, number[]>();
  private readonly codeOwner: Uint8Array;
  private canCreate: Uint8Array;
  private canCreateFn: Uint8Array;
  private canTemp: Uint8Array;
  private readonly createroles: number[] = [];
  /** forward adjacency (the roles a role is a member of): CSR */
  private readonly fwdStart: Int32Array;
  private readonly fwdRole: Int32Array;
  private readonly fwdFlags: Uint8Array;
  private readonly schemaByName = new Map<string, GraphInput['schemas'][number]>();
  private readonly supers: Uint8Array;
  private readonly none: Uint8Array;
  private readonly allRoles: number[];
  private readonly exploitMemo = new Map<string, RoleSet>();
  private readonly exploitByFn: (RoleSet | undefined)[] = [];
  private readonly partMemo = new Map<string, RoleSet>();
  private setByBits = new WeakMap<Uint8Array, RoleSet>();
  /** holders who can redirect any function without a pinned path, whoever owns it */
  private readonly anyBase: number[];
  /** schemas PUBLIC may not use that have CREATE holders besides their owner */
  private readonly sharedPrivate: GraphInput['schemas'];
  private readonly ancestorMemo = new Map<number, Set<number>>();
  private dist = new Int32Array(0);
  private prev = new Int32Array(0);
  private how = new Uint8Array(0);
  private fnAt = new Int32Array(0);
  /** chain tails of the current search, by state */
  private tails = new Map<number, Tail>();

  constructor(readonly input: GraphInput) {
    this.pre16 = input.ver < 160000;
    this.n = input.roles.length;
    this.oids = input.roles.map((r) => r[0]);
    this.names = input.roles.map((r) => r[1]);
    this.flags = input.roles.map((r) => r[2]);
    for (let i = 0; i < this.n; i++) this.index.set(this.oids[i], i);
    // edges as indexes; the forward lists (a role's groups) first, in input order
    const list = input.edgeList;
    const m = list ? list.length / 3 : input.edges.length;
    const em = new Int32Array(m);
    const er = new Int32Array(m);
    const ef = new Uint8Array(m);
    let k = 0;
    if (list) {
      for (let j = 0; j < list.length; j += 3) {
        if (list[j] >= this.n || list[j + 1] >= this.n) continue;
        em[k] = list[j]; er[k] = list[j + 1]; ef[k] = list[j + 2]; k++;
      }
    } else {
      for (const e of input.edges) {
        const a = this.index.get(e[0]);
        const b = this.index.get(e[1]);
        if (a === undefined || b === undefined) continue;
        em[k] = a; er[k] = b; ef[k] = e[2]; k++;
      }
    }
    this.fwdStart = new Int32Array(this.n + 1);
    for (let j = 0; j < k; j++) this.fwdStart[em[j] + 1]++;
    for (let i = 0; i < this.n; i++) this.fwdStart[i + 1] += this.fwdStart[i];
    const ffill = this.fwdStart.slice(0, this.n);
    this.fwdRole = new Int32Array(k);
    this.fwdFlags = new Uint8Array(k);
    for (let j = 0; j < k; j++) {
      const at = ffill[em[j]]++;
      this.fwdRole[at] = er[j];
      this.fwdFlags[at] = ef[j];
    }
    // the reverse lists (a role's members) in member order: the roles arrive sorted by name, so
    // ties between equally short chains resolve the same way in every host
    this.revStart = new Int32Array(this.n + 1);
    for (let j = 0; j < k; j++) this.revStart[er[j] + 1]++;
    for (let i = 0; i < this.n; i++) this.revStart[i + 1] += this.revStart[i];
    const fill = this.revStart.slice(0, this.n);
    this.revMember = new Int32Array(k);
    this.revFlags = new Uint8Array(k);
    for (let member = 0; member < this.n; member++) {
      for (let e = this.fwdStart[member]; e < this.fwdStart[member + 1]; e++) {
        const at = fill[this.fwdRole[e]]++;
        this.revMember[at] = member;
        this.revFlags[at] = this.fwdFlags[e];
      }
    }
    for (const s of input.schemas) this.schemaByName.set(s[0], s);
    // CREATE on a schema PUBLIC may use, or owning any schema (its owner can grant USAGE on it), or
    // CREATE on the database (a new schema): a look-alike the function's owner finds, whoever it is
    this.anyBase = [...new Set([...input.dbCreate, ...input.schemas.flatMap((x) => (x[3].includes(0) ? x[2] : [x[1]]))])];
    this.sharedPrivate = input.schemas.filter((x) => !x[3].includes(0) && x[2].some((h) => h !== x[1]));
    input.functions.forEach((f, i) => {
      const list = this.fnsByOwner.get(f.owner) ?? [];
      list.push(i);
      this.fnsByOwner.set(f.owner, list);
    });
    this.supers = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) if (this.flags[i] & ROLE_SUPER) this.supers[i] = 1;
    this.none = new Uint8Array(this.n);
    this.allRoles = Array.from({ length: this.n }, (_, i) => i);
    this.codeOwner = new Uint8Array(this.n);
    for (const o of input.codeOwners) { const i = this.index.get(o); if (i !== undefined) this.codeOwner[i] = 1; }
    for (let i = 0; i < this.n; i++) if (this.flags[i] & ROLE_CREATEROLE && !(this.flags[i] & ROLE_SUPER)) this.createroles.push(i);
    this.canCreate = this.canCreateFn = this.canTemp = this.none;
    this.abilities();
  }

  /** Who can create objects somewhere, create a function somewhere, create in pg_temp. */
  private abilities(): void {
    const createHolders = [...this.input.dbCreate, ...this.input.schemas.flatMap((x) => x[2])];
    this.canCreate = this.priv(createHolders);
    this.canCreateFn = this.priv([...createHolders, ...this.input.tempHolders]);
    this.canTemp = this.priv(this.input.tempHolders);
  }

  /**
   * Before 16: the login roles that can act as a CREATEROLE role (SET ROLE, or code running as
   * it). Such a session can have any role that is not a superuser granted to every identity it
   * acts as (the session user, or a role it reached: that role's privileges then include the
   * granted one's, in functions running as it too).
   */
  private createroleActors(): number[] {
    if (!this.pre16 || !this.createroles.length) return [];
    this.search({ kind: 'predefined', target: '', holders: this.createroles, inheritable: false, cond: null, step: null, fix: null }, null, null, -1, false);
    const n = this.n;
    const found: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = this.flags[i];
      if (f & ROLE_LOGIN && !(f & ROLE_SUPER) && this.dist[S * n + i] !== -1) found.push(i);
    }
    return found;
  }

  /** Sets who may be granted any non-superuser role (priv()) and forgets what depended on it. */
  private setGrantees(list: number[]): void {
    this.grantees = list;
    this.memo.clear();
    this.memoByArray = new WeakMap();
    this.setByBits = new WeakMap();
    this.exploitMemo.clear();
    this.exploitByFn.length = 0;
    this.partMemo.clear();
    this.abilities();
  }

  isSuper(i: number): boolean { return (this.flags[i] & ROLE_SUPER) !== 0; }

  /**
   * Roles whose privileges include, or can be made to include, one of the holders' (0 = PUBLIC =
   * everyone): the holders, every role above them through INHERIT memberships, and every role
   * that can grant itself a membership WITH INHERIT in a role that has them — on 16+ whoever
   * holds ADMIN OPTION on it (directly or through its own privileges), before 16 a CREATEROLE
   * role that inherits (it grants itself any non-superuser role). So conditions that need
   * several privileges at once (calling a function and creating where it looks names up) see
   * every privilege a role can gather in one session. Memoized by holder set.
   */
  priv(holders: number[]): Uint8Array {
    const same = this.memoByArray.get(holders);
    if (same) return same;
    const key = holders.length > 64 ? null : [...new Set(holders)].sort((a, b) => a - b).join(',');
    const hit = key === null ? undefined : this.memo.get(key);
    if (hit) { this.memoByArray.set(holders, hit); return hit; }
    const out = new Uint8Array(this.n);
    if (holders.includes(0)) out.fill(1);
    else {
      const queue: number[] = [];
      const mark = (r: number) => { if (!out[r]) { out[r] = 1; queue.push(r); } };
      for (const h of holders) { const i = this.index.get(h); if (i !== undefined) mark(i); }
      // before 16: roles that can have y granted to them — an inheriting CREATEROLE role, and
      // while the rows of logins that can act as one are searched, every identity their
      // session acts as (setGrantees) — unless y is already their member (circular: refused)
      let pending: number[] | null = null;
      for (let q = 0; q < queue.length; q++) {
        const y = queue[q];
        const grantable = !this.isSuper(y);
        for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) {
          const fl = this.revFlags[e];
          if (fl & EDGE_INHERIT || (!this.pre16 && grantable && fl & EDGE_ADMIN)) mark(this.revMember[e]);
        }
        if (this.pre16 && grantable) {
          pending ??= [...this.createroles.filter((c) => this.flags[c] & ROLE_INHERIT), ...this.grantees];
          if (pending.length) {
            const up = this.ancestors(y);
            pending = pending.filter((c) => { if (up.has(c)) return true; mark(c); return false; });
          }
        }
      }
    }
    if (key !== null) this.memo.set(key, out);
    this.memoByArray.set(holders, out);
    return out;
  }

  /** Roles that can run function f as its owner (call it, or fire a trigger of it) and make it run their SQL. */
  /** A set of roles as a bitset and a list, or everyone (null). Memoized by holder set. */
  private roleSet(holders: number[]): RoleSet {
    if (holders.includes(0)) return ALL;
    const bits = this.priv(holders);
    let set = this.setByBits.get(bits);
    if (!set) { set = listed(bits); this.setByBits.set(bits, set); }
    return set;
  }

  private andSets(a: RoleSet, b: RoleSet): RoleSet {
    if (isAll(a)) return b;
    if (isAll(b) || a === b) return a;
    const [small, big] = a.list.length <= b.list.length ? [a, b] : [b, a];
    const bits = new Uint8Array(this.n);
    for (const i of small.list) if (big.bits[i]) bits[i] = 1;
    return listed(bits);
  }

  private orSets(a: RoleSet, b: RoleSet): RoleSet {
    if (isAll(a) || isAll(b)) return ALL;
    if (a.list.length === 0 || a === b) return b;
    if (b.list.length === 0) return a;
    const bits = Uint8Array.from(a.bits);
    for (const i of b.list) bits[i] = 1;
    return listed(bits);
  }

  /**
   * The parts of "who can put a look-alike where function fi's names resolve": each a key and
   * its holders. Keys depend on the owner only where a schema PUBLIC may not use has CREATE
   * holders besides its owner (whether the owner can use it decides who counts), so functions
   * of different owners usually share them.
   */
  private redirectParts(f: FunctionInput): { key: string; holders: number[] }[] {
    const parts: { key: string; holders: number[] }[] = [];
    let own: Set<number> | undefined;
    const o = this.index.get(f.owner);
    const usable = (x: GraphInput['schemas'][number]) => (o !== undefined && this.supers[o] === 1) || x[3].includes(0) || x[3].some((h) => (own ??= this.ownPrivileges(f.owner)).has(h));
    for (const name of f.redirect) {
      const x = this.schemaByName.get(name);
      if (!x) parts.push({ key: 'db', holders: this.input.dbCreate });
      else if (x[2].every((h) => h === x[1])) parts.push({ key: `s:${name}`, holders: [x[1]] });
      else if (usable(x)) parts.push({ key: `c:${name}`, holders: x[2] });
      else parts.push({ key: `s:${name}`, holders: [x[1]] });
    }
    if (f.redirectAny) {
      // any schema: CREATE on a schema PUBLIC may use, owning one, creating one — the same for
      // everyone — and CREATE from others on the private schemas the owner can use
      parts.push({ key: 'any', holders: this.anyBase });
      for (const x of this.sharedPrivate) if (usable(x)) parts.push({ key: `c:${x[0]}`, holders: x[2] });
    }
    if (f.redirectTemp) parts.push({ key: 'temp', holders: this.input.tempHolders });
    return parts;
  }

  /** Roles that can run function fi as its owner (call it, or fire a trigger of it) and make it run their SQL. */
  private exploiters(fi: number): RoleSet {
    const cached = this.exploitByFn[fi];
    if (cached) return cached;
    const f = this.input.functions[fi];
    const parts = f.dynamic ? null : this.redirectParts(f);
    const ids = (h: number[]) => (h.includes(0) ? '*' : [...new Set(h)].sort((a, b) => a - b).join(','));
    const key = parts !== null && parts.length === 0 ? 'never'
      : `${ids(f.exec)}/${ids(f.usage)}/${f.triggers.map(([w, u]) => `${ids(w)}:${ids(u)}`).join(';')}/${parts === null ? 'dynamic' : [...new Set(parts.map((p) => p.key))].sort().join('|')}`;
    let set = this.exploitMemo.get(key);
    if (!set) {
      if (key === 'never') set = listed(new Uint8Array(this.n));
      else {
        let run = this.andSets(this.roleSet(f.exec), this.roleSet(f.usage));
        for (const [write, tusage] of f.triggers) run = this.orSets(run, this.andSets(this.roleSet(write), this.roleSet(tusage)));
        if (parts !== null) {
          let redirect: RoleSet = listed(new Uint8Array(this.n));
          for (const part of parts) redirect = this.orSets(redirect, this.partSet(part));
          run = this.andSets(run, redirect);
        }
        set = run;
      }
      this.exploitMemo.set(key, set);
    }
    this.exploitByFn[fi] = set;
    return set;
  }

  private partSet(part: { key: string; holders: number[] }): RoleSet {
    let set = this.partMemo.get(part.key);
    if (!set) { set = this.roleSet(part.holders); this.partMemo.set(part.key, set); }
    return set;
  }

  /** Roles (oids) whose privileges are the roles `owner`'s privileges include (INHERIT grants). */
  private ownPrivileges(owner: number): Set<number> {
    const out = new Set<number>([0, owner]);
    const start = this.index.get(owner);
    if (start === undefined) return out;
    const queue = [start];
    const seen = new Uint8Array(this.n);
    seen[start] = 1;
    for (let q = 0; q < queue.length; q++) {
      const y = queue[q];
      for (let e = this.fwdStart[y]; e < this.fwdStart[y + 1]; e++) {
        const g = this.fwdRole[e];
        if (this.fwdFlags[e] & EDGE_INHERIT && !seen[g]) { seen[g] = 1; out.add(this.oids[g]); queue.push(g); }
      }
    }
    return out;
  }

  /** How role i redirects or feeds function f (for the chain). */
  private definerDetail(f: FunctionInput, i: number): string {
    if (f.dynamic) return `calls ${f.sig}, which runs the SQL its caller passes`;
    const has = (set: RoleSet) => isAll(set) || set.bits[i] === 1;
    for (const part of this.redirectParts(f)) {
      if (!has(this.partSet(part))) continue;
      if (part.key === 'temp') return `a temporary table or view shadows a table ${f.sig} reads (pg_temp is searched first), calls it`;
      if (part.key === 'db') {
        const missing = f.redirect.find((name) => !this.schemaByName.has(name));
        return `creates schema ${missing}, missing from the search_path of ${f.sig}, calls it`;
      }
      if (part.key === 'any' || !f.redirect.includes(part.key.slice(2))) return `CREATE on a schema, calls ${f.sig}, which has no pinned search_path`;
      return `CREATE ON SCHEMA ${part.key.slice(2)} in the search_path of ${f.sig}, calls it`;
    }
    return `calls ${f.sig}`;
  }

  /** Roles role y is a member of through any chain (y included), memoized. */
  private ancestors(y: number): Set<number> {
    let hit = this.ancestorMemo.get(y);
    if (hit) return hit;
    hit = new Set([y]);
    const queue = [y];
    for (let q = 0; q < queue.length; q++) {
      const x = queue[q];
      for (let e = this.fwdStart[x]; e < this.fwdStart[x + 1]; e++) { const g = this.fwdRole[e]; if (!hit.has(g)) { hit.add(g); queue.push(g); } }
    }
    this.ancestorMemo.set(y, hit);
    return hit;
  }

  /** Roles that are members of role x through any chain (x included). */
  private membersOf(x: number): Uint8Array {
    const out = new Uint8Array(this.n);
    out[x] = 1;
    const queue = [x];
    for (let q = 0; q < queue.length; q++) {
      const y = queue[q];
      for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) { const r = this.revMember[e]; if (!out[r]) { out[r] = 1; queue.push(r); } }
    }
    return out;
  }

  /**
   * Every (role, kind, target) path, the shortest per role and target. A role that can act as a
   * superuser gets that row only: every other power follows from it.
   */
  paths(): PathRow[] {
    const rows = this.allPaths();
    // Before 16, the session of a login that can act as a CREATEROLE role can grant any role
    // that is not a superuser to every identity it acts as (a person grants in the order that
    // avoids circular memberships). Only such logins' rows are searched again with that.
    const actors = this.createroleActors();
    if (!actors.length) return rows;
    const mine = new Set(actors.map((i) => this.oids[i]));
    const grantees: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const f = this.flags[i];
      if (f & ROLE_INHERIT && !(f & (ROLE_SUPER | ROLE_PREDEFINED | ROLE_CREATEROLE))) grantees.push(i);
    }
    this.setGrantees(grantees);
    const wider = this.allPaths().filter((r) => mine.has(r.oid));
    this.setGrantees([]);
    return [...rows.filter((r) => !mine.has(r.oid)), ...wider];
  }

  private allPaths(): PathRow[] {
    const out: PathRow[] = [];
    const superEquivalent = new Set<number>();
    for (const t of this.targets()) {
      const found = this.search(t, null, t.kind === 'superuser' ? null : superEquivalent);
      for (const { row, grants } of found) {
        // a grant to itself of a role that is already its member is refused (circular): search
        // again for this role without such grants (rare, so the second search is per role)
        const x = this.index.get(row.oid)!;
        let final: PathRow | null = row;
        if (grants.some((y) => this.ancestors(y).has(x))) {
          const mine = this.membersOf(x);
          final = this.search(t, mine, null, x).find((r) => r.row.oid === row.oid)?.row ?? null;
        }
        if (!final) continue;
        if (t.kind === 'superuser') superEquivalent.add(final.oid);
        out.push(final);
      }
    }
    // terminal targets may come from several holder sets (event trigger: owner, or CREATE where it looks up)
    const best = new Map<string, PathRow>();
    for (const r of out) {
      const key = `${r.oid}\u0000${r.kind}\u0000${r.target}`;
      const seen = best.get(key);
      if (!seen || r.hops < seen.hops) best.set(key, r);
    }
    return [...best.values()];
  }

  private targets(): Target[] {
    const list: Target[] = [];
    const supers: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.isSuper(i)) supers.push(i);
    list.push({ kind: 'superuser', target: '', holders: supers, inheritable: false, cond: null, step: null, fix: null });
    for (let i = 0; i < this.n; i++) {
      if (!(this.flags[i] & ROLE_PREDEFINED) || this.names[i] === 'pg_database_owner') continue;
      list.push({ kind: SERVER_FILE_ROLES.includes(this.names[i]) ? 'server_files' : 'predefined', target: this.names[i], holders: [i], inheritable: true, cond: null, step: null, fix: null });
    }
    for (const t of this.input.terminals) {
      const holders = t.holders.includes(0) ? 'all' as const : t.holders.map((h) => this.index.get(h)).filter((i): i is number => i !== undefined);
      list.push({ kind: t.kind, target: t.target, holders, inheritable: true, cond: t.needs === 'create' ? this.canCreate : t.needs === 'create_fn' ? this.canCreateFn : null, step: t.step, fix: t.fix });
    }
    return list;
  }

  /** 0-1 breadth-first search backwards from the target's holders over every route. */
  private search(t: Target, noGrant: Uint8Array | null = null, skip: Set<number> | null = null, self = -1, rows = true): { row: PathRow; grants: number[] }[] {
    const n = this.n;
    const superTarget = t.kind === 'superuser';
    const size = MODES * n;
    if (this.dist.length !== size) { this.dist = new Int32Array(size); this.prev = new Int32Array(size); this.how = new Uint8Array(size); this.fnAt = new Int32Array(size); }
    const { dist, prev, how, fnAt } = this;
    dist.fill(-1); prev.fill(-1); fnAt.fill(-1);
    this.tails = new Map();
    let layer: number[] = [];
    let next: number[] = [];
    let d = 0;
    // a superuser is never a step towards another power (it has them all)
    const ex = superTarget ? this.none : this.supers;
    const relax = (st: number, nd: number, from: number, h: number) => {
      if (ex[st % n]) return;
      const was = dist[st];
      if (was !== -1 && was <= nd) return;
      dist[st] = nd; prev[st] = from; how[st] = h;
      (nd === d ? layer : next).push(st);
    };
    // a superuser holding a privilege passes it down INHERIT memberships (never its attribute)
    const seed = (mode: number, i: number) => { if ((!ex[i] || (mode === H && t.inheritable)) && dist[mode * n + i] === -1) { dist[mode * n + i] = 0; layer.push(mode * n + i); } };
    if (t.holders === 'all') for (let i = 0; i < n; i++) seed(H, i);
    else for (const i of t.holders) seed(H, i);
    let createroleDone = false;
    /** grantees not yet given a holder (setGrantees) */
    let granted: number[] | null = null;
    const createroleFDone = new Uint8Array(n);
    let createroleFLeft = this.createroles.length;
    const afOrigin = new Map<number, number>();
    // roles a SECURITY DEFINER function can still reach (function level not set yet): each fan-out
    // looks only at them, so a function every role can exploit costs once, not once per owner
    let open = this.allRoles.slice();
    let openCount = open.length;
    const fanned = new Set<RoleSet>();
    while (layer.length) {
      for (let q = 0; q < layer.length; q++) {
        const st = layer[q];
        if (dist[st] !== d) continue; // improved since it was queued
        const mode = (st / n) | 0;
        const y = st - mode * n;
        const e0 = this.revStart[y];
        const e1 = this.revStart[y + 1];
        switch (mode) {
          case H:
            if (!t.cond || t.cond[y]) { relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO); }
            if (t.inheritable) for (let e = e0; e < e1; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(H * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            // (before 16, rows of logins that act as a CREATEROLE role) y is granted to any identity
            // the session acts as, unless y is already its member (circular: refused)
            if (t.inheritable && this.grantees.length && !this.supers[y] && this.names[y] !== 'pg_database_owner' && (granted === null || granted.length)) {
              const up = this.ancestors(y);
              granted = (granted ?? this.grantees).filter((x) => { if (up.has(x)) return true; relax(H * n + x, d + 1, st, HOW_GRANTED); return false; });
            }
            break;
          case S: {
            const grantable = !this.pre16 && !this.supers[y] && !noGrant?.[y];
            for (let e = e0; e < e1; e++) {
              const fl = this.revFlags[e];
              if (fl & EDGE_SET) relax(S * n + this.revMember[e], d + 1, st, HOW_SET);
              if (grantable && fl & EDGE_ADMIN) relax(A * n + this.revMember[e], d + 1, st, HOW_ADMIN);
            }
            if (this.pre16 && !createroleDone && !this.supers[y] && !noGrant?.[y]) {
              createroleDone = true;
              for (const c of this.createroles) { relax(S * n + c, d + 1, st, HOW_CREATEROLE); relax(F * n + c, d + 1, st, HOW_CREATEROLE); }
            }
            break;
          }
          case A:
            relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO);
            for (let e = e0; e < e1; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(A * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            break;
          case AF: {
            // it grants the role to itself: refused when that role is already its member
            const origin = afOrigin.get(st) ?? -1;
            if (y !== self && !(origin >= 0 && this.ancestors(origin).has(y))) relax(F * n + y, d, st, ZERO);
            for (let e = e0; e < e1; e++) {
              if (!(this.revFlags[e] & EDGE_INHERIT)) continue;
              const r = this.revMember[e];
              const before = dist[AF * n + r];
              relax(AF * n + r, d + 1, st, HOW_INHERIT);
              if (dist[AF * n + r] !== before) afOrigin.set(AF * n + r, origin);
            }
            break;
          }
          case N:
            if (this.canCreate[y]) { relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO); }
            for (let e = e0; e < e1; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(N * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            break;
          case F: {
            relax(S * n + y, d, st, ZERO);
            // a role that can SET ROLE to y, running code in a function, gives y a function of its own
            const sup = this.supers[y] === 1;
            if (sup || this.canTemp[y]) {
              for (let e = e0; e < e1; e++) {
                const r = this.revMember[e];
                if (this.revFlags[e] & EDGE_SET && (this.canTemp[r] || (sup && this.canCreate[r]))) relax(F * n + r, d + 1, st, HOW_GIFT);
              }
            }
            if (this.codeOwner[y]) relax(N * n + y, d + 1, st, HOW_OWNER);
            // a role running code in a function grants y to itself (not to the session user) and
            // gives y a function: CREATEROLE before 16, ADMIN OPTION on 16+ (where granting y to
            // the session user would be circular; otherwise A already covers it)
            if (!sup && this.canTemp[y]) {
              // (granting y to a role y is already a member of would be circular: refused)
              if (this.pre16 && createroleFLeft > 0) {
                const up = this.ancestors(y);
                for (const c of this.createroles) {
                  if (createroleFDone[c] || up.has(c)) continue;
                  createroleFDone[c] = 1; createroleFLeft--;
                  relax(F * n + c, d + 1, st, HOW_CREATEROLE_SELF);
                }
              }
              if (!this.pre16 && noGrant?.[y]) {
                for (let e = e0; e < e1; e++) {
                  if (!(this.revFlags[e] & EDGE_ADMIN)) continue;
                  const p = this.revMember[e];
                  const before = dist[AF * n + p];
                  relax(AF * n + p, d + 1, st, HOW_ADMIN_SELF);
                  if (dist[AF * n + p] !== before) afOrigin.set(AF * n + p, y);
                }
              }
            }
            const fns = this.fnsByOwner.get(this.oids[y]);
            if (!fns) break;
            for (const fi of fns) {
              if (openCount === 0) break; // every role already acts at function level: nothing to gain
              const who = this.exploiters(fi);
              if (fanned.has(who)) continue; // relaxed already, at a distance no greater than this one
              fanned.add(who);
              if (!isAll(who) && who.list.length < openCount) {
                for (let k = 0; k < who.list.length; k++) {
                  const r = who.list[k];
                  if (dist[F * n + r] !== -1 || r === y || ex[r]) continue;
                  relax(S * n + r, d + 1, st, HOW_DEFINER);
                  if (dist[S * n + r] === d + 1 && prev[S * n + r] === st) fnAt[S * n + r] = fi;
                  relax(F * n + r, d + 1, st, HOW_DEFINER);
                  fnAt[F * n + r] = fi;
                }
                continue;
              }
              let kept = 0;
              for (let k = 0; k < openCount; k++) {
                const r = open[k];
                if (dist[F * n + r] !== -1) continue; // settled: drop it from the open list
                open[kept++] = r;
                if ((!isAll(who) && !who.bits[r]) || r === y || ex[r]) continue;
                relax(S * n + r, d + 1, st, HOW_DEFINER);
                if (dist[S * n + r] === d + 1 && prev[S * n + r] === st) fnAt[S * n + r] = fi;
                relax(F * n + r, d + 1, st, HOW_DEFINER);
                fnAt[F * n + r] = fi;
              }
              openCount = kept;
              if (openCount < open.length / 4) open = open.slice(0, openCount);
            }
            break;
          }
        }
      }
      layer = next; next = []; d++;
    }
    if (!rows) return [];
    const found: { row: PathRow; grants: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      if (this.flags[i] & ROLE_PREDEFINED || ex[i] || skip?.has(this.oids[i])) continue;
      const st = S * n + i;
      if (dist[st] === -1) continue;
      found.push(this.row(t, i, dist[st], st));
    }
    return found;
  }

  /**
   * The hops from state st to the holder, once per state of a search (chains of a shortest-path
   * tree share their tails): the text after st's role name, the holder, the member of the last
   * membership hop ('none' while no hop has been seen), the roles granted to oneself on the way
   * and the first function that runs as someone else.
   */
  private tail(st: number): Tail {
    const memo = this.tails.get(st);
    if (memo) return memo;
    const n = this.n;
    const nx = this.prev[st];
    let out: Tail;
    if (nx === -1) out = { text: '', holder: st % n, lastMember: 'none', grants: [], firstFn: null };
    else {
      const rest = this.tail(nx);
      const h = this.how[st];
      const from = st % n;
      const to = nx % n;
      const fn = h === HOW_DEFINER && this.fnAt[st] >= 0 ? this.input.functions[this.fnAt[st]] : null;
      let hop = '';
      switch (h) {
        case HOW_INHERIT: hop = ` → (member, INHERIT) → ${this.names[to]}`; break;
        case HOW_SET: hop = ` → (member, SET) → ${this.names[to]}`; break;
        case HOW_GIFT: hop = ` → (member, SET: gives it a SECURITY DEFINER function, ALTER FUNCTION ... OWNER TO) → ${this.names[to]}`; break;
        case HOW_ADMIN: hop = ` → (ADMIN OPTION: can grant itself the membership) → ${this.names[to]}`; break;
        case HOW_CREATEROLE: hop = ` → (CREATEROLE before 16: can grant itself the membership) → ${this.names[to]}`; break;
        case HOW_CREATEROLE_SELF: hop = ` → (CREATEROLE before 16: grants itself the membership, gives it a SECURITY DEFINER function) → ${this.names[to]}`; break;
        case HOW_GRANTED: hop = ` → (granted the membership by a CREATEROLE role its session acts as, before 16) → ${this.names[to]}`; break;
        case HOW_ADMIN_SELF: hop = ` → (ADMIN OPTION: grants itself the membership, gives it a SECURITY DEFINER function) → ${this.names[to]}`; break;
        case HOW_OWNER: hop = ` → (owner rights: replaces one of its functions as SECURITY DEFINER, or indexes one of its tables, and runs code as ${this.names[to]})`; break;
        case HOW_DEFINER: hop = ` → (${fn ? this.definerDetail(fn, from) : 'calls a function'}) → ${this.names[to]}`; break;
        default: break;
      }
      const member = h === HOW_INHERIT || h === HOW_SET || h === HOW_GIFT;
      out = {
        text: hop + rest.text,
        holder: rest.holder,
        lastMember: rest.lastMember !== 'none' ? rest.lastMember : h === ZERO ? 'none' : member ? from : null,
        grants: h === HOW_ADMIN || h === HOW_CREATEROLE ? [to, ...rest.grants] : rest.grants,
        firstFn: fn ? fn.sig : rest.firstFn,
      };
    }
    this.tails.set(st, out);
    return out;
  }

  private row(t: Target, i: number, hops: number, start: number): { row: PathRow; grants: number[] } {
    const tail = this.tail(start);
    const last = tail.lastMember === 'none' ? null : tail.lastMember;
    return { grants: tail.grants, row: {
      oid: this.oids[i],
      rolname: this.names[i],
      rolcanlogin: (this.flags[i] & ROLE_LOGIN) !== 0,
      rolsuper: this.supers[i] === 1,
      kind: t.kind,
      target: t.kind === 'superuser' ? this.names[tail.holder] : t.target,
      hops,
      chain: this.names[i] + tail.text,
      holder: this.oids[tail.holder],
      last_member: last === null ? null : this.oids[last],
      via_function: tail.firstFn,
      step: t.step,
      fix: t.fix,
    } };
  }

}

/** Is the role a member (SET or INHERIT) of nothing it could use? Helper for tests: flags of a role. */
export function roleFlags(o: { super?: boolean; inherit?: boolean; createrole?: boolean; login?: boolean; predefined?: boolean }): number {
  return (o.super ? ROLE_SUPER : 0) | (o.inherit === false ? 0 : ROLE_INHERIT) | (o.createrole ? ROLE_CREATEROLE : 0) | (o.login ? ROLE_LOGIN : 0) | (o.predefined ? ROLE_PREDEFINED : 0);
}
