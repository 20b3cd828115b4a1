-- password_encryption as the server applies it, per-role/database overrides (a role that
-- sets md5 stores md5 verifiers) and a value pending restart.
WITH guc(name) AS (VALUES ('password_encryption')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides FROM setting_effective
