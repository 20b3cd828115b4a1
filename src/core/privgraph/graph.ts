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
//   CREATEROLE before 16: grants itself any non-superuser role (an attribute: not inherited)
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
const MODES = 5;

// how a state was reached (the step printed between two roles)
const ZERO = 0;
const HOW_INHERIT = 1;
const HOW_SET = 2;
const HOW_ADMIN = 3;
const HOW_CREATEROLE = 4;
const HOW_OWNER = 5;
const HOW_DEFINER = 6;
const HOW_GIFT = 7;

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
  private readonly fnsByOwner = new Map<number, FunctionInput[]>();
  private readonly codeOwner: Uint8Array;
  private readonly canCreate: Uint8Array;
  private readonly canCreateFn: Uint8Array;
  private readonly canTemp: Uint8Array;
  private readonly createroles: number[] = [];

  constructor(readonly input: GraphInput) {
    this.pre16 = input.ver < 160000;
    this.n = input.roles.length;
    this.oids = input.roles.map((r) => r[0]);
    this.names = input.roles.map((r) => r[1]);
    this.flags = input.roles.map((r) => r[2]);
    this.oids.forEach((oid, i) => this.index.set(oid, i));
    const edges = input.edges.filter((e) => this.index.has(e[0]) && this.index.has(e[1]));
    this.revStart = new Int32Array(this.n + 1);
    for (const e of edges) this.revStart[this.index.get(e[1])! + 1]++;
    for (let i = 0; i < this.n; i++) this.revStart[i + 1] += this.revStart[i];
    const fill = this.revStart.slice(0, this.n);
    this.revMember = new Int32Array(edges.length);
    this.revFlags = new Uint8Array(edges.length);
    // members sorted by name, so ties between equally short chains resolve the same way everywhere
    const sorted = [...edges].sort((a, b) => (this.names[this.index.get(a[0])!] < this.names[this.index.get(b[0])!] ? -1 : this.names[this.index.get(a[0])!] > this.names[this.index.get(b[0])!] ? 1 : 0));
    for (const [member, role, fl] of sorted) {
      const at = fill[this.index.get(role)!]++;
      this.revMember[at] = this.index.get(member)!;
      this.revFlags[at] = fl;
    }
    for (const f of input.functions) {
      const list = this.fnsByOwner.get(f.owner) ?? [];
      list.push(f);
      this.fnsByOwner.set(f.owner, list);
    }
    this.codeOwner = new Uint8Array(this.n);
    for (const o of input.codeOwners) { const i = this.index.get(o); if (i !== undefined) this.codeOwner[i] = 1; }
    this.canCreate = this.priv(input.createHolders);
    this.canCreateFn = this.priv([...input.createHolders, ...input.tempHolders]);
    this.canTemp = this.priv(input.tempHolders);
    for (let i = 0; i < this.n; i++) if (this.flags[i] & ROLE_CREATEROLE && !(this.flags[i] & ROLE_SUPER)) this.createroles.push(i);
    this.createroles.sort((a, b) => (this.names[a] < this.names[b] ? -1 : 1));
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
    const key = [...new Set(holders)].sort((a, b) => a - b).join(',');
    const hit = this.memo.get(key);
    if (hit) return hit;
    const out = new Uint8Array(this.n);
    if (holders.includes(0)) out.fill(1);
    else {
      const queue: number[] = [];
      const mark = (r: number) => { if (!out[r]) { out[r] = 1; queue.push(r); } };
      for (const h of holders) { const i = this.index.get(h); if (i !== undefined) mark(i); }
      let createroles = false;
      for (let q = 0; q < queue.length; q++) {
        const y = queue[q];
        const grantable = !this.isSuper(y);
        for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) {
          const fl = this.revFlags[e];
          if (fl & EDGE_INHERIT || (!this.pre16 && grantable && fl & EDGE_ADMIN)) mark(this.revMember[e]);
        }
        if (this.pre16 && grantable && !createroles) {
          createroles = true;
          for (const c of this.createroles) if (this.flags[c] & ROLE_INHERIT) mark(c);
        }
      }
    }
    this.memo.set(key, out);
    return out;
  }

  /** Roles that can run function f as its owner (call it, or fire a trigger of it) and make it run their SQL. */
  private exploiters(f: FunctionInput): Uint8Array {
    const key = `fn:${exploiterKey(f)}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const run = new Uint8Array(this.n);
    const exec = this.priv(f.exec);
    const usage = this.priv(f.usage);
    for (let i = 0; i < this.n; i++) run[i] = exec[i] & usage[i];
    for (const [write, tusage] of f.triggers) {
      const w = this.priv(write);
      const u = this.priv(tusage);
      for (let i = 0; i < this.n; i++) run[i] |= w[i] & u[i];
    }
    if (!f.dynamic) {
      const redirect = new Uint8Array(this.n);
      for (const [, holders] of f.redirect) { const p = this.priv(holders); for (let i = 0; i < this.n; i++) redirect[i] |= p[i]; }
      if (f.redirectAny) for (let i = 0; i < this.n; i++) redirect[i] |= this.canCreate[i];
      if (f.redirectTemp) { const t = this.priv(this.input.tempHolders); for (let i = 0; i < this.n; i++) redirect[i] |= t[i]; }
      for (let i = 0; i < this.n; i++) run[i] &= redirect[i];
    }
    this.memo.set(key, run);
    return run;
  }

  /** How role i redirects or feeds function f (for the chain). */
  private definerDetail(f: FunctionInput, i: number): string {
    if (f.dynamic) return `calls ${f.sig}, which runs the SQL its caller passes`;
    for (const [schema, holders] of f.redirect) {
      if (this.priv(holders)[i]) return `CREATE ON SCHEMA ${schema} in the search_path of ${f.sig}, calls it`;
    }
    if (f.redirectAny && this.canCreate[i]) return `CREATE on a schema, calls ${f.sig}, which has no pinned search_path`;
    return `a temporary table or view shadows a table ${f.sig} reads (pg_temp is searched first), calls it`;
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

  /** Every (role, kind, target) path, shortest first per role; one row per role and target. */
  paths(): PathRow[] {
    const out: PathRow[] = [];
    for (const t of this.targets()) {
      const found = this.search(t);
      for (const { row, grants } of found) {
        // a grant to itself of a role that is already its member is refused (circular): search
        // again for this role without such grants (rare, so the second search is per role)
        const mine = grants.length ? this.membersOf(this.index.get(row.oid)!) : null;
        if (mine && grants.some((y) => mine[y])) {
          const again = this.search(t, mine).find((x) => x.row.oid === row.oid);
          if (again) out.push(again.row);
        } else out.push(row);
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
  private search(t: Target, noGrant: Uint8Array | null = null): { row: PathRow; grants: number[] }[] {
    const n = this.n;
    const superTarget = t.kind === 'superuser';
    const dist = new Int32Array(MODES * n).fill(-1);
    const prev = new Int32Array(MODES * n).fill(-1);
    const how = new Uint8Array(MODES * n);
    const detail = new Map<number, string>();
    const viaFn = new Map<number, string>();
    let layer: number[] = [];
    let next: number[] = [];
    let d = 0;
    // a superuser is never a step towards another power (it has them all)
    const excluded = (i: number) => !superTarget && this.isSuper(i);
    const relax = (st: number, nd: number, from: number, h: number) => {
      const i = st % n;
      if (excluded(i)) return;
      if (dist[st] !== -1 && dist[st] <= nd) return;
      dist[st] = nd; prev[st] = from; how[st] = h;
      (nd === d ? layer : next).push(st);
    };
    const seed = (mode: number, i: number) => { if (!excluded(i) && dist[mode * n + i] === -1) { dist[mode * n + i] = 0; layer.push(mode * n + i); } };
    if (t.holders === 'all') for (let i = 0; i < n; i++) seed(H, i);
    else for (const i of t.holders) seed(H, i);
    let createroleDone = false;
    while (layer.length) {
      for (let q = 0; q < layer.length; q++) {
        const st = layer[q];
        if (dist[st] !== d) continue; // improved since it was queued
        const mode = Math.floor(st / n);
        const y = st % n;
        switch (mode) {
          case H:
            if (!t.cond || t.cond[y]) { relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO); }
            if (t.inheritable) for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(H * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            break;
          case S:
            for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) {
              const fl = this.revFlags[e];
              if (fl & EDGE_SET) relax(S * n + this.revMember[e], d + 1, st, HOW_SET);
              if (!this.pre16 && fl & EDGE_ADMIN && !this.isSuper(y) && !noGrant?.[y]) relax(A * n + this.revMember[e], d + 1, st, HOW_ADMIN);
            }
            if (this.pre16 && !createroleDone && !this.isSuper(y) && !noGrant?.[y]) {
              createroleDone = true;
              for (const c of this.createroles) { relax(S * n + c, d + 1, st, HOW_CREATEROLE); relax(F * n + c, d + 1, st, HOW_CREATEROLE); }
            }
            break;
          case A:
            relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO);
            for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(A * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            break;
          case N:
            if (this.canCreate[y]) { relax(S * n + y, d, st, ZERO); relax(F * n + y, d, st, ZERO); }
            for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) if (this.revFlags[e] & EDGE_INHERIT) relax(N * n + this.revMember[e], d + 1, st, HOW_INHERIT);
            break;
          case F: {
            relax(S * n + y, d, st, ZERO);
            // a role that can SET ROLE to y, running code in a function, gives y a function of its own
            if (this.isSuper(y) || this.canTemp[y]) {
              for (let e = this.revStart[y]; e < this.revStart[y + 1]; e++) {
                const r = this.revMember[e];
                if (this.revFlags[e] & EDGE_SET && (this.canTemp[r] || (this.isSuper(y) && this.canCreate[r]))) relax(F * n + r, d + 1, st, HOW_GIFT);
              }
            }
            if (this.codeOwner[y]) relax(N * n + y, d + 1, st, HOW_OWNER);
            const tried = new Set<string>();
            for (const f of this.fnsByOwner.get(this.oids[y]) ?? []) {
              // functions whose callers and redirectors are the same roles add nothing new
              const key = exploiterKey(f);
              if (tried.has(key)) continue;
              tried.add(key);
              const who = this.exploiters(f);
              for (let r = 0; r < n; r++) {
                if (!who[r] || r === y || excluded(r)) continue;
                for (const m of [S, F]) {
                  const before = dist[m * n + r];
                  relax(m * n + r, d + 1, st, HOW_DEFINER);
                  if (dist[m * n + r] !== before) { detail.set(m * n + r, this.definerDetail(f, r)); viaFn.set(m * n + r, f.sig); }
                }
              }
            }
            break;
          }
        }
      }
      layer = next; next = []; d++;
    }
    const rows: { row: PathRow; grants: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      if (this.flags[i] & ROLE_PREDEFINED || excluded(i)) continue;
      const st = S * n + i;
      if (dist[st] === -1) continue;
      rows.push(this.row(t, i, dist[st], st, prev, how, detail, viaFn));
    }
    return rows;
  }

  private row(t: Target, i: number, hops: number, start: number, prev: Int32Array, how: Uint8Array, detail: Map<number, string>, viaFn: Map<number, string>): { row: PathRow; grants: number[] } {
    const n = this.n;
    let chain = this.names[i];
    let st = start;
    let role = i;
    let lastMember: number | null = null;
    let firstFn: string | null = null;
    let guard = 0;
    const grants: number[] = [];
    while (prev[st] !== -1 && guard++ < 10 * MODES * n) {
      const h = how[st];
      const nx = prev[st];
      const to = nx % n;
      if (h !== ZERO && firstFn === null && viaFn.has(st)) firstFn = viaFn.get(st)!;
      switch (h) {
        case HOW_INHERIT: chain += ` → (member, INHERIT) → ${this.names[to]}`; break;
        case HOW_SET: chain += ` → (member, SET) → ${this.names[to]}`; break;
        case HOW_GIFT: chain += ` → (member, SET: gives it a SECURITY DEFINER function, ALTER FUNCTION ... OWNER TO) → ${this.names[to]}`; break;
        case HOW_ADMIN: chain += ` → (ADMIN OPTION: can grant itself the membership) → ${this.names[to]}`; break;
        case HOW_CREATEROLE: chain += ` → (CREATEROLE before 16: can grant itself the membership) → ${this.names[to]}`; break;
        case HOW_OWNER: chain += ` → (owner rights: replaces one of its functions as SECURITY DEFINER, or indexes one of its tables, and runs code as ${this.names[to]})`; break;
        case HOW_DEFINER: chain += ` → (${detail.get(st) ?? 'calls a function'}) → ${this.names[to]}`; break;
        default: break;
      }
      if (h === HOW_ADMIN || h === HOW_CREATEROLE) grants.push(to);
      if (h === HOW_INHERIT || h === HOW_SET || h === HOW_GIFT) lastMember = role; else if (h !== ZERO) lastMember = null;
      role = to;
      st = nx;
    }
    return { grants, row: {
      oid: this.oids[i],
      rolname: this.names[i],
      rolcanlogin: (this.flags[i] & ROLE_LOGIN) !== 0,
      rolsuper: this.isSuper(i),
      kind: t.kind,
      target: t.kind === 'superuser' ? this.names[role] : t.target,
      hops,
      chain,
      holder: this.oids[role],
      last_member: lastMember === null ? null : this.oids[lastMember],
      via_function: firstFn,
      step: t.step,
      fix: t.fix,
    } };
  }
}

/** Functions with equal keys are run and redirected by the same roles. */
function exploiterKey(f: FunctionInput): string {
  const ids = (h: number[]) => [...new Set(h)].sort((a, b) => a - b).join(',');
  if (f.dynamic) return `d/${ids(f.exec)}/${ids(f.usage)}/${f.triggers.map(([w, u]) => `${ids(w)}:${ids(u)}`).join(';')}`;
  return `r/${ids(f.exec)}/${ids(f.usage)}/${f.triggers.map(([w, u]) => `${ids(w)}:${ids(u)}`).join(';')}/${f.redirect.map(([s, h]) => `${s}=${ids(h)}`).join(';')}/${f.redirectAny}/${f.redirectTemp}`;
}

/** Is the role a member (SET or INHERIT) of nothing it could use? Helper for tests: flags of a role. */
export function roleFlags(o: { super?: boolean; inherit?: boolean; createrole?: boolean; login?: boolean; predefined?: boolean }): number {
  return (o.super ? ROLE_SUPER : 0) | (o.inherit === false ? 0 : ROLE_INHERIT) | (o.createrole ? ROLE_CREATEROLE : 0) | (o.login ? ROLE_LOGIN : 0) | (o.predefined ? ROLE_PREDEFINED : 0);
}
