-- log_truncate_on_rotation as the server applies it, its per-role/database overrides and a value pending restart.
WITH guc(name) AS (VALUES ('log_truncate_on_rotation')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides FROM setting_effective
