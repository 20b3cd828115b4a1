// What a fix statement needs on the server it will be applied to, checked on the read-only
// fix session before the statement goes into the script: sec_check.object_audit() raises
// unless pgaudit is loaded with a usable pgaudit.role, and a failing statement would abort the
// whole transactional section of the script. Such statements are listed as manual instead,
// with the reason, so the rest applies.

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** A statement that calls sec_check.object_audit() or object_audit_remove() (quoted or not). */
export const OBJECT_AUDIT_CALL = /(?:^|[^A-Za-z0-9_$])"?sec_check"?\s*\.\s*"?object_audit(?:_remove)?"?\s*\(/i;

/**
 * Why sec_check.object_audit() would fail on this server, or null when it can run: sec_check
 * missing, pgaudit not loaded, pgaudit.role unset or naming no role, or the role refused by
 * object_audit_role()'s hygiene check (its own message).
 */
export async function objectAuditBlocker(query: Query): Promise<string | null> {
  let r: Record<string, unknown>;
  try {
    [r] = await query(`SELECT pg_catalog.to_regprocedure('sec_check.object_audit(regclass,text[],text[])') IS NOT NULL AS has_fn,
        pg_catalog.to_regprocedure('sec_check.object_audit_role(boolean)') IS NOT NULL AS has_role_fn,
        EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name = 'pgaudit.role') AS loaded,
        (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'pgaudit.role') AS role,
        EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS x JOIN pg_catalog.pg_settings AS s ON s.name = 'pgaudit.role' AND x.rolname = s.setting) AS role_exists`);
  } catch (e) {
    return `whether pgaudit is ready could not be read: ${(e as Error).message.split('\n')[0]}`;
  }
  if (!r.has_fn) return 'sec_check is not installed in this database, so sec_check.object_audit() does not exist';
  if (!r.loaded) return 'pgaudit is not loaded on this server: sec_check.object_audit() would fail and abort the transaction. Add pgaudit to shared_preload_libraries, restart, CREATE EXTENSION pgaudit and set pgaudit.role, then run the call';
  if (!r.role) return 'pgaudit.role is not set: sec_check.object_audit() would fail and abort the transaction. CREATE ROLE auditor NOLOGIN; ALTER SYSTEM SET pgaudit.role = \'auditor\'; SELECT pg_reload_conf(); then run the call';
  if (!r.role_exists) return `pgaudit.role names role ${JSON.stringify(r.role)}, which does not exist: sec_check.object_audit() would fail and abort the transaction`;
  if (r.has_role_fn) {
    // the function's own hygiene check, as object_audit() will run it (read-only, STABLE)
    try {
      const [priv] = await query(`SELECT pg_catalog.has_function_privilege('sec_check.object_audit_role(boolean)', 'EXECUTE') AS ok`);
      if (priv?.ok) await query('SELECT sec_check.object_audit_role(true)');
    } catch (e) {
      return `sec_check.object_audit() would refuse: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return null;
}
