-- since: 0.1.0
-- Lets a permitted auditor read a pack without SELECT on sec_check.packs. A pack whose row
-- no longer matches the hash recorded at upload is refused: runs execute only packs the
-- owner loaded, exactly as loaded. The side-effect allowance travels with the pack so the
-- engine checks executors against it again.
CREATE OR REPLACE FUNCTION sec_check.pack_for_run(p_name text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row sec_check.packs%ROWTYPE;
BEGIN
  SELECT * INTO v_row FROM sec_check.packs WHERE name = p_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'sec_check: unknown check pack "%"', p_name
      USING HINT = 'SELECT name FROM sec_check.packs lists the installed packs.';
  END IF;
  IF v_row.sha256 IS DISTINCT FROM sec_check.pack_sha256(v_row.pack, v_row.allow_side_effects) THEN
    RAISE EXCEPTION 'sec_check: check pack "%" was changed after it was loaded (sha256 mismatch); it will not run', p_name
      USING HINT = 'Load it again with sec-check pack --upload (extension owner).';
  END IF;
  -- The builtin row is also held to the hash compiled into this extension version by the
  -- build: rewriting both the row and its recorded sha256 does not make it run.
  IF v_row.builtin AND v_row.sha256 IS DISTINCT FROM '@BUILTIN_PACK_SHA256@' THEN
    RAISE EXCEPTION 'sec_check: the builtin check pack differs from the one this extension version ships (sha256 mismatch); it will not run'
      USING HINT = 'Reinstall the extension (ALTER EXTENSION sec_check UPDATE, or DROP and CREATE EXTENSION sec_check).';
  END IF;
  RETURN v_row.pack || jsonb_build_object('allowSideEffects', to_jsonb(v_row.allow_side_effects));
END
$$;

COMMENT ON FUNCTION sec_check.pack_for_run(text) IS
  'Returns the named check pack for sec_check.run() after checking its sha256; refuses a pack changed since upload, and a builtin pack that differs from the one compiled into this extension version.';
