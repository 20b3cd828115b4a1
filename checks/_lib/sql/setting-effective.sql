-- block: setting-effective (checks/_lib/sql/setting-effective.sql, included by every check that judges settings;
-- docs/verdicts.md). Before it the query defines guc(name): the settings to read. For each:
-- value = what a session without per-role/database settings runs with (the audit session's
-- own value may come from ALTER ROLE/DATABASE ... SET; then the configuration files or the
-- built-in default decide); pending_value = the value in the files when a restart is pending;
-- overrides = every ALTER ROLE/DATABASE ... SET of it, one "who<TAB>value" per line.
-- pg_file_settings is readable by superusers (or roles granted it) only: it is read through
-- a literal query that runs only when allowed, so a monitoring role's audit still works
-- (and a value that needs the files comes back NULL: "could not verify").
setting_files AS (
  SELECT f.name, f.setting, f.seqno, f.error
    FROM jsonb_to_recordset(CASE WHEN has_table_privilege('pg_catalog.pg_file_settings', 'SELECT')
           THEN convert_from(decode(substring(query_to_xml(
             'SELECT encode(convert_to(coalesce(json_agg(json_build_object(''name'', name, ''setting'', setting, ''seqno'', seqno, ''error'', error))::text, ''[]''), ''UTF8''), ''base64'') AS s FROM pg_catalog.pg_file_settings',
             false, true, '')::text FROM '<s>([^<]*)</s>'), 'base64'), 'UTF8')::jsonb
           ELSE '[]'::jsonb END) AS f(name text, setting text, seqno int, error text)
),
setting_effective AS (
  SELECT s.name,
         CASE WHEN s.source IN ('database', 'user', 'database user', 'client', 'session')
              THEN CASE WHEN has_table_privilege('pg_catalog.pg_file_settings', 'SELECT')
                        THEN coalesce((SELECT f.setting FROM setting_files AS f
                                        WHERE lower(f.name) = lower(s.name) AND f.error IS NULL
                                        ORDER BY f.seqno DESC LIMIT 1), s.boot_val) END
              ELSE s.setting END AS value,
         s.setting AS session_value, s.source,
         CASE WHEN s.pending_restart THEN (SELECT f.setting FROM setting_files AS f
                                            WHERE lower(f.name) = lower(s.name)
                                            ORDER BY f.seqno DESC LIMIT 1) END AS pending_value,
         s.pending_restart AND NOT has_table_privilege('pg_catalog.pg_file_settings', 'SELECT') AS pending_unknown,
         (SELECT string_agg(CASE WHEN d.setrole = 0 THEN format('database %s', db.datname)
                                 WHEN d.setdatabase = 0 THEN format('role %s', r.rolname)
                                 ELSE format('role %s in database %s', r.rolname, db.datname) END
                            || E'\t' || substr(cfg, strpos(cfg, '=') + 1), E'\n'
                            ORDER BY r.rolname NULLS FIRST, db.datname NULLS FIRST)
            FROM pg_db_role_setting AS d
            LEFT JOIN pg_roles AS r ON r.oid = d.setrole
            LEFT JOIN pg_database AS db ON db.oid = d.setdatabase
           CROSS JOIN LATERAL unnest(d.setconfig) AS cfg
           WHERE lower(split_part(cfg, '=', 1)) = lower(s.name)) AS overrides
    FROM pg_settings AS s JOIN guc ON lower(guc.name) = lower(s.name)
)
-- end block: setting-effective
