-- since: 0.1.0
-- The in-database audit: run the pack's checks with the caller's privileges (so a role
-- that cannot read something gets "could not verify", never a pass), store, return rows.
-- Rows are for psql: texts as plain text (the stored results and reports keep the rich
-- text), the priority of each, highest first. The run's time budget comes from the
-- extension owner's setting (sec_check.effective_config), never from the caller's session.
CREATE OR REPLACE FUNCTION sec_check.run(p_groups text[] DEFAULT NULL, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision, priority integer)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_started timestamptz := clock_timestamp();
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
BEGIN
  SELECT l.lanname INTO v_lang FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine(jsonb)'::pg_catalog.regprocedure;
  -- The verdicts are stored as the server's word, so the session that computes them must
  -- not be one the caller prepared: the engine runs in the caller's JavaScript context
  -- (pljs and plv8 keep one per role), and unqualified names fall back to pg_temp.
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    IF pg_catalog.has_language_privilege(current_user, v_lang, 'USAGE')
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                   WHERE l.lanname = v_lang AND p.proowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)) THEN
      RAISE EXCEPTION 'sec_check: role % can run its own % code in this session, which could change the engine''s results; in-database audits need a role that cannot', current_user, v_lang
        USING ERRCODE = '42501',
              HINT = format('REVOKE USAGE ON LANGUAGE %I FROM PUBLIC, %I; (sec_check.grant_audit_access does this) and drop %I functions the role owns.', v_lang, current_user, v_lang);
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
    RAISE NOTICE 'sec_check runs on pljs: a cancel or statement_timeout stops this run only when the current executor query ends, pg_terminate_backend is ignored, and from now on no SQL statement of this session can be cancelled'
      USING HINT = 'Disconnect when the audit is done (pg_cron does this for you), or install plv8 and reinstall sec_check. Said once per session.';
    PERFORM pg_catalog.set_config('sec_check.pljs_notice_given', 'on', false);
  END IF;
  PERFORM sec_check.pack_for_run(p_pack); -- unknown or altered pack: a clear error before the engine starts
  BEGIN
    v_report := sec_check.engine(jsonb_build_object(
      'op', 'run',
      'pack_name', p_pack,
      'groups', to_jsonb(p_groups),
      'locale', p_locale,
      'deadline_ms', CASE WHEN coalesce(v_seconds, '') = '' THEN 300000
                          ELSE (v_seconds::numeric * 1000)::bigint END,
      'build_id', sec_check.build_id()));
  EXCEPTION WHEN internal_error THEN
    -- pljs turns a cancel or statement_timeout into an uncatchable JS "interrupted" error
    -- with the JS stack as detail: say in one line what happened and where the run was.
    GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
    IF v_msg IS DISTINCT FROM 'execution error' OR v_detail NOT LIKE 'InternalError: interrupted%' THEN
      RAISE;
    END IF;
    v_cause := CASE WHEN current_setting('statement_timeout') NOT IN ('0', '0ms')
                         AND clock_timestamp() - statement_timestamp() >= current_setting('statement_timeout')::interval
                    THEN 'statement timeout' ELSE 'cancel request' END;
    BEGIN
      v_at := sec_check.engine('{"op": "progress"}') -> 'progress';
    EXCEPTION WHEN OTHERS THEN
      v_at := NULL;
    END;
    IF jsonb_typeof(v_at) = 'object' THEN
      RAISE EXCEPTION 'sec_check: run cancelled (%) during check "%" (group %), % of % checks done; nothing was recorded',
        v_cause, v_at ->> 'name', v_at ->> 'section', v_at ->> 'done', v_at ->> 'total' USING ERRCODE = '57014';
    END IF;
    RAISE EXCEPTION 'sec_check: run cancelled (%); nothing was recorded', v_cause USING ERRCODE = '57014';
  END;
  IF v_report ? 'sec_check_error' THEN
    RAISE EXCEPTION '%', v_report ->> 'sec_check_error';
  END IF;
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
  'Runs a sec_check audit inside the database (all groups, or the given ones), stores it in sec_check.runs/results and returns its results as plain text with their priority, highest first. Checks run with the caller''s privileges (a role that can run its own JS code, has temporary tables or overrides user-settable settings is refused). The max_run_seconds setting (sec_check.configure, default 300) bounds the run.';

CREATE OR REPLACE FUNCTION sec_check.run(p_group text, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision, priority integer)
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM sec_check.run(CASE WHEN p_group IS NOT NULL THEN ARRAY[p_group] END, p_locale, p_pack) $$;

COMMENT ON FUNCTION sec_check.run(text, text, text) IS
  'Runs one group of checks: SELECT * FROM sec_check.run(''connections''); NULL runs all groups.';
