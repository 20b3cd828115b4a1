-- since: 0.1.0
-- The tools bundle (src/runtime/db-entry.ts: PII discovery for sec_check.pii_scan, pgaudit
-- log parsing for sec_check.pgaudit_ingest) becomes one function in whichever JS language is
-- installed (plv8 first: pljs disables query cancellation in any backend that loads it). It
-- runs with the caller's privileges in the caller's context. The bundle is evaluated once
-- per session and kept on globalThis, keyed by build id. Audits do not run here
-- (sql/062_function_engine_step.sql).
-- Every upgrade replaces it in the language it already uses (CREATE OR REPLACE keeps grants).
DO $install$
DECLARE
  v_lang text;
BEGIN
  SELECT l.lanname INTO v_lang
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid = pg_catalog.to_regprocedure('sec_check.engine(jsonb)');
  IF v_lang IS NULL THEN
    SELECT lanname INTO v_lang FROM pg_catalog.pg_language
     WHERE lanname IN ('plv8', 'pljs') ORDER BY lanname = 'plv8' DESC LIMIT 1;
  END IF;
  EXECUTE pg_catalog.format($f$
    CREATE OR REPLACE FUNCTION sec_check.engine(p_request jsonb)
    RETURNS jsonb
    LANGUAGE %I
    SET search_path = pg_catalog, pg_temp
    AS %L$f$, v_lang, $bundle$
const request = arguments[0];
if (!globalThis.__sec_check_engine || globalThis.__sec_check_engine.buildId !== '@BUILD_ID@') {
@BUNDLE@
}
return globalThis.__sec_check_engine.handle(request);
$bundle$);
END
$install$;

COMMENT ON FUNCTION sec_check.engine(jsonb) IS
  'sec_check tools engine (JavaScript, the caller''s privileges): PII discovery for sec_check.pii_scan() and pgaudit log parsing for sec_check.pgaudit_ingest(). Audits run through sec_check.run().';
