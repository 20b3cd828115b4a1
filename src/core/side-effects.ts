// Finds calls to functions that change the server in executor SQL. Executors run in a
// read-only, rolled-back transaction, which stops writes in the session but not effects
// outside it (another connection through dblink, a signal, a WAL switch, a held advisory
// lock, a file written by adminpack...). A pack may call these only when its owner named
// them at upload. This is a guard against mistakes and obvious misuse, not a sandbox: SQL
// can reach a function through a wrapper we cannot see, which is why only the extension
// owner loads packs (see "Threat model" in docs/architecture.md).
import { lexSql } from './sql-lexer.ts';

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

export interface SqlLiteral {
  /** index of the literal's stand-in ('') in the normalized text */
  at: number;
  /** its text, when it is a plain '...' or $$...$$ string (no backslash escapes) */
  value: string | null;
}

/**
 * SQL reduced to what can name a function (from the tokens of sql-lexer.ts): comments become
 * a space, string literals a '' stand-in, quoted identifiers lose their quotes, everything is
 * lower case. A construct the scan cannot read reliably (U&"..." identifiers, an unterminated
 * literal or comment) is reported instead.
 */
export function normalizeSql(sql: string): { text: string; literals: SqlLiteral[] } | { problem: string } {
  const literals: SqlLiteral[] = [];
  let out = '';
  for (const t of lexSql(sql)) {
    const raw = sql.slice(t.start, t.end);
    if (t.unicode) return { problem: 'a Unicode-escaped identifier or string (U&"..." / U&\'...\'), which could hide a function name' };
    if (t.kind === 'comment') {
      if (t.unterminated) return { problem: 'an unterminated /* comment' };
      out += ' ';
    } else if (t.kind === 'string') {
      if (t.unterminated) {
        return { problem: t.style === 'dollar' ? `an unterminated ${/^\$[^$]*\$/.exec(raw)![0]} string` : 'an unterminated string literal' };
      }
      // only a plain '...' or $$...$$ string is read as SQL (E'' escapes are not followed)
      literals.push({ at: out.length + 1, value: t.style === 'std' || t.style === 'national' || t.style === 'dollar' ? t.value : null });
      out += " '' ";
    } else if (t.kind === 'qident') {
      if (t.unterminated) return { problem: 'an unterminated quoted identifier' };
      out += t.value.toLowerCase();
    } else {
      out += raw.toLowerCase();
    }
  }
  return { text: out, literals };
}

/** Names of side-effect functions the SQL calls (`name (`, with or without a schema). */
export function sideEffectCalls(sql: string, depth = 0): { calls: string[] } | { problem: string } {
  const norm = normalizeSql(sql);
  if ('problem' in norm) return norm;
  const calls = new Set<string>();
  for (const m of norm.text.matchAll(/([a-z_][a-z0-9_$]*)\s*\(/g)) {
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
