-- since: 0.4.0
-- Every installation setting with its value in force and where that value came from:
-- 'sec_check.config' (set by the extension owner with sec_check.configure) or 'default'.
-- The defaults are written here only; configure() accepts exactly these names.
CREATE OR REPLACE VIEW sec_check.effective_config AS
SELECT d.name, coalesce(c.value, d.default_value) AS value,
       CASE WHEN c.name IS NOT NULL THEN 'sec_check.config' ELSE 'default' END AS source,
       c.set_by, c.set_at, d.default_value, d.description
  FROM (VALUES
    ('keep_days', NULL::text,
     'Stored runs older than this many days are purged after each stored run (NULL or 0: keep every run).'),
    ('max_run_seconds', '300',
     'Time budget of an in-database run (sec_check.run) in seconds; checks not started by then are Skipped (deadline).'),
    ('agent_max_age', '25 hours',
     'How old the newest host-agent post may be before the agent_freshness check is Failed.'),
    ('fleet_max_age', '25 hours',
     'In the central database of a fleet (sec-check fleet --collect): how old a server''s newest collected run may be before fleet_current and fleet_stale call it stale.'),
    ('host_agent', 'expected',
     'expected: a host agent (sec-check agent) posts the host checks; none: this installation runs no host agent (agent_freshness is Info, host checks stay Skipped).'),
    ('profile', 'auto',
     'auto | managed | self-hosted: how audits treat host checks (auto: managed when a managed service is detected). sec-check run --profile overrides it for a CLI run.')
  ) AS d(name, default_value, description)
  LEFT JOIN sec_check.config AS c ON c.name = d.name
 ORDER BY d.name;

COMMENT ON VIEW sec_check.effective_config IS
  'Installation settings in force: name, value, source (sec_check.config or default), who set it and when, the default and what it does. Change them with sec_check.configure(name, value) as the extension owner.';
COMMENT ON COLUMN sec_check.effective_config.name IS 'Setting name.';
COMMENT ON COLUMN sec_check.effective_config.value IS 'Value in force (NULL: unset, e.g. keep_days keeps every run).';
COMMENT ON COLUMN sec_check.effective_config.source IS 'sec_check.config when the extension owner set it, default otherwise.';
COMMENT ON COLUMN sec_check.effective_config.set_by IS 'Who set it with configure() (NULL for a default).';
COMMENT ON COLUMN sec_check.effective_config.set_at IS 'When it was set (NULL for a default).';
COMMENT ON COLUMN sec_check.effective_config.default_value IS 'The value when nothing is configured.';
COMMENT ON COLUMN sec_check.effective_config.description IS 'What the setting decides.';
