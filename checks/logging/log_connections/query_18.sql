-- PostgreSQL 18+: log_connections is a list of aspects (receipt, authentication,
-- authorization, setup_durations) or 'all' (alone or in the list); the old boolean
-- spellings still work and "on" means receipt,authentication,authorization. validate.lua reads it.
WITH guc(name) AS (VALUES ('log_connections')),
-- include: setting-effective
SELECT value, pending_value, pending_unknown, overrides, true AS list_syntax FROM setting_effective
