// What plv8 and pljs have in common: a global object with execute() and elog(). The two
// adapters differ only in which global they read, so plv8 support stays honest by being
// this same code with another name.
import type { LogLevel, SyncAdapter } from '../core/host.ts';

export interface JsLanguageGlobal {
  execute(sql: string, params?: unknown[]): Record<string, unknown>[];
  elog(level: number, ...message: string[]): void;
}

export interface ElogLevels { DEBUG1: number; NOTICE: number; WARNING: number }

export function makeDbAdapter(runtime: 'plv8' | 'pljs', lang: JsLanguageGlobal, levels: ElogLevels): SyncAdapter {
  const level: Record<LogLevel, number> = { debug: levels.DEBUG1, info: levels.NOTICE, warning: levels.WARNING };
  return {
    runtime,
    query: (sql, params) => lang.execute(sql, params ?? []),
    log: (lvl, message) => lang.elog(level[lvl], message),
  };
}
