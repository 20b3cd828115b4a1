-- Runs one executor query for the JS engine and returns its rows as jsonb, or the error as
-- a value. pljs 1.0.5 does not clean up after a caught SQL error: a few caught errors in one
-- call overflow PostgreSQL's error stack and crash the backend. PL/pgSQL's exception block
-- does it properly, so the engine never sees an SQL error. SECURITY INVOKER: the query
-- runs with the caller's privileges, so this grants nothing the caller did not have.
CREATE FUNCTION sec_check.safe_query(p_sql text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_rows jsonb;
BEGIN
  EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(sec_check_q)), ''[]'') FROM (' || p_sql || E'\n) AS sec_check_q'
    INTO v_rows;
  RETURN jsonb_build_object('rows', v_rows);
EXCEPTION WHEN OTHERS THEN
  RETURN jsonb_build_object('error', SQLERRM, 'sqlstate', SQLSTATE);
END
$$;

COMMENT ON FUNCTION sec_check.safe_query(text) IS
  'Internal to sec_check.engine: runs one SELECT with the caller''s privileges and returns {rows} or {error, sqlstate}.';
