-- since: 0.2.0
CREATE OR REPLACE FUNCTION sec_check.unwaive(p_check_id text, p_scope text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_count integer;
BEGIN
  UPDATE sec_check.waivers
     SET revoked_at = now(), revoked_by = session_user
   WHERE check_id = p_check_id AND scope IS NOT DISTINCT FROM p_scope
     AND revoked_at IS NULL AND expires_at > now();
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count = 0 THEN
    RAISE EXCEPTION 'sec_check.unwaive: no waiver in force for "%" (scope %)', p_check_id, coalesce(p_scope, 'all');
  END IF;
  RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION sec_check.unwaive(text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.unwaive(text, text) IS
  'Revokes the waiver in force for a check (and scope, NULL = the all-scopes waiver); the row stays in sec_check.waivers as history. Errors when there is none.';
