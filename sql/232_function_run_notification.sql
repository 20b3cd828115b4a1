-- since: 0.2.0
-- The alert of one stored run. Channel sec_check carries only the run id (anyone may
-- LISTEN); `sec-check listen` reads this document for each id, and again when it catches up
-- after a reconnect. It stays under 8000 bytes (the size of a NOTIFY payload, for whoever
-- forwards it): the check lists are cut to fit and "truncated" says so.
CREATE OR REPLACE FUNCTION sec_check.run_notification(p_run_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_doc   jsonb;
  v_new   text[];
  v_reg   text[];
  v_limit integer := 60;
BEGIN
  SELECT jsonb_build_object(
           'run_id', r.id, 'scope', s.scope, 'pack', s.pack, 'origin', r.origin,
           'run_by', r.run_by, 'finished_at', r.finished_at,
           'counts', jsonb_build_object('Success', s.success, 'Info', s.info, 'Warning', s.warning,
                                        'Error', s.error, 'Failed', s.failed, 'Skipped', s.skipped,
                                        'waived', s.waived)),
         s.new_findings, s.regressions
    INTO v_doc, v_new, v_reg
    FROM sec_check.runs r
    JOIN sec_check.run_stats s ON s.run_id = r.id
   WHERE r.id = p_run_id;
  IF v_doc IS NULL THEN
    RETURN NULL;
  END IF;
  LOOP
    v_doc := v_doc || jsonb_build_object(
      'new_findings', to_jsonb(v_new[1:v_limit]), 'regressions', to_jsonb(v_reg[1:v_limit]),
      'truncated', cardinality(v_new) > v_limit OR cardinality(v_reg) > v_limit);
    EXIT WHEN octet_length(v_doc::text) < 7900 OR v_limit = 0;
    v_limit := v_limit / 2;
  END LOOP;
  RETURN v_doc;
END
$$;

REVOKE ALL ON FUNCTION sec_check.run_notification(bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.run_notification(bigint) IS
  'JSON alert of a stored run: run id, scope, pack, counts by status, new findings and regressions (check ids). Channel sec_check announces each stored run by id only; readers call this for the details.';
