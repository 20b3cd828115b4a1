-- since: 0.4.0
-- A person vouches for a manual control (one that names the evidence to attach) until
-- p_until. A new attestation of the same control and scope replaces the one in force (which
-- is revoked, so the trail stays). Controls decided by checks only cannot be attested: an
-- attestation is never an automated pass.
CREATE OR REPLACE FUNCTION sec_check.attest(p_framework text, p_control text, p_by text, p_note text,
                                            p_until timestamptz, p_scope text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_manual text;
  v_found  boolean := false;
  v_id     bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sec_check.framework_controls f WHERE f.framework = p_framework) THEN
    RAISE EXCEPTION 'sec_check.attest: unknown framework "%"', p_framework
      USING HINT = 'Known frameworks: ' || coalesce((SELECT string_agg(DISTINCT f.framework, ', ' ORDER BY f.framework)
                                                       FROM sec_check.framework_controls f), 'none');
  END IF;
  SELECT true, f.manual INTO v_found, v_manual
    FROM sec_check.framework_controls f
   WHERE f.framework = p_framework AND f.control_id = p_control
   LIMIT 1;
  IF NOT coalesce(v_found, false) THEN
    RAISE EXCEPTION 'sec_check.attest: framework "%" has no control "%"', p_framework, p_control;
  END IF;
  IF v_manual IS NULL THEN
    RAISE EXCEPTION 'sec_check.attest: control "%" of "%" is decided by checks only; it cannot be attested', p_control, p_framework
      USING HINT = 'Fix or waive the checks that decide it (sec_check.compliance shows them).';
  END IF;
  IF coalesce(btrim(p_by), '') = '' THEN
    RAISE EXCEPTION 'sec_check.attest: p_by must name the person who vouches for control "%"', p_control;
  END IF;
  IF coalesce(btrim(p_note), '') = '' THEN
    RAISE EXCEPTION 'sec_check.attest: an attestation of "%" needs a note (what was checked, where the evidence is)', p_control;
  END IF;
  IF p_until IS NULL OR p_until <= now() THEN
    RAISE EXCEPTION 'sec_check.attest: p_until must be in the future, got %', coalesce(p_until::text, 'NULL')
      USING HINT = 'Attestations always expire, e.g. now() + interval ''1 year''.';
  END IF;
  UPDATE sec_check.attestations
     SET revoked_at = now(), revoked_by = session_user
   WHERE framework = p_framework AND control_id = p_control AND scope IS NOT DISTINCT FROM p_scope
     AND revoked_at IS NULL;
  INSERT INTO sec_check.attestations (framework, control_id, scope, attested_by, note, expires_at)
  VALUES (p_framework, p_control, p_scope, btrim(p_by), btrim(p_note), p_until)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION sec_check.attest(text, text, text, text, timestamptz, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.attest(text, text, text, text, timestamptz, text) IS
  'Records that a person (p_by) vouches for a manual control of a framework, with a note, until p_until, for one database (p_scope) or all (NULL); returns the attestation id. Refuses unknown frameworks and controls, controls decided by checks only, an empty name or note and a past expiry. Grant EXECUTE only to roles that may vouch for controls.';
