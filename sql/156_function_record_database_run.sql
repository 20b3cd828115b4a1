-- since: 0.2.0
-- Records an in-database run. Only sec_check.run() may call it: it runs the engine on a
-- stored, hash-checked pack and passes the engine's document straight here. A role that
-- calls this function from anywhere else (its own function, a DO block, psql) is refused,
-- so an auditor cannot store a document it made up. The caller is read from the PL/pgSQL
-- call stack, which names functions by schema; only a superuser can create functions in
-- schema sec_check.
CREATE OR REPLACE FUNCTION sec_check.record_database_run(p_report jsonb, p_pack text, p_run_by name, p_started_at timestamptz)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_stack   text;
  v_caller  text;
  v_pack    sec_check.packs%ROWTYPE;
  v_runtime text;
BEGIN
  GET DIAGNOSTICS v_stack = PG_CONTEXT;
  v_caller := split_part(v_stack, E'\n', 2);
  IF v_caller !~ '^PL/pgSQL function sec_check\.run\(text\[\],text,text\) line [0-9]+ at assignment$' THEN
    RAISE EXCEPTION 'sec_check.record_database_run: only sec_check.run() records in-database runs'
      USING ERRCODE = '42501', HINT = 'Run SELECT * FROM sec_check.run(); agents post with sec_check.record_run.';
  END IF;
  SELECT * INTO v_pack FROM sec_check.packs WHERE name = p_pack;
  IF NOT FOUND OR v_pack.sha256 IS DISTINCT FROM sec_check.pack_sha256(v_pack.pack, v_pack.allow_side_effects) THEN
    RAISE EXCEPTION 'sec_check: check pack "%" is missing or was changed during the run; nothing recorded', p_pack;
  END IF;
  SELECT l.lanname INTO v_runtime FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine(jsonb)'::regprocedure;
  RETURN sec_check.store_run(p_report, 'database', p_run_by, p_started_at, v_runtime, p_pack, v_pack.sha256);
END
$$;

COMMENT ON FUNCTION sec_check.record_database_run(jsonb, text, name, timestamptz) IS
  'Internal to sec_check.run(): records the engine''s document for a stored pack; refuses any other caller.';
