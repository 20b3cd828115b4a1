-- block: fix-setting (checks/_lib/sql/fix-setting.sql). The compiler builds the fix query
-- of a check.json "fix": {"settings": {...}} as: want(name, value) = the safe values,
-- guc(name), the setting-effective block, then this block. Rows: ALTER SYSTEM SET for each
-- setting whose server-wide value (or the value pending a restart) differs from the safe
-- one, then ALTER ROLE/DATABASE ... RESET for each per-role/database override that differs.
-- A setting this server does not have (older version, library not loaded) gives no row.
-- Names are checked by the build ([a-z0-9_.]); values and role/database names are quoted.
SELECT f.statement, f.comment
  FROM (SELECT 1 AS part, lower(w.name) AS k1, ''::text AS k2, ''::text AS k3,
               format('ALTER SYSTEM SET %s = %L', w.name, w.value) AS statement,
               format('%s is %s%s; safe value %s', w.name, coalesce(quote_literal(e.value), '(not readable)'),
                      CASE WHEN e.pending_value IS NOT NULL THEN format(' (%s pending a restart)', quote_literal(e.pending_value)) ELSE '' END,
                      quote_literal(w.value)) AS comment
          FROM want AS w
          JOIN setting_effective AS e ON lower(e.name) = lower(w.name)
         WHERE e.value IS NULL OR lower(e.value) <> lower(w.value)
            OR (e.pending_value IS NOT NULL AND lower(e.pending_value) <> lower(w.value))
        UNION ALL
        SELECT 2, lower(w.name), coalesce(r.rolname, ''), coalesce(db.datname, ''),
               CASE WHEN d.setrole = 0 THEN format('ALTER DATABASE %I RESET %s', db.datname, w.name)
                    WHEN d.setdatabase = 0 THEN format('ALTER ROLE %I RESET %s', r.rolname, w.name)
                    ELSE format('ALTER ROLE %I IN DATABASE %I RESET %s', r.rolname, db.datname, w.name) END,
               format('override %s = %s; safe value %s', w.name, quote_literal(substr(cfg, strpos(cfg, '=') + 1)), quote_literal(w.value))
          FROM pg_db_role_setting AS d
          LEFT JOIN pg_roles AS r ON r.oid = d.setrole
          LEFT JOIN pg_database AS db ON db.oid = d.setdatabase
         CROSS JOIN LATERAL unnest(d.setconfig) AS cfg
          JOIN want AS w ON lower(split_part(cfg, '=', 1)) = lower(w.name)
         WHERE lower(substr(cfg, strpos(cfg, '=') + 1)) <> lower(w.value)
           AND (d.setrole = 0 OR r.rolname IS NOT NULL) AND (d.setdatabase = 0 OR db.datname IS NOT NULL)) AS f
 ORDER BY f.part, f.k1, f.k2, f.k3
-- end block: fix-setting
