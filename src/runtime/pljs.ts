// pljs (QuickJS) host.
import { makeDbAdapter, type DbAdapter, type JsLanguageGlobal } from './db-host.ts';

declare const pljs: JsLanguageGlobal | undefined;

export function pljsAdapter(): DbAdapter | null {
  if (typeof pljs === 'undefined') return null;
  return makeDbAdapter('pljs', pljs);
}
