-- since: 0.2.0
-- The one way a pack gets into sec_check.packs (`sec-check pack --upload` calls it after
-- validating the pack, side effects included). Not granted to anyone: only the extension
-- owner (or a superuser) loads code that in-database runs will execute.
CREATE OR REPLACE FUNCTION sec_check.upload_pack(p_name text, p_pack jsonb, p_allow_side_effects text[] DEFAULT '{}')
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_allow text[] := ARRAY(SELECT DISTINCT lower(a) FROM unnest(coalesce(p_allow_side_effects, '{}'::text[])) AS a ORDER BY 1);
  v_sha   text;
BEGIN
  IF p_name IS NULL OR p_name !~ '^[A-Za-z0-9_.-]{1,63}$' THEN
    RAISE EXCEPTION 'sec_check.upload_pack: invalid pack name "%" (letters, digits, _ . -, up to 63)', p_name;
  END IF;
  IF EXISTS (SELECT 1 FROM sec_check.packs WHERE name = p_name AND builtin) THEN
    RAISE EXCEPTION 'sec_check.upload_pack: "%" is the builtin pack, which only the extension installs; choose another name', p_name;
  END IF;
  IF jsonb_typeof(p_pack) IS DISTINCT FROM 'object' OR jsonb_typeof(p_pack -> 'config') IS DISTINCT FROM 'object'
     OR jsonb_typeof(p_pack -> 'files') IS DISTINCT FROM 'object' THEN
    RAISE EXCEPTION 'sec_check.upload_pack: not a check pack (expected {configName, config, files, locales})';
  END IF;
  v_sha := sec_check.pack_sha256(p_pack, v_allow);
  INSERT INTO sec_check.packs AS p (name, pack, builtin, loaded_at, allow_side_effects, uploaded_by, sha256)
  VALUES (p_name, p_pack, false, now(), v_allow, session_user, v_sha)
  ON CONFLICT (name) DO UPDATE
     SET pack = excluded.pack, loaded_at = excluded.loaded_at, allow_side_effects = excluded.allow_side_effects,
         uploaded_by = excluded.uploaded_by, sha256 = excluded.sha256;
  RETURN v_sha;
END
$$;

COMMENT ON FUNCTION sec_check.upload_pack(text, jsonb, text[]) IS
  'Stores a validated check pack (sec-check pack --upload NAME) with the side-effect functions its owner allowed and its sha256; returns the hash. Extension owner only; the builtin pack cannot be replaced.';
