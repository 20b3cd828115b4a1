// What the body of a function that runs as someone else looks up at run time (docs/verdicts.md,
// "Functions that run as someone else"). A lexical reading of prosrc — not a parser — that
// errs on the side of "it looks names up":
//   - names: unqualified function calls (`name(`, with their number of arguments), relations (after FROM, JOIN, UPDATE,
//     INSERT INTO, TABLE, COPY, LOCK, and the comma lists after FROM), and whether operators
//     or casts appear (an operator is looked up through search_path too);
//   - dynamic: PL/pgSQL `EXECUTE expr` where expr carries a parameter (directly, or through a
//     variable assigned from one) that no quote_literal/quote_ident/quote_nullable or
//     format('%I'/'%L') wraps — the function runs SQL its caller writes.
// SQL-standard bodies (BEGIN ATOMIC / RETURN, prosqlbody) are bound when created, and C or
// internal functions run no SQL by name: neither is read. SQL in string literals given to
// EXECUTE is read as SQL as well.

export interface BodyReading {
  /** unqualified calls as name/arguments: `lower/1` */
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

/**
 * One token at a time, by a sticky regular expression (the engine's own matcher does the
 * character work, which matters in the database's JavaScript): whitespace, comments, E'' and ''
 * strings, dollar quotes (their end found with indexOf), $n parameters, quoted and plain
 * identifiers, numbers, operators, punctuation.
 */
const TOKEN = /(\s+)|(--[^\n]*)|(\/\*)|([Ee]'(?:[^'\\]|\\[\s\S]|'')*'?)|('(?:[^']|'')*'?)|(\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)|\$(\d+)|("(?:[^"]|"")*"?)|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)|(\.?[0-9][0-9.eE]*)|(::|:=|=>|\.\.)|([-+*/<>=~!@#%^&|`?]+)|([\s\S])/y;

/** Tokens of SQL or PL/pgSQL text; comments dropped, literals kept as one token each. */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (!m) break;
    i = TOKEN.lastIndex;
    if (m[1] !== undefined || m[2] !== undefined) continue;
    if (m[3] !== undefined) {
      // a block comment; they nest
      let depth = 1;
      while (i < n && depth > 0) {
        const open = src.indexOf('/*', i);
        const close = src.indexOf('*/', i);
        if (close === -1) { i = n; break; }
        if (open !== -1 && open < close) { depth++; i = open + 2; } else { depth--; i = close + 2; }
      }
      continue;
    }
    if (m[4] !== undefined) {
      const body = m[4].slice(2, m[4].endsWith("'") && m[4].length > 2 ? -1 : undefined);
      out.push({ t: 'str', v: body.replace(/''/g, "'").replace(/\\([\s\S])/g, '$1') });
      continue;
    }
    if (m[5] !== undefined) { out.push({ t: 'str', v: m[5].slice(1, m[5].length > 1 && m[5].endsWith("'") ? -1 : undefined).replace(/''/g, "'") }); continue; }
    if (m[6] !== undefined) {
      const end = src.indexOf(m[6], i);
      out.push({ t: 'str', v: src.slice(i, end === -1 ? n : end) });
      i = end === -1 ? n : end + m[6].length;
      continue;
    }
    if (m[7] !== undefined) { out.push({ t: 'param', v: m[7] }); continue; }
    if (m[8] !== undefined) { out.push({ t: 'qid', v: m[8].slice(1, m[8].length > 1 && m[8].endsWith('"') ? -1 : undefined).replace(/""/g, '"') }); continue; }
    if (m[9] !== undefined) { out.push({ t: 'id', v: m[9].toLowerCase() }); continue; }
    if (m[10] !== undefined) { out.push({ t: 'num', v: m[10] }); continue; }
    if (m[11] !== undefined) { out.push({ t: m[11] === '::' ? 'op' : 'punct', v: m[11] }); continue; }
    if (m[12] !== undefined) {
      // an operator never swallows the start of a comment
      const cut = m[12].indexOf('--');
      const v = cut > 0 ? m[12].slice(0, cut) : m[12];
      if (cut === 0) { i -= m[12].length; TOKEN.lastIndex = i; const line = src.indexOf('\n', i); i = line === -1 ? n : line; continue; }
      if (cut > 0) i -= m[12].length - cut;
      out.push({ t: 'op', v });
      continue;
    }
    out.push({ t: 'punct', v: m[13] });
  }
  return out;
}

/** Functions whose argument syntax uses the word FROM. */
const NOT_CLAUSE_FROM = new Set(['extract', 'substring', 'trim', 'overlay', 'position']);

const isName = (k: Tok | undefined) => !!k && (k.t === 'qid' || (k.t === 'id' && !KEYWORDS.has(k.v)));

/** Reads SQL text (a SQL function's body, PL/pgSQL code, or SQL in an EXECUTE string). */
function readNames(toks: Tok[], vars: Set<string>, into: { calls: Set<string>; relations: Set<string>; operators: boolean }, execStrings: string[]): void {
  const ctes = new Set<string>();
  for (let k = 0; k < toks.length; k++) {
    const a = toks[k];
    const b = toks[k + 1];
    if (a.t === 'id' && a.v === 'with' || (a.t === 'punct' && a.v === ',')) {
      // WITH x AS ( ... ): x is no relation
      // (also AS [NOT] MATERIALIZED, and x(a, b) AS with a column list)
      let m = k + 2;
      if (toks[m]?.v === '(') { while (m < toks.length && toks[m].v !== ')') m++; m++; }
      if (toks[m]?.t === 'id' && toks[m].v === 'as') {
        let q = m + 1;
        if (toks[q]?.t === 'id' && toks[q].v === 'not') q++;
        if (toks[q]?.t === 'id' && toks[q].v === 'materialized') q++;
        if (isName(b) && toks[q]?.v === '(') ctes.add(b.v);
      }
    }
  }
  let fromList = false;
  let depth = 0;
  let fromDepth = -1;
  // the word before each open parenthesis: FROM inside extract(...), substring(...) etc. is
  // no FROM clause
  const opened: string[] = [];
  for (let k = 0; k < toks.length; k++) {
    const a = toks[k];
    const prev = toks[k - 1];
    const next = toks[k + 1];
    if (a.t === 'punct' && a.v === '(') { depth++; opened.push(prev?.t === 'id' ? prev.v : ''); }
    if (a.t === 'punct' && a.v === ')') { depth--; opened.pop(); if (depth < fromDepth) fromList = false; }
    if (a.t === 'op') {
      if (a.v === '*' && (prev?.v === '(' || prev?.v === ',' || prev?.v === '.' || (prev?.t === 'id' && prev.v === 'select'))) continue;
      into.operators = true;
      continue;
    }
    if (a.t === 'str' && prev?.t === 'id' && prev.v === 'execute') execStrings.push(a.v);
    if (a.t !== 'id' && a.t !== 'qid') { if (a.t === 'punct' && a.v === ';') fromList = false; continue; }
    const qualified = prev?.t === 'punct' && prev.v === '.';
    const qualifier = next?.t === 'punct' && next.v === '.';
    if (a.t === 'id' && a.v === 'from' && ((prev?.t === 'id' && prev.v === 'distinct') || NOT_CLAUSE_FROM.has(opened[opened.length - 1] ?? ''))) {
      continue; // IS [NOT] DISTINCT FROM, extract(x FROM y), substring(x FROM n), trim(... FROM x)
    }
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
    if (a.t === 'id' && ['where', 'group', 'order', 'limit', 'having', 'union', 'on', 'returning', 'set', 'values', 'into', 'window',
      'then', 'else', 'elsif', 'loop', 'raise', 'return', 'end', 'perform', 'using'].includes(a.v)) fromList = false;
    if (fromList && depth === fromDepth && prev?.t === 'punct' && prev.v === ',' && isName(a) && !qualifier && !(next?.t === 'punct' && next.v === '(') && !ctes.has(a.v) && !vars.has(a.v)) into.relations.add(a.v);
    // `AS alias(col, ...)` names columns, it calls nothing
    const aliasList = prev?.t === 'id' && prev.v === 'as';
    if (!qualified && !qualifier && !aliasList && next?.t === 'punct' && next.v === '(' && (isName(a) || (a.t === 'id' && ['format', 'quote_literal', 'quote_ident', 'quote_nullable'].includes(a.v))) && !vars.has(a.v)) {
      into.calls.add(`${a.v}/${arity(toks, k + 1)}`);
    }
    if (prev?.t === 'op' && prev.v === '::') into.operators = true;
  }
}

/** Arguments of the call whose '(' is at toks[open]: top-level commas + 1; none and (*) are 0. */
function arity(toks: Tok[], open: number): number {
  let depth = 0;
  let commas = 0;
  let inside = 0;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k];
    if (t.t === 'punct' && (t.v === '(' || t.v === '[')) { depth++; if (depth === 1) continue; }
    if (t.t === 'punct' && (t.v === ')' || t.v === ']')) { depth--; if (depth === 0) break; }
    if (depth === 1 && t.t === 'punct' && t.v === ',') commas++;
    if (depth >= 1) inside++;
  }
  if (inside === 0 || (inside === 1 && toks[open + 1]?.v === '*')) return 0;
  return commas + 1;
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
  // only SQL and PL/pgSQL are read: other languages' bodies (C, JavaScript, Python) are not SQL
  if (sqlBody || (language !== 'sql' && language !== 'plpgsql')) return none;
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
