-- since: 0.2.0
-- Records an in-database run. Only sec_check.run() may call it: it runs the engine on a
-- stored, hash-checked pack and passes the engine's document straight here (the document
-- names the version of the pack row the engine ran; a row changed since is refused). A role that
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
  v_pack    record;
  v_runtime text;
BEGIN
  GET DIAGNOSTICS v_stack = PG_CONTEXT;
  v_caller := split_part(v_stack, E'\n', 2);
  IF v_caller !~ '^PL/pgSQL function sec_check\.run\(text\[\],text,text\) line [0-9]+ at assignment$' THEN
    RAISE EXCEPTION 'sec_check.record_database_run: only sec_check.run() records in-database runs'
      USING ERRCODE = '42501', HINT = 'Run SELECT * FROM sec_check.run(); agents post with sec_check.record_run.';
  END IF;
  -- The engine read the pack through engine_pack, which checked its hash, and names the
  -- version of the row it ran (xmin, ctid, sha256: any change to the row gives another).
  SELECT p.*, format('%s/%s/%s', p.xmin, p.ctid, p.sha256) AS version INTO v_pack
    FROM sec_check.packs p WHERE p.name = p_pack;
  IF NOT FOUND OR v_pack.version IS DISTINCT FROM p_report #>> '{run,pack_version}' THEN
    RAISE EXCEPTION 'sec_check: check pack "%" is missing or was changed during the run; nothing recorded', p_pack;
  END IF;
  SELECT l.lanname INTO v_runtime FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine_step(jsonb,text)'::regprocedure;
  RETURN sec_check.store_run(p_report #- '{run,pack_version}', 'database', p_run_by, p_started_at, v_runtime, p_pack, v_pack.sha256);
END
$$;

COMMENT ON FUNCTION sec_check.record_database_run(jsonb, text, name, timestamptz) IS
  'Internal to sec_check.run(): records the engine''s document for a stored pack; refuses any other caller.';
