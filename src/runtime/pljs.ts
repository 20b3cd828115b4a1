// pljs (QuickJS) host.
import type { SyncAdapter } from '../core/host.ts';
import { makeDbAdapter, type JsLanguageGlobal } from './db-host.ts';

declare const pljs: JsLanguageGlobal | undefined;

export function pljsAdapter(): SyncAdapter | null {
  if (typeof pljs === 'undefined') return null;
  return makeDbAdapter('pljs', pljs);
}
