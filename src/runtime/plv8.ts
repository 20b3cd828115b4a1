// plv8 (V8) host: same surface as pljs under the name plv8.
import { makeDbAdapter, type DbAdapter, type JsLanguageGlobal } from './db-host.ts';

declare const plv8: JsLanguageGlobal | undefined;

export function plv8Adapter(): DbAdapter | null {
  if (typeof plv8 === 'undefined') return null;
  return makeDbAdapter('plv8', plv8);
}
