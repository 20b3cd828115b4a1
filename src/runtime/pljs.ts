// pljs (QuickJS) host. Its log level constants are globals, like plv8's.
import { makeDbAdapter, type DbAdapter, type JsLanguageGlobal } from './db-host.ts';

declare const pljs: JsLanguageGlobal | undefined;
declare const DEBUG1: number, NOTICE: number, WARNING: number;

export function pljsAdapter(): DbAdapter | null {
  if (typeof pljs === 'undefined') return null;
  return makeDbAdapter('pljs', pljs, { DEBUG1, NOTICE, WARNING });
}
