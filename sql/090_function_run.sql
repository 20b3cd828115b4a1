-- since: 0.1.0
-- The in-database audit: run the pack's checks with the caller's privileges (so a role
-- that cannot read something gets "could not verify", never a pass), store, return rows.
-- Rows are for psql: texts as plain text (the stored results and reports keep the rich
-- text), the priority of each, highest first. The run's time budget comes from the
-- extension owner's setting (sec_check.effective_config), never from the caller's session.
-- The engine (sec_check.engine_step) computes; this function runs the queries it asks for.
CREATE OR REPLACE FUNCTION sec_check.run(p_groups text[] DEFAULT NULL, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision, priority integer)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_started timestamptz := clock_timestamp();
  v_step    jsonb;
  v_report  jsonb;
  v_run_id  bigint;
  v_seconds text := (SELECT e.value FROM sec_check.effective_config e WHERE e.name = 'max_run_seconds');
  v_ignored text := sec_check.ignored_settings(ARRAY['max_run_seconds', 'agent_max_age', 'profile']);
  v_lang    name;
  v_detail  text;
  v_msg     text;
  v_at      jsonb;
  v_cause   text;
  v_changed text;
  v_problem text;
  v_sql     text;
  v_count   bigint;
  v_bytes   bigint;
  v_rows    text;
  v_answer  jsonb;
  v_timeout interval;
BEGIN
  SELECT l.lanname INTO v_lang FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine_step(jsonb,text)'::pg_catalog.regprocedure;
  -- The verdicts are stored as the server's word. They are computed by sec_check.engine_step,
  -- which runs as the role sec_check_engine in a JavaScript context no other code reaches
  -- (pljs and plv8 keep one per current user) -- as long as nobody can become that role and
  -- it owns nothing else here.
  SELECT CASE
           WHEN r.oid IS NULL THEN 'does not exist'
           WHEN r.rolsuper OR r.rolcanlogin OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls OR r.rolreplication THEN 'has login or role attributes'
           WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m WHERE m.roleid = r.oid) THEN 'has members'
           WHEN (SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.oid = 'sec_check.engine_step(jsonb,text)'::pg_catalog.regprocedure) <> r.oid THEN 'does not own sec_check.engine_step'
           WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend d
                         WHERE d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND d.refobjid = r.oid AND d.deptype = 'o'
                           AND d.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
                           AND NOT (d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = 'sec_check.engine_step(jsonb,text)'::pg_catalog.regprocedure))
             THEN 'owns other objects in this database'
         END INTO v_problem
    FROM (SELECT 1) AS one LEFT JOIN pg_catalog.pg_roles r ON r.rolname = 'sec_check_engine';
  IF v_problem IS NOT NULL THEN
    RAISE EXCEPTION 'sec_check: role sec_check_engine %, so code other than the engine could run in its context; in-database audits are refused', v_problem
      USING ERRCODE = '42501', HINT = 'The role must have no login, no attributes, no members and own only sec_check.engine_step (ALTER EXTENSION sec_check UPDATE recreates a missing one).';
  END IF;
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    -- Before PostgreSQL 16 CREATEROLE may grant any non-superuser role, sec_check_engine too:
    -- such a session could have become the engine's role and prepared its context.
    IF pg_catalog.current_setting('server_version_num')::int < 160000
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname IN (current_user, session_user) AND rolcreaterole) THEN
      RAISE EXCEPTION 'sec_check: role % has CREATEROLE, which before PostgreSQL 16 can make it a member of sec_check_engine; in-database audits need a role that cannot', current_user
        USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relnamespace = pg_catalog.pg_my_temp_schema()) THEN
      RAISE EXCEPTION 'sec_check: this session has temporary tables or views, which could stand in for what the checks read; run the audit from a fresh session'
        USING ERRCODE = '55000';
    END IF;
    -- Checks read settings as this session sees them; a role can change the user-settable
    -- ones for itself (SET, connection options, ALTER ROLE ... SET) and make a check pass.
    -- Formatting, timeouts and memory knobs say nothing about security and stay allowed.
    SELECT string_agg(s.name, ', ' ORDER BY s.name) INTO v_changed
      FROM pg_catalog.pg_settings s
     WHERE s.context = 'user' AND s.source IN ('client', 'session', 'user', 'database-user')
       AND s.name NOT IN ('application_name', 'client_encoding', 'datestyle', 'intervalstyle', 'timezone',
                          'extra_float_digits', 'client_min_messages', 'statement_timeout', 'lock_timeout',
                          'idle_in_transaction_session_timeout', 'idle_session_timeout', 'transaction_timeout',
                          'search_path', 'bytea_output', 'standard_conforming_strings', 'work_mem',
                          'maintenance_work_mem', 'temp_buffers', 'jit', 'lc_monetary', 'lc_numeric', 'lc_time',
                          'default_transaction_read_only', 'default_transaction_isolation')
       AND s.name !~ '^(sec_check|pljs|plv8|cron)\.';
    IF v_changed IS NOT NULL THEN
      RAISE EXCEPTION 'sec_check: this session overrides settings that checks read (%); run the audit from a session with the server''s settings', v_changed
        USING ERRCODE = '55000', HINT = 'RESET them, and ALTER ROLE ... RESET those set for the role.';
    END IF;
  END IF;
  -- What decides the verdicts is the extension owner's (sec_check.configure); settings a
  -- session carries from before 0.4.0 are not read, and the caller is told so.
  IF v_ignored IS NOT NULL THEN
    RAISE WARNING 'sec_check: these settings are no longer read: %', v_ignored;
  END IF;
  -- pljs swallows SIGINT/SIGTERM in every backend that loads it: say so where the DBA
  -- looks, once per session (the flag is this session's own and decides nothing else).
  IF v_lang = 'pljs' AND current_setting('sec_check.pljs_notice_given', true) IS DISTINCT FROM 'on' THEN
    RAISE NOTICE 'sec_check runs on pljs: a statement_timeout stops this run when the current executor query ends, a cancel request only while the engine computes, pg_terminate_backend is ignored, and from now on no SQL statement of this session can be cancelled'
      USING HINT = 'The owner bounds runs with sec_check.configure(''max_run_seconds'', ...); disconnect when the audit is done (pg_cron does this for you), or install plv8 and reinstall sec_check. Said once per session.';
    PERFORM pg_catalog.set_config('sec_check.pljs_notice_given', 'on', false);
  END IF;
  IF pg_catalog.current_setting('statement_timeout') NOT IN ('0', '0ms') THEN
    v_timeout := pg_catalog.current_setting('statement_timeout')::interval;
  END IF;
  -- The engine asks for one query at a time; each runs here, with the caller's privileges,
  -- read-only in a subtransaction that is rolled back, and its rows (one JSON text, bounded
  -- by the engine's wrapper) go back as the next step. No executor runs inside the engine.
  BEGIN
    v_step := sec_check.engine_step(jsonb_build_object(
      'op', 'start',
      'pack_name', p_pack,
      'groups', to_jsonb(p_groups),
      'locale', p_locale,
      'deadline_ms', CASE WHEN coalesce(v_seconds, '') = '' THEN 300000
                          ELSE (v_seconds::numeric * 1000)::bigint END,
      'build_id', sec_check.build_id()), NULL);
    LOOP
      IF v_step ? 'sec_check_error' THEN
        RAISE EXCEPTION '%', v_step ->> 'sec_check_error';
      END IF;
      EXIT WHEN v_step ? 'report';
      v_at := v_step -> 'at';
      v_sql := v_step ->> 'q';
      BEGIN
        SET LOCAL transaction_read_only = on;
        EXECUTE v_sql INTO v_count, v_bytes, v_rows;
        RAISE EXCEPTION USING ERRCODE = 'SCQ01', MESSAGE = 'sec_check: undo executor';
      EXCEPTION
        WHEN SQLSTATE 'SCQ01' THEN
          v_answer := jsonb_build_object('op', 'answer', 'token', v_step -> 'token', 'ok', true, 'count', v_count, 'bytes', v_bytes);
        WHEN OTHERS THEN
          v_answer := jsonb_build_object('op', 'answer', 'token', v_step -> 'token', 'ok', false, 'error', SQLERRM, 'sqlstate', SQLSTATE);
          v_rows := NULL;
      END;
      -- Session-level advisory locks survive the rollback.
      PERFORM pg_catalog.pg_advisory_unlock_all();
      -- pljs swallows the statement_timeout signal while this runs: look at the clock.
      IF v_timeout IS NOT NULL AND pg_catalog.clock_timestamp() - pg_catalog.statement_timestamp() >= v_timeout THEN
        RAISE EXCEPTION USING ERRCODE = 'query_canceled', MESSAGE = 'sec_check: statement timeout';
      END IF;
      v_step := sec_check.engine_step(v_answer, v_rows);
    END LOOP;
  EXCEPTION
    WHEN query_canceled OR internal_error THEN
      -- pljs turns a cancel or statement_timeout that arrives while the engine computes into
      -- an uncatchable JS "interrupted" error with the JS stack as detail; plv8 and the clock
      -- above raise query_canceled. Say in one line what happened and where the run was.
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
      IF SQLSTATE = 'XX000' AND (v_msg IS DISTINCT FROM 'execution error' OR v_detail NOT LIKE 'InternalError: interrupted%') THEN
        RAISE;
      END IF;
      v_cause := CASE WHEN v_timeout IS NOT NULL AND pg_catalog.clock_timestamp() - pg_catalog.statement_timestamp() >= v_timeout
                      THEN 'statement timeout' ELSE 'cancel request' END;
      IF jsonb_typeof(v_at) = 'object' THEN
        RAISE EXCEPTION 'sec_check: run cancelled (%) during check "%" (group %), % of % checks done; nothing was recorded',
          v_cause, v_at ->> 'name', v_at ->> 'section', v_at ->> 'done', v_at ->> 'total' USING ERRCODE = '57014';
      END IF;
      RAISE EXCEPTION 'sec_check: run cancelled (%); nothing was recorded', v_cause USING ERRCODE = '57014';
  END;
  v_report := v_step -> 'report';
  v_run_id := sec_check.record_database_run(v_report, p_pack, current_user, v_started);
  RETURN QUERY
    SELECT r.run_id, r.section, r.check_id, r.check_name, r.severity, r.status, r.skip_reason,
           sec_check.plain_text(r.short_description), sec_check.plain_text(r.full_description),
           sec_check.plain_text(r.recommendation), r.duration_ms,
           sec_check.priority(r.status, r.severity, sec_check.result_exposure(r.raw))
      FROM sec_check.run_results(v_run_id) AS r
     ORDER BY 12 DESC, r.ordinal;
END
$$;

COMMENT ON FUNCTION sec_check.run(text[], text, text) IS
  'Runs a sec_check audit inside the database (all groups, or the given ones), stores it in sec_check.runs/results and returns its results as plain text with their priority, highest first. Checks run with the caller''s privileges (a session with temporary tables or overridden user-settable settings is refused); the verdicts are computed by sec_check.engine_step in a context of its own. The max_run_seconds setting (sec_check.configure, default 300) bounds the run.';

CREATE OR REPLACE FUNCTION sec_check.run(p_group text, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision, priority integer)
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM sec_check.run(CASE WHEN p_group IS NOT NULL THEN ARRAY[p_group] END, p_locale, p_pack) $$;

COMMENT ON FUNCTION sec_check.run(text, text, text) IS
  'Runs one group of checks: SELECT * FROM sec_check.run(''connections''); NULL runs all groups.';
