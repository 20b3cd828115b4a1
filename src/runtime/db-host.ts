// What plv8 and pljs have in common: a global object with execute(). The two adapters
// differ only in which global they read, so plv8 support stays honest by being this same
// code with another name. Used by the tools engine (sec_check.engine: PII discovery), which
// runs with the caller's privileges in the caller's context; the audit engine does no SQL
// of the caller's (src/runtime/db-audit-entry.ts).
import type { DbRuntime } from '../core/vocabulary.ts';
import type { SyncAdapter } from '../core/host.ts';

export interface JsLanguageGlobal {
  execute(sql: string, params?: unknown[]): Record<string, unknown>[];
}

interface SafeQueryResult { rows?: Record<string, unknown>[]; error?: string; sqlstate?: string }

export type DbAdapter = SyncAdapter;

export function makeDbAdapter(runtime: DbRuntime, lang: JsLanguageGlobal): DbAdapter {
  return {
    runtime,
    // Every query goes through sec_check.safe_query, which turns SQL errors into values:
    // pljs crashes the backend after a few caught SPI errors (see sql/045_function_safe_query.sql).
    query(sql) {
      const [row] = lang.execute('SELECT sec_check.safe_query($1) AS r', [sql]);
      const result = row?.r as SafeQueryResult | undefined;
      if (!result || result.error !== undefined) {
        throw Object.assign(new Error(result?.error ?? 'no result'), { sqlstate: result?.sqlstate });
      }
      return result.rows ?? [];
    },
  };
}
