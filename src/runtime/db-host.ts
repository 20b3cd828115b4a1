// What plv8 and pljs have in common: a global object with execute() and elog(). The two
// adapters differ only in which global they read, so plv8 support stays honest by being
// this same code with another name.
import type { DbRuntime } from '../core/vocabulary.ts';
import type { LogLevel, SyncAdapter } from '../core/host.ts';

export interface JsLanguageGlobal {
  execute(sql: string, params?: unknown[]): Record<string, unknown>[];
  elog(level: number, ...message: string[]): void;
}

export interface ElogLevels { DEBUG1: number; NOTICE: number; WARNING: number }

interface SafeQueryResult { rows?: Record<string, unknown>[]; error?: string; sqlstate?: string }

export function makeDbAdapter(runtime: DbRuntime, lang: JsLanguageGlobal, levels: ElogLevels): SyncAdapter {
  const level: Record<LogLevel, number> = { debug: levels.DEBUG1, info: levels.NOTICE, warning: levels.WARNING };
  return {
    runtime,
    // Every query goes through sec_check.safe_query, which turns SQL errors into values:
    // pljs crashes the backend after a few caught SPI errors (see sql/045_function_safe_query.sql).
    query(sql, params) {
      if (params && params.length) throw new Error('sec_check: query parameters are not supported inside the database');
      const [row] = lang.execute('SELECT sec_check.safe_query($1) AS r', [sql]);
      const result = row?.r as SafeQueryResult | undefined;
      if (!result || result.error !== undefined) throw new Error(result?.error ?? 'no result');
      return result.rows ?? [];
    },
    log: (lvl, message) => lang.elog(level[lvl], message),
  };
}
