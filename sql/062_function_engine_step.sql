-- since: 0.4.0
-- The in-database audit engine: the bundle of src/runtime/db-audit-entry.ts in whichever JS
-- language sec_check.engine uses (plv8 first). SECURITY DEFINER, owned by sec_check_engine
-- (sql/056_role_engine.sql): pljs and plv8 key their JavaScript contexts by the current user,
-- so this code runs in a context that only functions owned by that role can reach, and that
-- role owns nothing else and cannot be become by anyone but a superuser. The function pins
-- <language>.start_proc to '' so a start procedure (a user setting) never runs in it, and the
-- context is checked when the bundle first loads: it must hold nothing but the language's
-- own globals (anything more means other code ran there first). The bundle then freezes
-- every built-in (src/runtime/db-lockdown.ts).
-- sec_check.run() drives it step by step (see that function); it runs no query of the
-- caller's itself. Every upgrade replaces it in the language it already uses.
DO $install$
DECLARE
  v_lang text;
BEGIN
  SELECT l.lanname INTO v_lang
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid = pg_catalog.to_regprocedure('sec_check.engine(jsonb)');
  EXECUTE pg_catalog.format($f$
    CREATE OR REPLACE FUNCTION sec_check.engine_step(p_request jsonb, p_data text)
    RETURNS jsonb
    LANGUAGE %I
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET %s = ''
    AS %L$f$, v_lang, v_lang || '.start_proc', $audit$
const request = arguments[0];
const data = arguments[1];
if (globalThis.__sec_check_audit === undefined) {
  // First call in this context: nothing but the language's own globals may be here (pljs
  // also leaves a global named after each function it compiles: this one's is engine_step).
  const known = ['Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined',
    'Boolean', 'String', 'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError',
    'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'InternalError', 'SuppressedError', 'globalThis', 'JSON',
    'Math', 'Intl', 'ArrayBuffer', 'SharedArrayBuffer', 'Atomics', 'Uint8Array', 'Int8Array', 'Uint16Array',
    'Int16Array', 'Uint32Array', 'Int32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray',
    'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect',
    'FinalizationRegistry', 'WeakRef', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape',
    'unescape', 'eval', 'isFinite', 'isNaN', 'Iterator', 'AsyncIterator', 'DisposableStack', 'AsyncDisposableStack',
    'Temporal', 'ShadowRealm', 'WebAssembly', 'console', 'pljs', 'plv8', 'engine_step',
    'DEBUG5', 'DEBUG4', 'DEBUG3', 'DEBUG2', 'DEBUG1', 'DEBUG', 'LOG', 'INFO', 'NOTICE', 'WARNING', 'ERROR'];
  const extra = Object.getOwnPropertyNames(globalThis).filter((name) => known.indexOf(name) < 0);
  if (extra.length > 0) {
    return { sec_check_error: 'sec_check: the audit engine\'s JavaScript context already holds ' + extra.slice(0, 5).join(', ')
      + ': other code ran in it before the engine (a session that became role sec_check_engine); nothing was run. Reconnect and run the audit in a fresh session.' };
  }
@AUDIT_BUNDLE@
}
return globalThis.__sec_check_audit.step(request, data, '@BUILD_ID@');
$audit$);
END
$install$;

ALTER FUNCTION sec_check.engine_step(jsonb, text) OWNER TO sec_check_engine;
REVOKE ALL ON FUNCTION sec_check.engine_step(jsonb, text) FROM PUBLIC;
GRANT USAGE ON SCHEMA sec_check TO sec_check_engine;
GRANT EXECUTE ON FUNCTION sec_check.engine_pack(text, text) TO sec_check_engine;

COMMENT ON FUNCTION sec_check.engine_step(jsonb, text) IS
  'sec_check audit engine (JavaScript, runs as sec_check_engine in a context of its own). Internal to sec_check.run(), which drives it one query at a time; it runs no query of its caller.';
