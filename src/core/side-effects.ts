// Finds calls to functions that change the server in executor SQL. Executors run in a
// read-only, rolled-back transaction, which stops writes in the session but not effects
// outside it (another connection through dblink, a signal, a WAL switch, a held advisory
// lock, a file written by adminpack...). A pack may call these only when its owner named
// them at upload. This is a guard against mistakes and obvious misuse, not a sandbox: SQL
// can reach a function through a wrapper we cannot see, which is why only the extension
// owner loads packs (see "Threat model" in docs/architecture.md).

/** Exact names (lower case) of functions with effects outside the executor's transaction. */
const NAMES = new Set([
  'pg_reload_conf', 'pg_switch_wal', 'pg_switch_xlog', 'pg_create_restore_point',
  'pg_terminate_backend', 'pg_cancel_backend', 'set_config', 'nextval', 'setval',
  'pg_logical_emit_message', 'pg_notify', 'pg_promote', 'pg_rotate_logfile', 'pg_rotate_logfile_old',
  'pg_log_backend_memory_contexts', 'pg_backup_start', 'pg_backup_stop', 'pg_start_backup',
  'pg_stop_backup', 'pg_wal_replay_pause', 'pg_wal_replay_resume', 'pg_xlog_replay_pause',
  'pg_xlog_replay_resume', 'pg_import_system_collations', 'pg_replication_slot_advance',
  'pg_drop_replication_slot', 'pg_logical_slot_get_changes', 'pg_logical_slot_get_binary_changes',
  'pg_sync_replication_slots', 'pg_stat_statements_reset',
  // large objects: every call that creates, writes, removes or exports one
  'lo_create', 'lo_creat', 'lo_unlink', 'lo_import', 'lo_export', 'lo_put', 'lo_from_bytea',
  'lo_open', 'lowrite', 'lo_truncate', 'lo_truncate64',
  // adminpack: files on the server
  'pg_file_write', 'pg_file_rename', 'pg_file_unlink', 'pg_file_sync',
  // run an SQL string: allowed only when it is one plain literal, which the scan then reads
  'query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema', 'ts_stat',
]);

/** Families matched by prefix: every dblink call, advisory locks, statistics resets, slots. */
const PREFIXES = ['dblink', 'pg_advisory_', 'pg_try_advisory_', 'pg_stat_reset', 'pg_replication_origin_',
  'pg_create_physical_replication_slot', 'pg_create_logical_replication_slot', 'pg_copy_physical_replication_slot',
  'pg_copy_logical_replication_slot'];

/** Functions that run their first argument as SQL. */
const STRING_RUNNERS = new Set(['query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema', 'ts_stat']);

export function isSideEffectFunction(name: string): boolean {
  const n = name.toLowerCase();
  return NAMES.has(n) || PREFIXES.some((p) => n.startsWith(p));
}

/**
 * SQL reduced to what can name a function: comments and string literals become a space,
 * quoted identifiers lose their quotes, everything is lower case. A construct the scan
 * cannot read reliably (U&"..." identifiers, an unterminated literal) is reported instead.
 */
export interface SqlLiteral {
  /** index of the literal's stand-in ('') in the normalized text */
  at: number;
  /** its text, when it is a plain '...' or $$...$$ string (no backslash escapes) */
  value: string | null;
}

/** Characters that may start a comment, literal, quoted identifier or U& escape. */
const SPECIAL = new Uint8Array(128);
for (const c of "-/uU'\"$") SPECIAL[c.charCodeAt(0)] = 1;

/** A dollar-quote tag, matched at lastIndex (sticky: no copy of the rest of the text). */
const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

export function normalizeSql(sql: string): { text: string; literals: SqlLiteral[] } | { problem: string } {
  // Built from parts (strings are immutable: appending one character at a time copied the
  // whole text each time, ~1 s for the built-in catalog's SQL inside QuickJS). `len` is the
  // length of the output so far, `last`/`beforeLast` its last two characters.
  const literals: SqlLiteral[] = [];
  const parts: string[] = [];
  let len = 0;
  let last = '';
  let beforeLast = '';
  const emit = (text: string) => {
    if (text.length === 0) return;
    parts.push(text);
    len += text.length;
    beforeLast = text.length >= 2 ? text[text.length - 2] : last;
    last = text[text.length - 1];
  };
  const WORD = /[a-z0-9_$]/i;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      emit(' ');
    } else if (c === '/' && next === '*') {
      // block comments nest in PostgreSQL
      let depth = 0;
      do {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; }
        else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; }
        else i++;
      } while (depth > 0 && i < n);
      if (depth > 0) return { problem: 'an unterminated /* comment' };
      emit(' ');
    } else if ((c === 'u' || c === 'U') && next === '&' && (sql[i + 2] === '"' || sql[i + 2] === "'")) {
      return { problem: 'a Unicode-escaped identifier or string (U&"..." / U&\'...\'), which could hide a function name' };
    } else if (c === "'") {
      // E'...' strings take backslash escapes; the prefix letter was copied already and is harmless
      const escapes = (last === 'e' || last === 'E') && !WORD.test(beforeLast);
      i++;
      let closed = false;
      const value: string[] = [];
      let from = i;
      while (i < n) {
        if (escapes && sql[i] === '\\') { i += 2; continue; }
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") { value.push(sql.slice(from, i + 1)); i += 2; from = i; continue; }
          closed = true; break;
        }
        i++;
      }
      if (!closed) return { problem: 'an unterminated string literal' };
      value.push(sql.slice(from, i));
      i++;
      literals.push({ at: len + 1, value: escapes ? null : value.join('') });
      emit(" '' ");
    } else if (c === '"') {
      const ident: string[] = [];
      i++;
      let closed = false;
      let from = i;
      while (i < n) {
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') { ident.push(sql.slice(from, i + 1)); i += 2; from = i; continue; }
          closed = true; break;
        }
        i++;
      }
      if (!closed) return { problem: 'an unterminated quoted identifier' };
      ident.push(sql.slice(from, i));
      i++;
      emit(ident.join('').toLowerCase());
    } else if (c === '$' && !WORD.test(last)) {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return { problem: `an unterminated ${tag[0]} string` };
        literals.push({ at: len + 1, value: sql.slice(i + tag[0].length, end) });
        i = end + tag[0].length;
        emit(" '' ");
      } else {
        emit(c); i++;
      }
    } else {
      // a run of characters with no special meaning, copied (lower case) in one piece
      let j = i + 1;
      for (let k = sql.charCodeAt(j); j < n && !(k < 128 && SPECIAL[k]); k = sql.charCodeAt(++j));
      emit(sql.slice(i, j).toLowerCase());
      i = j;
    }
  }
  return { text: parts.join(''), literals };
}

/** Names of side-effect functions the SQL calls (`name (`, with or without a schema). */
export function sideEffectCalls(sql: string, depth = 0): { calls: string[] } | { problem: string } {
  const norm = normalizeSql(sql);
  if ('problem' in norm) return norm;
  const calls = new Set<string>();
  // An identifier is tried from its first character, not again from each later letter (a
  // start after a digit stays possible: before PostgreSQL 15 `9name(` lexes as 9 and name().
  for (const m of norm.text.matchAll(/(?<![a-z_$])([a-z_][a-z0-9_$]*)\s*\(/g)) {
    if (!isSideEffectFunction(m[1])) continue;
    // query_to_xml('SELECT ...', ...) with one plain literal as the query: read that SQL too
    const inner = STRING_RUNNERS.has(m[1]) && depth < 3 ? literalArgument(norm, m.index! + m[0].length) : null;
    if (inner === null) { calls.add(m[1]); continue; }
    const nested = sideEffectCalls(inner, depth + 1);
    if ('problem' in nested) return nested;
    for (const c of nested.calls) calls.add(c);
  }
  return { calls: [...calls].sort() };
}

/** The text of the literal that is the whole first argument starting at `from`, or null. */
function literalArgument(norm: { text: string; literals: SqlLiteral[] }, from: number): string | null {
  let i = from;
  while (/\s/.test(norm.text[i] ?? '')) i++;
  const lit = norm.literals.find((l) => l.at === i);
  if (!lit || lit.value === null) return null;
  let j = i + 2;
  while (/\s/.test(norm.text[j] ?? '')) j++;
  return norm.text[j] === ',' || norm.text[j] === ')' ? lit.value : null;
}

/** One problem text per disallowed call in an executor script, or [] when it only reads. */
export function sideEffectProblems(sql: string, allowed: readonly string[]): string[] {
  const found = sideEffectCalls(sql);
  if ('problem' in found) return [`cannot check this SQL for side effects: it contains ${found.problem}`];
  const allow = new Set(allowed.map((a) => a.toLowerCase()));
  return found.calls.filter((name) => !allow.has(name)).map((name) =>
    `calls ${name}(), which acts outside the read-only audit transaction; executors must only read (the pack owner can allow it at upload: --allow-side-effects ${name})`);
}
