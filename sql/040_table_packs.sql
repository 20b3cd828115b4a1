-- since: 0.1.0
-- Check packs the in-database engine can run: pg_sec_check config.json plus file texts.
CREATE TABLE sec_check.packs (
  name       text PRIMARY KEY,
  pack       jsonb NOT NULL,
  builtin    boolean NOT NULL DEFAULT false,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  allow_side_effects text[] NOT NULL DEFAULT '{}',
  uploaded_by name NOT NULL DEFAULT current_user,
  sha256     text
);

COMMENT ON TABLE sec_check.packs IS
  'Check packs for sec_check.run(): {configName, config, files, locales}. The builtin pack ships with the extension; others are loaded by the extension owner with sec_check.upload_pack (sec-check pack --upload). sha256 (of pack and allow_side_effects, see sec_check.pack_sha256) is recorded at upload and checked by every run.';
COMMENT ON COLUMN sec_check.packs.name IS 'Pack name (builtin, or the name given to upload_pack).';
COMMENT ON COLUMN sec_check.packs.pack IS '{configName, config, files, locales, chunks}: the pack as uploaded.';
COMMENT ON COLUMN sec_check.packs.builtin IS 'The pack the extension installs.';
COMMENT ON COLUMN sec_check.packs.loaded_at IS 'When it was uploaded.';
COMMENT ON COLUMN sec_check.packs.allow_side_effects IS 'Side-effect functions its owner allowed its SQL to call.';
COMMENT ON COLUMN sec_check.packs.uploaded_by IS 'Who uploaded it.';
COMMENT ON COLUMN sec_check.packs.sha256 IS 'pack_sha256(pack, allow_side_effects) recorded at upload; checked by every run.';
