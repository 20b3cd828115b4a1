-- PostgreSQL 13-17: log_connections is a boolean.
WITH guc(name) AS (VALUES ('log_connections')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides, false AS list_syntax FROM setting_effective
