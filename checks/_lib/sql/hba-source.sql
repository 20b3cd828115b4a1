-- block: hba-source (checks/_lib/sql/hba-source.sql): pg_hba.conf as the server loaded it, one
-- row per line of pg_hba_file_rules (include files too, 16+), the columns every hba block reads
-- from a CTE named hba_source. The fact hba_rules is this query; `sec-check hba --hba-file`
-- gives the same columns parsed from the file instead (src/core/hba/parse.ts). rule_order is
-- the order PostgreSQL tries the lines in (rule_number on 16+, which follows include files;
-- line_number before); NULL on error lines. changed_since_load: the line's file was modified
-- after the last reload (pg_stat_file has whole seconds: only a later second proves it),
-- NULL without the privilege to ask (superuser or pg_read_server_files).
hba_source AS (
  SELECT CASE WHEN r.error IS NULL THEN coalesce((to_jsonb(r) ->> 'rule_number')::int, r.line_number) END AS rule_order,
         coalesce(to_jsonb(r) ->> 'file_name', (SELECT setting FROM pg_settings WHERE name = 'hba_file')) AS file_name,
         r.line_number, r.type, r.database, r.user_name, r.address, r.netmask, r.auth_method, r.options, r.error,
         CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                   OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')
              THEN (pg_stat_file(coalesce(to_jsonb(r) ->> 'file_name', (SELECT setting FROM pg_settings WHERE name = 'hba_file')), true)).modification
                   > date_trunc('second', pg_conf_load_time())
         END AS changed_since_load
    FROM pg_hba_file_rules AS r
)
-- end block: hba-source
