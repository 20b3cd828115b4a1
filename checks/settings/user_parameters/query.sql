-- Any role can change user-context parameters for itself; per-role or per-database
-- overrides of security-relevant ones (search_path, row_security, logging) deserve review.
-- Values that look like a secret (the secret-patterns block, src/core/secrets/) are shown as name=****:
-- the secret itself is access/secrets_in_catalog's finding, never evidence.
WITH
-- include: secret-patterns
SELECT (SELECT count(*) FROM pg_settings WHERE context = 'user' AND source NOT IN ('default', 'override', 'client', 'session'))::int AS changed,
       (SELECT left(string_agg(name || '=' || CASE WHEN EXISTS (SELECT 1 FROM secret_patterns AS p
                                                                     WHERE regexp_match(name || '=' || setting, p.pattern, p.flags) IS NOT NULL)
                                                       THEN '****' ELSE setting END, ', ' ORDER BY name), 1000) FROM pg_settings
         WHERE context = 'user' AND source NOT IN ('default', 'override', 'client', 'session')) AS changed_list,
       (SELECT count(*) FROM pg_db_role_setting)::int AS overrides,
       (SELECT left(string_agg(format('%s/%s: %s', coalesce(r.rolname, 'all roles'), coalesce(d.datname, 'all databases'),
                                      (SELECT string_agg(CASE WHEN EXISTS (SELECT 1 FROM secret_patterns AS p
                                                                           WHERE regexp_match(cfg, p.pattern, p.flags) IS NOT NULL)
                                                              THEN split_part(cfg, '=', 1) || '=****' ELSE cfg END, ', ')
                                         FROM unnest(s.setconfig) AS cfg)), '; '), 1000)
          FROM pg_db_role_setting AS s
          LEFT JOIN pg_roles AS r ON r.oid = s.setrole
          LEFT JOIN pg_database AS d ON d.oid = s.setdatabase) AS override_list
