-- since: 0.1.0
-- Lets a permitted auditor read a pack without SELECT on sec_check.packs.
CREATE OR REPLACE FUNCTION sec_check.pack_for_run(p_name text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_pack jsonb;
BEGIN
  SELECT pack INTO v_pack FROM sec_check.packs WHERE name = p_name;
  IF v_pack IS NULL THEN
    RAISE EXCEPTION 'sec_check: unknown check pack "%"', p_name
      USING HINT = 'SELECT name FROM sec_check.packs lists the installed packs.';
  END IF;
  RETURN v_pack;
END
$$;

COMMENT ON FUNCTION sec_check.pack_for_run(text) IS
  'Returns the named check pack for sec_check.run().';
