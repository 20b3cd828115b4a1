-- The settings the catalog judges, read for the settings deriver (src/core/settings/derive.ts),
-- which turns these raw rows into the settings as the server applies them and will apply
-- them, each value with its meaning. One row per source, told apart by kind:
--   access     whether this role may read pg_file_settings (superuser, or a grant), and whether
--              the configuration was reloaded after this session started (backend-context
--              settings keep, in an older session, the value they had when it started)
--   setting    pg_settings as this session sees it (hidden settings are absent: a role without
--              pg_read_all_settings gets no row for them, and the check says so)
--   file       every entry of the configuration files (pg_file_settings), in file order
--   file_error an error that makes a reload apply nothing (a syntax error, an unknown name)
--   override   ALTER ROLE/DATABASE ... SET (pg_db_role_setting), with the role and database
-- pg_file_settings is read through a literal query that runs only when allowed, so a
-- monitoring role's audit still works. The names below are JUDGED_SETTINGS in
-- src/core/settings/catalog.ts (test/unit/settings-values.test.ts keeps them equal).
WITH judged(name) AS (VALUES
  ('log_connections'), ('log_disconnections'), ('log_destination'), ('logging_collector'),
  ('log_directory'), ('data_directory'), ('log_filename'), ('log_file_mode'), ('log_error_verbosity'),
  ('log_hostname'), ('log_line_prefix'), ('log_min_error_statement'), ('log_min_messages'),
  ('client_min_messages'), ('log_rotation_age'), ('log_rotation_size'), ('log_statement'),
  ('log_timezone'), ('log_truncate_on_rotation'), ('log_replication_commands'),
  ('debug_pretty_print'), ('debug_print_parse'), ('debug_print_plan'),
  ('debug_print_rewritten'), ('syslog_facility'), ('syslog_ident'),
  ('syslog_sequence_numbers'), ('syslog_split_messages'), ('pgaudit.log'),
  ('pgaudit.log_level'), ('pgaudit.log_client'), ('pgaudit.log_catalog'), ('pgaudit.role'),
  ('shared_preload_libraries'), ('session_preload_libraries'), ('local_preload_libraries'),
  ('dynamic_library_path'), ('auth_delay.milliseconds'), ('pg_stat_statements.max'),
  ('auto_explain.log_min_duration'), ('passwordcheck.min_password_length'),
  ('credcheck.password_min_length'), ('authentication_timeout'), ('password_encryption'),
  ('ssl'), ('ssl_min_protocol_version'), ('ssl_ciphers'), ('unix_socket_permissions'),
  ('unix_socket_group'), ('unix_socket_directories'), ('search_path'), ('data_checksums'),
  ('fsync'), ('full_page_writes'), ('data_sync_retry'), ('row_security'),
  ('ignore_system_indexes'), ('post_auth_delay'), ('jit_debugging_support'),
  ('jit_profiling_support'), ('allow_system_table_mods'), ('ignore_checksum_failure'),
  ('zero_damaged_pages'), ('lo_compat_privileges'), ('archive_mode')
),
readable AS (
  SELECT has_table_privilege('pg_catalog.pg_file_settings', 'SELECT') AS ok
),
files AS (
  SELECT f.name, f.setting, f.seqno, f.error
    FROM readable
   CROSS JOIN LATERAL jsonb_to_recordset(CASE WHEN readable.ok
           THEN convert_from(decode(substring(query_to_xml(
             'SELECT encode(convert_to(coalesce(json_agg(json_build_object(''name'', name, ''setting'', setting, ''seqno'', seqno, ''error'', error))::text, ''[]''), ''UTF8''), ''base64'') AS s FROM pg_catalog.pg_file_settings',
             false, true, '')::text FROM '<s>([^<]*)</s>'), 'base64'), 'UTF8')::jsonb
           ELSE '[]'::jsonb END) AS f(name text, setting text, seqno int, error text)
)
SELECT 'access' AS kind, NULL::text AS name, NULL::text AS setting, NULL::text AS source, NULL::text AS context,
       NULL::text AS vartype, NULL::text AS unit, NULL::text AS boot_val, NULL::text[] AS enumvals,
       NULL::text AS min_val, NULL::text AS max_val, NULL::boolean AS pending_restart, NULL::int AS seqno, NULL::text AS error, NULL::text AS role,
       NULL::text AS database, (SELECT ok FROM readable) AS files_readable,
       pg_conf_load_time() > (SELECT a.backend_start FROM pg_catalog.pg_stat_activity AS a WHERE a.pid = pg_backend_pid()) AS reloaded_since_start
UNION ALL
SELECT 'setting', lower(s.name), s.setting, s.source, s.context, s.vartype, s.unit, s.boot_val, s.enumvals,
       s.min_val, s.max_val, s.pending_restart, NULL, NULL, NULL, NULL, NULL, NULL
  FROM pg_catalog.pg_settings AS s JOIN judged AS j ON j.name = lower(s.name)
UNION ALL
SELECT 'file', lower(f.name), f.setting, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.seqno, f.error, NULL, NULL, NULL, NULL
  FROM files AS f JOIN judged AS j ON j.name = lower(f.name)
UNION ALL
SELECT 'file_error', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.seqno, f.error, NULL, NULL, NULL, NULL
  FROM files AS f WHERE f.error IS NOT NULL AND (f.name IS NULL OR f.error = 'unrecognized configuration parameter')
UNION ALL
SELECT 'override', lower(split_part(c.cfg, '=', 1)), substr(c.cfg, strpos(c.cfg, '=') + 1), NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, r.rolname::text, db.datname::text, NULL, NULL
  FROM pg_catalog.pg_db_role_setting AS d
  LEFT JOIN pg_catalog.pg_roles AS r ON r.oid = d.setrole
  LEFT JOIN pg_catalog.pg_database AS db ON db.oid = d.setdatabase
 CROSS JOIN LATERAL unnest(d.setconfig) AS c(cfg)
 WHERE lower(split_part(c.cfg, '=', 1)) IN (SELECT name FROM judged)
