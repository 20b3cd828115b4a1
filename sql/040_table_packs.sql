-- since: 0.1.0
-- Check packs the in-database engine can run: pg_sec_check config.json plus file texts.
CREATE TABLE sec_check.packs (
  name       text PRIMARY KEY,
  pack       jsonb NOT NULL,
  builtin    boolean NOT NULL DEFAULT false,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE sec_check.packs IS
  'Check packs for sec_check.run(): {configName, config, files, locales}. The builtin pack ships with the extension.';
