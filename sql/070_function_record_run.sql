-- since: 0.1.0
-- Stores one report document (from sec_check.run() or from `sec-check run --store`).
-- SECURITY DEFINER so auditors need no INSERT on the tables; search_path is pinned.
CREATE OR REPLACE FUNCTION sec_check.record_run(p_report jsonb)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run     jsonb := p_report -> 'run';
  v_run_id  bigint;
BEGIN
  IF p_report ->> 'format' IS DISTINCT FROM 'sec_check-report'
     OR p_report ->> 'format_version' IS DISTINCT FROM '1' THEN
    RAISE EXCEPTION 'sec_check.record_run: not a sec_check report (format %, format_version %)',
      coalesce(p_report ->> 'format', 'missing'), coalesce(p_report ->> 'format_version', 'missing');
  END IF;
  IF jsonb_typeof(p_report -> 'results') IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'sec_check.record_run: field results must be an array';
  END IF;

  INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num,
                                groups, locale, run_by, origin, runtime, tool_version, report)
  VALUES ((v_run ->> 'started_at')::timestamptz,
          (v_run ->> 'finished_at')::timestamptz,
          v_run #>> '{server,version}',
          (v_run #>> '{server,version_num}')::integer,
          CASE WHEN jsonb_typeof(v_run -> 'groups') = 'array'
               THEN ARRAY(SELECT jsonb_array_elements_text(v_run -> 'groups')) END,
          v_run ->> 'locale',
          v_run ->> 'run_by',
          v_run ->> 'origin',
          v_run ->> 'runtime',
          p_report #>> '{tool,version}',
          p_report - 'results')
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

  RETURN v_run_id;
END
$$;

COMMENT ON FUNCTION sec_check.record_run(jsonb) IS
  'Stores a sec_check report document as one run and its results, atomically; returns the run id. Grant EXECUTE only to roles trusted to post audit results (the host agent).';
