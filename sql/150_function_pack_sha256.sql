-- since: 0.2.0
-- The integrity hash of a stored pack: recorded by upload_pack, checked by every run. It
-- covers the side-effect allowance too, so neither can be changed behind the owner's back.
CREATE OR REPLACE FUNCTION sec_check.pack_sha256(p_pack jsonb, p_allow_side_effects text[])
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT encode(sha256(convert_to(jsonb_build_object('pack', p_pack,
           'allow_side_effects', to_jsonb(coalesce(p_allow_side_effects, '{}'::text[])))::text, 'UTF8')), 'hex')
$$;

COMMENT ON FUNCTION sec_check.pack_sha256(jsonb, text[]) IS
  'sha256 (hex) of a check pack and its side-effect allowance, as recorded in sec_check.packs.sha256.';
