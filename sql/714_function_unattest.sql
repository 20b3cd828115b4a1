-- since: 0.4.0
CREATE OR REPLACE FUNCTION sec_check.unattest(p_framework text, p_control text, p_scope text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_count integer;
BEGIN
  UPDATE sec_check.attestations
     SET revoked_at = now(), revoked_by = session_user
   WHERE framework = p_framework AND control_id = p_control AND scope IS NOT DISTINCT FROM p_scope
     AND revoked_at IS NULL AND expires_at > now();
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count = 0 THEN
    RAISE EXCEPTION 'sec_check.unattest: no attestation in force for control "%" of "%" (scope %)', p_control, p_framework, coalesce(p_scope, 'all');
  END IF;
  RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION sec_check.unattest(text, text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.unattest(text, text, text) IS
  'Revokes the attestation in force for a control of a framework (and scope, NULL = the all-databases one); the row stays in sec_check.attestations as history. Errors when there is none.';
