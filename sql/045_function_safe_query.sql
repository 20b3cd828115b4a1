-- since: 0.1.0
-- Runs one executor query for the JS engine and returns its rows as jsonb, or the error as
-- a value. Two reasons it is PL/pgSQL:
--  * pljs 1.0.5 does not clean up after a caught SQL error: a few caught errors in one call
--    overflow PostgreSQL's error stack and crash the backend. An exception block does it
--    properly, so the engine never sees an SQL error.
--  * Executors must only read. The query runs in a read-only subtransaction that is always
--    rolled back (the rows survive in a variable), so a pack cannot change the database even
--    through a function with side effects, exactly as the CLI's read-only session.
-- SECURITY INVOKER: the query runs with the caller's privileges and grants nothing.
CREATE OR REPLACE FUNCTION sec_check.safe_query(p_sql text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_rows jsonb;
BEGIN
  BEGIN
    SET LOCAL transaction_read_only = on;
    EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(sec_check_q)), ''[]'') FROM (' || p_sql || E'\n) AS sec_check_q'
      INTO v_rows;
    RAISE EXCEPTION USING ERRCODE = 'SCQ01', MESSAGE = 'sec_check: undo executor';
  EXCEPTION
    WHEN SQLSTATE 'SCQ01' THEN
      RETURN jsonb_build_object('rows', v_rows);
    WHEN OTHERS THEN
      RETURN jsonb_build_object('error', SQLERRM, 'sqlstate', SQLSTATE);
  END;
END
$$;

COMMENT ON FUNCTION sec_check.safe_query(text) IS
  'Internal to sec_check.engine: runs one SELECT read-only with the caller''s privileges, rolls it back, and returns {rows} or {error, sqlstate}.';
