-- since: 0.2.0
-- What changed between two runs, per check. By default: the newest run and the run before
-- it that is comparable (same scope, pack and groups). Checks that passed both times are
-- not listed.
CREATE OR REPLACE FUNCTION sec_check.drift(p_from bigint DEFAULT NULL, p_to bigint DEFAULT NULL)
RETURNS TABLE (from_run_id bigint, to_run_id bigint, section text, check_id text, check_name text,
               severity text, from_status text, to_status text, change text, waived boolean)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_from  bigint := p_from;
  v_to    bigint := p_to;
  v_ref   bigint;
  v_scope text;
  v_pack  text;
  v_groups text[];
BEGIN
  FOREACH v_ref IN ARRAY ARRAY[p_from, p_to] LOOP
    IF v_ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sec_check.run_stats s WHERE s.run_id = v_ref) THEN
      RAISE EXCEPTION 'sec_check.drift: there is no stored run %', v_ref;
    END IF;
  END LOOP;
  IF v_to IS NULL AND v_from IS NULL THEN
    SELECT max(s.run_id) INTO v_to FROM sec_check.run_stats s;
  END IF;
  v_ref := coalesce(v_to, v_from);
  SELECT s.scope, s.pack, s.groups INTO v_scope, v_pack, v_groups
    FROM sec_check.run_stats s
   WHERE s.run_id = v_ref;
  IF v_from IS NULL THEN
    SELECT s.run_id INTO v_from
      FROM sec_check.run_stats s
     WHERE s.scope = v_scope AND s.pack = v_pack AND s.run_id < v_to
       AND s.groups IS NOT DISTINCT FROM v_groups
     ORDER BY s.run_id DESC LIMIT 1;
  ELSIF v_to IS NULL THEN
    SELECT s.run_id INTO v_to
      FROM sec_check.run_stats s
     WHERE s.scope = v_scope AND s.pack = v_pack AND s.run_id > v_from
       AND s.groups IS NOT DISTINCT FROM v_groups
     ORDER BY s.run_id DESC LIMIT 1;
  END IF;
  IF v_from IS NULL OR v_to IS NULL THEN
    RETURN; -- nothing to compare with yet
  END IF;

  RETURN QUERY
  WITH f AS (
    SELECT x.*, coalesce(x.check_id, x.section || '/' || x.check_name) AS check_key
      FROM sec_check.results x WHERE x.run_id = v_from
  ), t AS (
    SELECT x.*, coalesce(x.check_id, x.section || '/' || x.check_name) AS check_key
      FROM sec_check.results x WHERE x.run_id = v_to
  ), pair AS (
    SELECT coalesce(t.section, f.section) AS section, coalesce(t.check_id, f.check_id) AS check_id,
           coalesce(t.check_name, f.check_name) AS check_name,
           coalesce(t.severity, f.severity) AS severity, f.status AS from_status, t.status AS to_status,
           sec_check.status_rank(f.status) AS fr, sec_check.status_rank(t.status) AS tr,
           coalesce(t.check_key, f.check_key) AS check_key
      FROM f FULL JOIN t ON t.check_key = f.check_key
  ), judged AS (
    SELECT pair.*,
           CASE
             WHEN tr IS NULL THEN CASE WHEN fr IS NOT NULL THEN 'no_longer_checked' END
             WHEN tr = 0 THEN CASE WHEN fr > 0 THEN 'fixed' END
             WHEN fr IS NULL OR fr = 0 THEN 'new_finding'
             WHEN tr > fr THEN 'regressed'
             WHEN tr < fr THEN 'improved'
             ELSE 'still_failing'
           END AS kind
      FROM pair
  )
  SELECT v_from, v_to, j.section, j.check_id, j.check_name, j.severity, j.from_status, j.to_status,
         j.kind,
         j.tr > 0 AND EXISTS (SELECT 1 FROM sec_check.active_waivers w
                               WHERE w.check_id IN (j.check_id, j.check_name, j.check_key)
                                 AND (w.scope IS NULL OR w.scope = v_scope))
    FROM judged j
   WHERE j.kind IS NOT NULL
   ORDER BY j.section, j.check_name;
END
$$;

REVOKE ALL ON FUNCTION sec_check.drift(bigint, bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.drift(bigint, bigint) IS
  'Per-check changes between two stored runs (default: the newest run and the previous comparable one, same scope, pack and groups): new_finding, fixed, regressed, improved, still_failing, no_longer_checked. Skipped counts as not checked, never as fixed.';
