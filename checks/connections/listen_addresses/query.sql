-- listen_addresses as the server applies it, its per-role/database overrides and a value pending restart.
WITH guc(name) AS (VALUES ('listen_addresses')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides FROM setting_effective
