-- since: 0.1.0
-- The pack that ships with this version; an upgrade replaces the previous version's.
INSERT INTO sec_check.packs (name, pack, builtin) VALUES ('builtin', $pack$@PACK@$pack$::jsonb, true)
ON CONFLICT (name) DO UPDATE SET pack = EXCLUDED.pack, builtin = true, loaded_at = pg_catalog.now();
-- The integrity hash every run checks (the body of sec_check.pack_sha256, which may not exist yet).
UPDATE sec_check.packs
   SET sha256 = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
         pg_catalog.jsonb_build_object('pack', pack, 'allow_side_effects', pg_catalog.to_jsonb(allow_side_effects))::text, 'UTF8')), 'hex')
 WHERE name = 'builtin';
