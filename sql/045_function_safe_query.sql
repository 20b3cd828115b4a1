-- since: 0.1.0
-- Runs one executor query for the JS engine and returns its rows as jsonb, or the error as
-- a value. Two reasons it is PL/pgSQL:
--  * pljs 1.0.5 does not clean up after a caught SQL error: a few caught errors in one call
--    overflow PostgreSQL's error stack and crash the backend. An exception block does it
--    properly, so the engine never sees an SQL error.
--  * Executors must only read. The query runs in a read-only subtransaction that is always
--    rolled back (the rows survive in a variable), so a pack cannot change the database.
--    Session-level advisory locks survive a rollback, so every call ends by releasing the
--    session's advisory locks (other side effects are refused when the pack is loaded).
-- SECURITY INVOKER: the query runs with the caller's privileges and grants nothing.
CREATE OR REPLACE FUNCTION sec_check.safe_query(p_sql text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_rows   jsonb;
  v_result jsonb;
BEGIN
  BEGIN
    SET LOCAL transaction_read_only = on;
    EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(sec_check_q)), ''[]'') FROM (' || p_sql || E'\n) AS sec_check_q'
      INTO v_rows;
    RAISE EXCEPTION USING ERRCODE = 'SCQ01', MESSAGE = 'sec_check: undo executor';
  EXCEPTION
    WHEN SQLSTATE 'SCQ01' THEN
      v_result := jsonb_build_object('rows', v_rows);
    WHEN OTHERS THEN
      v_result := jsonb_build_object('error', SQLERRM, 'sqlstate', SQLSTATE);
  END;
  PERFORM pg_catalog.pg_advisory_unlock_all();
  RETURN v_result;
END
$$;

COMMENT ON FUNCTION sec_check.safe_query(text) IS
  'Internal to sec_check.engine: runs one SELECT read-only with the caller''s privileges, rolls it back, releases the session''s advisory locks, and returns {rows} or {error, sqlstate}.';
