-- since: 0.4.0
-- What decides what is stored, purged or judged (retention, the run's time budget, the
-- host agent's allowed age, whether a host agent exists, the profile) lives here and not in
-- settings: a `sec_check.*` setting is a placeholder that any role can SET, ALTER ROLE ...
-- SET or pass as a connection option, and it was read in the session of the very role
-- whose runs it governed. Only the extension owner writes this table (sec_check.configure);
-- sec_check.effective_config adds the defaults and says where each value came from.
CREATE TABLE sec_check.config (
  name   text PRIMARY KEY,
  value  text NOT NULL,
  set_by name NOT NULL DEFAULT session_user,
  set_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE sec_check.config IS
  'Installation settings that decide what is stored, purged or judged; written only by the extension owner through sec_check.configure(). Read them through sec_check.effective_config (which adds the defaults).';
COMMENT ON COLUMN sec_check.config.name IS 'Setting name, one of the names sec_check.effective_config lists (configure() refuses others).';
COMMENT ON COLUMN sec_check.config.value IS 'The value as configure() validated and normalized it.';
COMMENT ON COLUMN sec_check.config.set_by IS 'Session user that called configure().';
COMMENT ON COLUMN sec_check.config.set_at IS 'When configure() set it.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.config', '');
