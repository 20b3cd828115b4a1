-- log_line_prefix as the server applies it, its per-role/database overrides and a value pending restart.
WITH guc(name) AS (VALUES ('log_line_prefix')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides FROM setting_effective
