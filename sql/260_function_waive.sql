-- since: 0.2.0
-- Accepts a finding's risk until p_expires. A new waiver for the same check and scope
-- replaces the one in force (which is revoked, so the trail stays).
CREATE OR REPLACE FUNCTION sec_check.waive(p_check_id text, p_reason text, p_expires timestamptz,
                                           p_scope text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id bigint;
BEGIN
  IF coalesce(btrim(p_check_id), '') = '' THEN
    RAISE EXCEPTION 'sec_check.waive: p_check_id is empty';
  END IF;
  IF coalesce(btrim(p_reason), '') = '' THEN
    RAISE EXCEPTION 'sec_check.waive: a waiver of "%" needs a reason (p_reason)', p_check_id;
  END IF;
  IF p_expires IS NULL OR p_expires <= now() THEN
    RAISE EXCEPTION 'sec_check.waive: p_expires must be in the future, got %', coalesce(p_expires::text, 'NULL')
      USING HINT = 'Waivers always expire, e.g. now() + interval ''90 days''.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sec_check.check_state s
                  WHERE p_check_id IN (s.check_id, s.check_name, s.check_key))
     AND NOT EXISTS (SELECT 1 FROM sec_check.packs p
                      WHERE jsonb_path_exists(p.pack, '$.config.section.*.items[*] ? (@.id == $c || @.name == $c)',
                                              jsonb_build_object('c', p_check_id))) THEN
    RAISE EXCEPTION 'sec_check.waive: unknown check "%"', p_check_id
      USING HINT = 'Use a check_id (or check name) from sec_check.findings.';
  END IF;
  UPDATE sec_check.waivers
     SET revoked_at = now(), revoked_by = session_user
   WHERE check_id = p_check_id AND scope IS NOT DISTINCT FROM p_scope AND revoked_at IS NULL;
  INSERT INTO sec_check.waivers (check_id, scope, reason, expires_at)
  VALUES (p_check_id, p_scope, btrim(p_reason), p_expires)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION sec_check.waive(text, text, timestamptz, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.waive(text, text, timestamptz, text) IS
  'Waives a finding (check id or name; scope = database, NULL for all) with a reason until p_expires; returns the waiver id. Refuses an empty reason or a past expiry. Grant EXECUTE only to roles that may accept risks.';
