-- since: 0.4.0
-- The report document of the current state (format_version 1): every check's latest
-- verdict in the pack (sec_check.current_state), each result carrying its evidence from the
-- run it came from (run_id, checked_at) and its priority. What `sec-check report` and
-- `sec-check fix` read by default. SECURITY INVOKER: row-level security decides whose
-- evidence the caller may read; checks whose run it may not read (or that was purged) are
-- left out and counted in run.current_state.hidden. The run object is the newest
-- contributing run's, with id NULL and groups NULL (the state spans all groups).
CREATE OR REPLACE FUNCTION sec_check.current_report_json(p_scope text DEFAULT NULL, p_pack text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_scope   text := coalesce(p_scope, current_database());
  v_pack    text := p_pack;
  v_rows    jsonb;
  v_base    jsonb;
  v_total   integer;
  v_visible integer;
  v_runs    jsonb;
  v_oldest  timestamptz;
  v_newest  timestamptz;
BEGIN
  IF v_pack IS NULL THEN
    SELECT c.pack INTO v_pack FROM sec_check.current_state c
     WHERE c.scope = v_scope ORDER BY c.checked_at DESC, c.run_id DESC LIMIT 1;
  END IF;
  SELECT count(*) INTO v_total FROM sec_check.current_state c WHERE c.scope = v_scope AND c.pack = v_pack;
  IF v_total = 0 THEN
    RETURN NULL;
  END IF;
  WITH visible AS (
    SELECT c.checked_at, x.*, r.report -> 'sections' AS sections
      FROM sec_check.current_state c
      JOIN sec_check.results x
        ON x.run_id = c.run_id
       AND (x.check_id = c.check_id OR (c.check_id IS NULL AND x.check_id IS NULL AND x.section = c.section AND x.check_name = c.check_name))
      JOIN sec_check.runs r ON r.id = c.run_id
     WHERE c.scope = v_scope AND c.pack = v_pack
  )
  SELECT jsonb_agg(jsonb_build_object(
           'section', v.section, 'check_id', v.check_id, 'name', v.check_name,
           'description', v.description, 'severity', v.severity, 'cis', v.cis,
           'status', v.status, 'skip_reason', v.skip_reason,
           'short_description', v.short_description, 'full_description', v.full_description,
           'recommendation', v.recommendation, 'executors', v.raw, 'duration_ms', v.duration_ms,
           'priority', sec_check.priority(v.status, v.severity, sec_check.result_exposure(v.raw)),
           'run_id', v.run_id, 'checked_at', v.checked_at)
         ORDER BY coalesce((SELECT min(s.ord) FROM jsonb_array_elements(v.sections) WITH ORDINALITY AS s(sec, ord)
                             WHERE s.sec ->> 'key' = v.section), 1000000), v.section, v.ordinal),
         count(*), jsonb_agg(DISTINCT v.run_id), min(v.checked_at), max(v.checked_at)
    INTO v_rows, v_visible, v_runs, v_oldest, v_newest
    FROM visible v;
  IF v_rows IS NULL THEN
    v_rows := '[]';
    v_visible := 0;
  END IF;
  -- the document frame: the newest run the caller may read that holds one of these verdicts
  SELECT r.report INTO v_base
    FROM sec_check.runs r
   WHERE r.id IN (SELECT (e #>> '{}')::bigint FROM jsonb_array_elements(coalesce(v_runs, '[]')) e)
   ORDER BY r.finished_at DESC, r.id DESC LIMIT 1;
  IF v_base IS NULL THEN
    -- nothing readable: an empty report of this scope, so the caller learns what is hidden
    SELECT r.report INTO v_base FROM sec_check.runs r ORDER BY r.id DESC LIMIT 1;
    IF v_base IS NULL THEN
      RETURN NULL;
    END IF;
  END IF;
  RETURN jsonb_set(v_base, '{run}', (v_base -> 'run') || jsonb_build_object(
           'id', NULL, 'groups', NULL,
           'started_at', coalesce(to_jsonb(v_oldest), v_base #> '{run,started_at}'),
           'finished_at', coalesce(to_jsonb(v_newest), v_base #> '{run,finished_at}'),
           'current_state', jsonb_build_object(
             'scope', v_scope, 'pack', v_pack, 'as_of', now(),
             'runs', coalesce((SELECT jsonb_agg(e ORDER BY (e #>> '{}')::bigint) FROM jsonb_array_elements(v_runs) e), '[]'),
             'oldest_checked_at', v_oldest, 'newest_checked_at', v_newest,
             'hidden', v_total - v_visible)))
         || jsonb_build_object(
              'summary', jsonb_build_object(
                'total', jsonb_array_length(v_rows),
                'by_status', (SELECT jsonb_object_agg(s, (SELECT count(*) FROM jsonb_array_elements(v_rows) r WHERE r ->> 'status' = s))
                                FROM unnest(ARRAY['Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped']) AS s)),
              'results', v_rows);
END
$$;

REVOKE ALL ON FUNCTION sec_check.current_report_json(text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.current_report_json(text, text) IS
  'Report document (format_version 1) of the current state of a scope (default: this database) and pack (default: the pack of the newest verdict): every check''s latest verdict with its evidence, run_id, checked_at and priority; run.current_state names the runs and how many verdicts the caller may not read. NULL when nothing is stored.';
