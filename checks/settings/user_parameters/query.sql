-- Any role can change user-context parameters for itself; per-role or per-database
-- overrides of security-relevant ones (search_path, row_security, logging) deserve review.
SELECT (SELECT count(*) FROM pg_settings WHERE context = 'user' AND source NOT IN ('default', 'override', 'client', 'session'))::int AS changed,
       (SELECT left(string_agg(name || '=' || setting, ', ' ORDER BY name), 1000) FROM pg_settings
         WHERE context = 'user' AND source NOT IN ('default', 'override', 'client', 'session')) AS changed_list,
       (SELECT count(*) FROM pg_db_role_setting)::int AS overrides,
       (SELECT left(string_agg(format('%s/%s: %s', coalesce(r.rolname, 'all roles'), coalesce(d.datname, 'all databases'),
                                      array_to_string(s.setconfig, ', ')), '; '), 1000)
          FROM pg_db_role_setting AS s
          LEFT JOIN pg_roles AS r ON r.oid = s.setrole
          LEFT JOIN pg_database AS d ON d.oid = s.setdatabase) AS override_list
