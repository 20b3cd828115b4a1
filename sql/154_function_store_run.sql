-- since: 0.2.0
-- The one INSERT of a run and its results. Internal: granted to nobody, called only by the
-- SECURITY DEFINER recording functions after they decided what the server vouches for.
-- Provenance comes from the arguments (set by the server), never from the document; the
-- stored document is rewritten to match, so report_json shows what the server recorded,
-- including the installation settings in force (run.config, from sec_check.effective_config).
-- Concurrency: one store at a time. The first thing it does is take a SHARE ROW EXCLUSIVE
-- lock on sec_check.runs (self-conflicting, readers unaffected), held to COMMIT, so the row
-- locks a store takes after it (its new runs/results/run_stats rows, check_state rows in
-- process_run, old runs deleted by purge) are never wanted by another store: no lock cycle
-- between stores, whatever order their results come in. Run ids and finished_at follow
-- commit order.
CREATE OR REPLACE FUNCTION sec_check.store_run(p_report jsonb, p_origin text, p_run_by name, p_started_at timestamptz,
                                               p_runtime text, p_pack_name text, p_pack_sha256 text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run      jsonb := p_report -> 'run';
  v_finished timestamptz;
  v_doc      jsonb;
  v_run_id   bigint;
BEGIN
  IF p_report ->> 'format' IS DISTINCT FROM 'sec_check-report'
     OR p_report ->> 'format_version' IS DISTINCT FROM '1' THEN
    RAISE EXCEPTION 'sec_check.record_run: not a sec_check report (format %, format_version %)',
      coalesce(p_report ->> 'format', 'missing'), coalesce(p_report ->> 'format_version', 'missing');
  END IF;
  IF jsonb_typeof(p_report -> 'results') IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'sec_check.record_run: field results must be an array';
  END IF;
  LOCK TABLE sec_check.runs IN SHARE ROW EXCLUSIVE MODE;
  v_finished := clock_timestamp();

  v_doc := jsonb_set(p_report - 'results', '{run}', coalesce(v_run, '{}') || jsonb_build_object(
    'origin', p_origin, 'run_by', p_run_by, 'posted_by', session_user, 'runtime', p_runtime,
    'started_at', p_started_at, 'finished_at', v_finished,
    'pack', CASE WHEN p_pack_name IS NOT NULL THEN jsonb_build_object('name', p_pack_name, 'sha256', p_pack_sha256) END,
    -- the installation settings in force (retention, budget, agent age, profile) and their source
    'config', (SELECT jsonb_object_agg(e.name, jsonb_build_object('value', e.value, 'source', e.source) ORDER BY e.name)
                 FROM sec_check.effective_config e),
    -- what the poster's own clock said, kept for reference only
    'claimed', jsonb_build_object('started_at', v_run -> 'started_at', 'finished_at', v_run -> 'finished_at', 'run_by', v_run -> 'run_by')))
    || jsonb_build_object('summary', jsonb_build_object(
         'total', jsonb_array_length(p_report -> 'results'),
         'by_status', (SELECT jsonb_object_agg(s, (SELECT count(*) FROM jsonb_array_elements(p_report -> 'results') r WHERE r ->> 'status' = s))
                         FROM unnest(ARRAY['Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped']) AS s)));

  -- The operations triggers (role snapshot, finding lifecycle, alert) act on runs stored
  -- here only, never on rows a pg_restore copies back.
  PERFORM pg_catalog.set_config('sec_check.storing_run', 'on', true);
  INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num, groups, locale,
                              run_by, posted_by, origin, runtime, tool_version, report, pack_name, pack_sha256)
  VALUES (p_started_at, v_finished,
          current_setting('server_version'), current_setting('server_version_num')::integer,
          CASE WHEN jsonb_typeof(v_run -> 'groups') = 'array'
               THEN ARRAY(SELECT jsonb_array_elements_text(v_run -> 'groups')) END,
          coalesce(v_run ->> 'locale', 'en'),
          p_run_by, session_user, p_origin, p_runtime,
          coalesce(p_report #>> '{tool,version}', 'unknown'), v_doc, p_pack_name, p_pack_sha256)
  RETURNING id INTO v_run_id;

  INSERT INTO sec_check.results (run_id, ordinal, section, check_id, check_name, description,
                                 severity, cis, status, skip_reason, short_description,
                                 full_description, recommendation, raw, duration_ms)
  SELECT v_run_id, r.ord, r.v ->> 'section', r.v ->> 'check_id', r.v ->> 'name',
         coalesce(r.v ->> 'description', ''), r.v ->> 'severity', r.v ->> 'cis',
         r.v ->> 'status', r.v ->> 'skip_reason',
         coalesce(r.v ->> 'short_description', ''), coalesce(r.v ->> 'full_description', ''),
         coalesce(r.v ->> 'recommendation', ''), coalesce(r.v -> 'executors', '[]'),
         (r.v ->> 'duration_ms')::double precision
    FROM jsonb_array_elements(p_report -> 'results') WITH ORDINALITY AS r(v, ord);

  -- Each run keeps the DDL trail's chain head of its time, so a tail deleted later is caught.
  PERFORM sec_check.ddl_log_record_head(v_run_id);
  RETURN v_run_id;
END
$$;

COMMENT ON FUNCTION sec_check.store_run(jsonb, text, name, timestamptz, text, text, text) IS
  'Internal (granted to nobody): inserts one run and its results with the provenance the calling recording function vouches for.';
