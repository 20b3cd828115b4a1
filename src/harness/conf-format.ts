// Rendering settings for postgresql.conf and ALTER SYSTEM.

export type SettingValue = string | number | boolean;

/**
 * GUCs whose value is a list of quoted identifiers (GUC_LIST_QUOTE). For these, ALTER
 * SYSTEM needs one literal per element: `= 'a,b'` would name a single item "a,b".
 */
const LIST_QUOTE_GUCS = new Set([
  'search_path',
  'temp_tablespaces',
  'shared_preload_libraries',
  'session_preload_libraries',
  'local_preload_libraries',
  'unix_socket_directories',
]);

function asText(v: SettingValue): string {
  return typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v);
}

function sqlLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A `name = 'value'` line for postgresql.conf. */
export function confLine(name: string, value: SettingValue): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`invalid setting name: ${name}`);
  return `${name} = '${asText(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `ALTER SYSTEM SET name = ...` (list GUCs split on commas). */
export function alterSystemSql(name: string, value: SettingValue): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`invalid setting name: ${name}`);
  const text = asText(value);
  const rhs = LIST_QUOTE_GUCS.has(name.toLowerCase())
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        // PostgreSQL quotes each element itself: pass "$user" as $user, or it is quoted twice
        .map((e) => (/^".*"$/.test(e) ? e.slice(1, -1).replace(/""/g, '"') : e))
        .map(sqlLiteral)
        .join(', ') || "''"
    : sqlLiteral(text);
  return `ALTER SYSTEM SET ${name} = ${rhs}`;
}
