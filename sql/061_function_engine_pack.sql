-- since: 0.4.0
-- How the audit engine (sec_check.engine_step) reads the pack a run names: the one SQL it
-- runs itself. It gets the pack only from here, never from its caller, so what it caches in
-- its context is what the extension owner loaded. p_have is the version the engine already
-- holds (its row's xmin, ctid and sha256: any change to the row gives another); when it is
-- still current only the version comes back, else the pack, after pack_for_run checked its
-- hash. Problems come back as {"error": ...}, never raised: the engine calls this from
-- JavaScript, and pljs does not clean up after an SQL error caught there.
-- Granted to sec_check_engine only.
CREATE OR REPLACE FUNCTION sec_check.engine_pack(p_name text, p_have text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_version text;
BEGIN
  SELECT format('%s/%s/%s', p.xmin, p.ctid, p.sha256) INTO v_version FROM sec_check.packs p WHERE p.name = p_name;
  IF v_version IS NULL THEN
    RETURN jsonb_build_object('error', format('sec_check: unknown check pack "%s"', p_name));
  END IF;
  IF v_version = p_have THEN
    RETURN jsonb_build_object('version', v_version);
  END IF;
  BEGIN
    RETURN jsonb_build_object('version', v_version, 'pack', sec_check.pack_for_run(p_name));
  EXCEPTION WHEN OTHERS THEN
    RETURN jsonb_build_object('error', SQLERRM);
  END;
END
$$;

COMMENT ON FUNCTION sec_check.engine_pack(text, text) IS
  'Internal to the audit engine (granted to sec_check_engine only): the named pack, checked by pack_for_run, with the version of its row; only the version when the engine already holds it.';
