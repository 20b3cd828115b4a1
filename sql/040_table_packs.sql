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
