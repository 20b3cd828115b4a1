// What the body of a function that runs as someone else looks up at run time (docs/verdicts.md,
// "Functions that run as someone else"). A lexical reading of prosrc — not a parser — that
// errs on the side of "it looks names up":
//   - names: unqualified function calls (`name(`), relations (after FROM, JOIN, UPDATE,
//     INSERT INTO, TABLE, COPY, LOCK, and the comma lists after FROM), and whether operators
//     or casts appear (an operator is looked up through search_path too);
//   - dynamic: PL/pgSQL `EXECUTE expr` where expr carries a parameter (directly, or through a
//     variable assigned from one) that no quote_literal/quote_ident/quote_nullable or
//     format('%I'/'%L') wraps — the function runs SQL its caller writes.
// SQL-standard bodies (BEGIN ATOMIC / RETURN, prosqlbody) are bound when created, and C or
// internal functions run no SQL by name: neither is read. SQL in string literals given to
// EXECUTE is read as SQL as well.

export interface BodyReading {
  calls: string[];
  relations: string[];
  operators: boolean;
  dynamic: boolean;
}

interface Tok { t: 'id' | 'qid' | 'str' | 'num' | 'op' | 'punct' | 'param'; v: string }

const KEYWORDS = new Set(`all and any array as asc between begin by case cast check coalesce collate constraint create cross current_date
current_role current_time current_timestamp current_user default delete desc distinct do else elsif end except exists extract false fetch for
foreach from full greatest group having if ilike in inner insert intersect into is isnull join lateral least left like limit local localtime
localtimestamp loop not notnull null nullif offset on only or order outer overlay overlaps perform position raise return returning returns right
row select session_user set similar some substring symmetric table then to trim true union unique update user using values when where while with
window within declare exception strict query next notice info warning log debug get diagnostics open close fetch move exit continue assert
execute format quote_literal quote_ident quote_nullable new old tg_op tg_name tg_table_name tg_table_schema found record language
xmlelement xmlforest xmlparse xmlpi xmlroot xmlserialize xmlexists xmlconcat xmlattributes treat normalize collation interval time timestamp
zone varying precision double char character nchar national bit numeric decimal dec float real int integer smallint bigint boolean bool varchar text
nulls first last filter over partition rows range preceding following unbounded current row groups ties others excluding lock copy analyze vacuum
alter drop grant revoke truncate call raise`.split(/\s+/));

/** Tokens of SQL or PL/pgSQL text; comments dropped, literals kept as one token each. */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  const idStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
  const idPart = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
  while (i < n) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && src[i + 1] === '-') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      let depth = 1; i += 2;
      while (i < n && depth > 0) {
        if (src[i] === '/' && src[i + 1] === '*') { depth++; i += 2; } else if (src[i] === '*' && src[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      continue;
    }
    if ((c === 'E' || c === 'e') && src[i + 1] === "'") {
      let j = i + 2; let text = '';
      while (j < n) {
        if (src[j] === '\\') { text += src[j + 1] ?? ''; j += 2; continue; }
        if (src[j] === "'") { if (src[j + 1] === "'") { text += "'"; j += 2; continue; } break; }
        text += src[j++];
      }
      out.push({ t: 'str', v: text }); i = j + 1; continue;
    }
    if (c === "'") {
      let j = i + 1; let text = '';
      while (j < n) {
        if (src[j] === "'") { if (src[j + 1] === "'") { text += "'"; j += 2; continue; } break; }
        text += src[j++];
      }
      out.push({ t: 'str', v: text }); i = j + 1; continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(src.slice(i, i + 64));
      if (m) {
        const tag = m[0];
        const end = src.indexOf(tag, i + tag.length);
        const stop = end === -1 ? n : end;
        out.push({ t: 'str', v: src.slice(i + tag.length, stop) });
        i = end === -1 ? n : end + tag.length; continue;
      }
      const p = /^\$(\d+)/.exec(src.slice(i, i + 12));
      if (p) { out.push({ t: 'param', v: p[1] }); i += p[0].length; continue; }
    }
    if (c === '"') {
      let j = i + 1; let text = '';
      while (j < n) { if (src[j] === '"') { if (src[j + 1] === '"') { text += '"'; j += 2; continue; } break; } text += src[j++]; }
      out.push({ t: 'qid', v: text }); i = j + 1; continue;
    }
    if (idStart(c)) {
      let j = i + 1; while (j < n && idPart(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j).toLowerCase() }); i = j; continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i + 1; while (j < n && /[0-9.eE]/.test(src[j])) j++;
      out.push({ t: 'num', v: src.slice(i, j) }); i = j; continue;
    }
    if (c === ':' && src[i + 1] === ':') { out.push({ t: 'op', v: '::' }); i += 2; continue; }
    if (c === ':' && src[i + 1] === '=') { out.push({ t: 'punct', v: ':=' }); i += 2; continue; }
    if (c === '=' && src[i + 1] === '>') { out.push({ t: 'punct', v: '=>' }); i += 2; continue; }
    if (c === '.' && src[i + 1] === '.') { out.push({ t: 'punct', v: '..' }); i += 2; continue; }
    if ('+-*/<>=~!@#%^&|`?'.includes(c)) {
      let j = i + 1; while (j < n && '+-*/<>=~!@#%^&|`?'.includes(src[j]) && !(src[j] === '-' && src[j + 1] === '-')) j++;
      out.push({ t: 'op', v: src.slice(i, j) }); i = j; continue;
    }
    out.push({ t: 'punct', v: c }); i++;
  }
  return out;
}

const isName = (k: Tok | undefined) => !!k && (k.t === 'qid' || (k.t === 'id' && !KEYWORDS.has(k.v)));

/** Reads SQL text (a SQL function's body, PL/pgSQL code, or SQL in an EXECUTE string). */
function readNames(toks: Tok[], vars: Set<string>, into: { calls: Set<string>; relations: Set<string>; operators: boolean }, execStrings: string[]): void {
  const ctes = new Set<string>();
  for (let k = 0; k < toks.length; k++) {
    const a = toks[k];
    const b = toks[k + 1];
    if (a.t === 'id' && a.v === 'with' || (a.t === 'punct' && a.v === ',')) {
      // WITH x AS ( ... ): x is no relation
      if (isName(b) && toks[k + 2]?.t === 'id' && toks[k + 2].v === 'as' && toks[k + 3]?.v === '(') ctes.add(b.v);
    }
  }
  let fromList = false;
  let depth = 0;
  let fromDepth = -1;
  for (let k = 0; k < toks.length; k++) {
    const a = toks[k];
    const prev = toks[k - 1];
    const next = toks[k + 1];
    if (a.t === 'punct' && a.v === '(') depth++;
    if (a.t === 'punct' && a.v === ')') { depth--; if (depth < fromDepth) fromList = false; }
    if (a.t === 'op') {
      if (a.v === '*' && (prev?.v === '(' || prev?.v === ',' || prev?.v === '.' || (prev?.t === 'id' && prev.v === 'select'))) continue;
      into.operators = true;
      continue;
    }
    if (a.t === 'str' && prev?.t === 'id' && prev.v === 'execute') execStrings.push(a.v);
    if (a.t !== 'id' && a.t !== 'qid') { if (a.t === 'punct' && a.v === ';') fromList = false; continue; }
    const qualified = prev?.t === 'punct' && prev.v === '.';
    const qualifier = next?.t === 'punct' && next.v === '.';
    if (a.t === 'id' && ['from', 'join', 'update', 'table', 'copy', 'lock'].includes(a.v)) {
      if (a.v === 'from') { fromList = true; fromDepth = depth; }
      let m = k + 1;
      while (toks[m]?.t === 'id' && ['only', 'lateral', 'table'].includes(toks[m].v)) m++;
      const r = toks[m];
      if (isName(r) && !(toks[m + 1]?.t === 'punct' && (toks[m + 1].v === '.' || toks[m + 1].v === '(')) && !ctes.has(r.v) && !vars.has(r.v)) into.relations.add(r.v);
      continue;
    }
    if (a.t === 'id' && a.v === 'into' && prev?.t === 'id' && prev.v === 'insert') {
      const r = next;
      if (isName(r) && !(toks[k + 2]?.t === 'punct' && toks[k + 2].v === '.') && !ctes.has(r!.v)) into.relations.add(r!.v);
      continue;
    }
    if (a.t === 'id' && ['where', 'group', 'order', 'limit', 'having', 'union', 'on', 'returning', 'set', 'values', 'into', 'window'].includes(a.v)) fromList = false;
    if (fromList && depth === fromDepth && prev?.t === 'punct' && prev.v === ',' && isName(a) && !qualifier && !(next?.t === 'punct' && next.v === '(') && !ctes.has(a.v)) into.relations.add(a.v);
    if (!qualified && !qualifier && next?.t === 'punct' && next.v === '(' && isName(a) && !vars.has(a.v)) into.calls.add(a.v);
    if (a.t === 'id' && (a.v === 'execute' || a.v === 'format' || a.v === 'quote_literal' || a.v === 'quote_ident' || a.v === 'quote_nullable') && next?.v === '(') into.calls.add(a.v);
    if (prev?.t === 'op' && prev.v === '::') into.operators = true;
  }
}

const SANITIZERS = new Set(['quote_literal', 'quote_ident', 'quote_nullable']);

/** Does this expression carry a tainted name or parameter outside a quoting call? */
function tainted(expr: Tok[], taint: Set<string>, positional: boolean): boolean {
  // the call enclosing each paren level: a sanitizer, a safe format(), or anything else
  const stack: ('safe' | 'other')[] = [];
  let safeDepth = 0;
  for (let k = 0; k < expr.length; k++) {
    const a = expr[k];
    if (a.t === 'punct' && a.v === '(') {
      const fn = expr[k - 1];
      let safe = false;
      if (fn?.t === 'id' && SANITIZERS.has(fn.v)) safe = true;
      if (fn?.t === 'id' && fn.v === 'format' && expr[k + 1]?.t === 'str') {
        const fmt = expr[k + 1].v.replace(/%%/g, '');
        safe = !/%(\d+\$)?-?\d*s/i.test(fmt) && !/%\*/.test(fmt);
      }
      stack.push(safe ? 'safe' : 'other');
      if (safe) safeDepth++;
      continue;
    }
    if (a.t === 'punct' && a.v === ')') { if (stack.pop() === 'safe') safeDepth--; continue; }
    if (safeDepth > 0) continue;
    if (a.t === 'param' && positional) return true;
    if ((a.t === 'id' || a.t === 'qid') && taint.has(a.v) && expr[k - 1]?.v !== '.' && expr[k + 1]?.v !== '(') return true;
  }
  return false;
}

/** PL/pgSQL: does some EXECUTE run text built from a parameter? */
function readDynamic(toks: Tok[], params: string[]): boolean {
  const taint = new Set(params.map((p) => p.toLowerCase()));
  // statements, split at ';' outside parentheses
  const stmts: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.t === 'punct' && t.v === '(') depth++;
    if (t.t === 'punct' && t.v === ')') depth--;
    if (t.t === 'punct' && t.v === ';' && depth <= 0) { stmts.push(cur); cur = []; depth = 0; continue; }
    cur.push(t);
  }
  stmts.push(cur);
  // taint through assignments (x := expr; or SELECT expr INTO x is left out) until nothing changes
  for (let changed = true; changed;) {
    changed = false;
    for (const s of stmts) {
      const at = s.findIndex((t) => t.t === 'punct' && t.v === ':=');
      if (at < 1) continue;
      const target = s[at - 1];
      if ((target.t === 'id' || target.t === 'qid') && !taint.has(target.v) && tainted(s.slice(at + 1), taint, true)) { taint.add(target.v); changed = true; }
    }
  }
  for (const s of stmts) {
    for (let k = 0; k < s.length; k++) {
      if (!(s[k].t === 'id' && s[k].v === 'execute')) continue;
      if (s[k + 1]?.t === 'id' && (s[k + 1].v === 'function' || s[k + 1].v === 'procedure')) continue;
      const expr: Tok[] = [];
      let d = 0;
      for (let m = k + 1; m < s.length; m++) {
        const t = s[m];
        if (t.t === 'punct' && t.v === '(') d++;
        if (t.t === 'punct' && t.v === ')') d--;
        if (d === 0 && t.t === 'id' && (t.v === 'into' || t.v === 'using')) break;
        expr.push(t);
      }
      if (tainted(expr, taint, true)) return true;
    }
  }
  return false;
}

/**
 * Reads a function body. language: pg_language.lanname; params: the names of its input
 * arguments ('' for unnamed ones); sqlBody: it has a SQL-standard body (prosqlbody).
 */
export function readBody(body: string, language: string, params: string[], sqlBody: boolean): BodyReading {
  const none: BodyReading = { calls: [], relations: [], operators: false, dynamic: false };
  if (sqlBody || language === 'c' || language === 'internal') return none;
  const toks = tokenize(body);
  const vars = new Set(params.filter(Boolean).map((p) => p.toLowerCase()));
  if (language === 'plpgsql') {
    // declared variables are not relations or functions
    let inDeclare = false;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.t === 'id' && t.v === 'declare') { inDeclare = true; continue; }
      if (t.t === 'id' && t.v === 'begin') inDeclare = false;
      if (inDeclare && (t.t === 'id' || t.t === 'qid') && (k === 0 || toks[k - 1].v === ';' || toks[k - 1].v === 'declare')) vars.add(t.v);
      if ((t.t === 'id' || t.t === 'qid') && toks[k + 1]?.v === ':=') vars.add(t.v);
      if (t.t === 'id' && t.v === 'for' && toks[k + 1] && (toks[k + 1].t === 'id' || toks[k + 1].t === 'qid')) vars.add(toks[k + 1].v);
    }
  }
  const into = { calls: new Set<string>(), relations: new Set<string>(), operators: false };
  const execStrings: string[] = [];
  readNames(toks, vars, into, execStrings);
  for (const s of execStrings) readNames(tokenize(s), vars, into, []);
  into.calls.delete('execute');
  const dynamic = language === 'plpgsql' ? readDynamic(toks, params) : false;
  return { calls: [...into.calls].sort(), relations: [...into.relations].sort(), operators: into.operators, dynamic };
}
