-- since: 0.1.0
-- The pack that ships with this version; an upgrade replaces the previous version's.
INSERT INTO sec_check.packs (name, pack, builtin) VALUES ('builtin', $pack$@PACK@$pack$::jsonb, true)
ON CONFLICT (name) DO UPDATE SET pack = EXCLUDED.pack, builtin = true, loaded_at = pg_catalog.now();
