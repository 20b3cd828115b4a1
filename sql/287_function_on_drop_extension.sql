-- since: 0.4.0
-- DROP EXTENSION sec_check would leave the pg_cron jobs of sec_check.schedule() behind,
-- failing on every tick ("schema sec_check does not exist"). This event trigger function
-- runs at the start of every DROP EXTENSION in this database; when the statement drops
-- sec_check (by name, or CASCADE from the extension providing its JS language) it removes
-- the jobs named "sec_check:<name>" in the same transaction (a DROP that fails keeps them)
-- and names other jobs whose command still calls sec_check. The statement text comes from
-- current_query(): a DROP built in dynamic SQL is not recognised (its jobs stay until
-- removed with cron.unschedule).
CREATE OR REPLACE FUNCTION sec_check.on_drop_extension()
RETURNS event_trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_stmt    text;
  v_names   text[];
  v_drops   boolean := false;
  v_jobs    text;
  v_ids     bigint[];
  v_others  text;
  v_id      bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
    RETURN;
  END IF;
  FOR v_stmt IN
    SELECT m[1] FROM pg_catalog.regexp_matches(coalesce(pg_catalog.current_query(), ''),
                                               '\mdrop\s+extension\s+((?:[^;''"]|"[^"]*")+)', 'gi') AS m
  LOOP
    -- the names: drop IF EXISTS and CASCADE/RESTRICT, split on commas, unquote
    SELECT array_agg(CASE WHEN n ~ '^".*"$' THEN replace(substr(n, 2, length(n) - 2), '""', '"') ELSE lower(n) END)
      INTO v_names
      FROM pg_catalog.regexp_split_to_table(
             pg_catalog.regexp_replace(pg_catalog.regexp_replace(v_stmt, '^\s*if\s+exists\s+', '', 'i'),
                                       '\s+(cascade|restrict)\s*$', '', 'i'), '\s*,\s*') AS t(raw)
      CROSS JOIN LATERAL (SELECT btrim(t.raw) AS n) AS x;
    IF 'sec_check' = ANY (v_names)
       OR (v_stmt ~* '\mcascade\s*$' AND EXISTS (
             SELECT 1 FROM pg_catalog.pg_depend d
               JOIN pg_catalog.pg_extension me ON me.oid = d.objid
               JOIN pg_catalog.pg_extension dep ON dep.oid = d.refobjid
              WHERE me.extname = 'sec_check' AND dep.extname = ANY (v_names)
                AND d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass)) THEN
      v_drops := true;
    END IF;
  END LOOP;
  IF NOT v_drops THEN
    RETURN;
  END IF;
  EXECUTE $q$SELECT string_agg(format('%s (job %s, %s)', jobname, jobid, username), ', ' ORDER BY jobid), array_agg(jobid ORDER BY jobid)
               FROM cron.job WHERE jobname LIKE 'sec\_check:%' AND database = pg_catalog.current_database()$q$
    INTO v_jobs, v_ids;
  FOREACH v_id IN ARRAY coalesce(v_ids, '{}') LOOP
    EXECUTE 'SELECT cron.unschedule($1)' USING v_id;
  END LOOP;
  IF v_jobs IS NOT NULL THEN
    RAISE NOTICE 'sec_check: removed its pg_cron jobs with the extension: %', v_jobs;
  END IF;
  EXECUTE $q$SELECT string_agg(format('%s (job %s, %s)', coalesce(jobname, '(unnamed)'), jobid, username), ', ' ORDER BY jobid)
               FROM cron.job WHERE command ~ '\msec_check\.' AND database = pg_catalog.current_database()
                 AND jobid <> ALL ($1)$q$
    INTO v_others USING coalesce(v_ids, '{}');
  IF v_others IS NOT NULL THEN
    RAISE WARNING 'sec_check: these pg_cron jobs call sec_check and will fail once it is dropped: %', v_others
      USING HINT = 'Remove them with SELECT cron.unschedule(jobid);';
  END IF;
END
$$;

REVOKE ALL ON FUNCTION sec_check.on_drop_extension() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.on_drop_extension() IS
  'Event trigger function (ddl_command_start of DROP EXTENSION): when the statement drops sec_check, removes the pg_cron jobs of sec_check.schedule() (named sec_check:<name>) in the same transaction and warns about other jobs that call sec_check.';
