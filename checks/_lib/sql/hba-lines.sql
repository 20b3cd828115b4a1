-- block: hba-lines (checks/_lib/sql/hba-lines.sql): the valid lines of pg_hba.conf in the order
-- PostgreSQL tries them, from the CTE hba_source its caller names (the fact hba_rules, the
-- view through the hba-source block, or the rows sec-check parsed from a file), with the
-- address range as inet (ip, mask; NULL for all, samehost, samenet and host names) and the
-- line as the reports show it; hba_file: the file's bad lines (PostgreSQL ignores a file with
-- any, keeping the rules it had) and whether it changed since the last reload.
hba_line AS (
  SELECT s.rule_order, s.file_name, s.line_number, s.type, s.database, s.user_name, s.address, s.auth_method,
         coalesce(s.options, '{}') AS options,
         CASE WHEN s.netmask IS NOT NULL THEN s.address::inet END AS ip,
         CASE WHEN s.netmask IS NOT NULL THEN s.netmask::inet END AS mask,
         'all' = ANY (s.user_name) AS user_all,
         format('line %s%s: %s %s %s %s %s', s.line_number,
                coalesce(' of ' || nullif(regexp_replace(s.file_name, '^.*/', ''), 'pg_hba.conf'), ''),
                s.type, array_to_string(s.database, ','), array_to_string(s.user_name, ','),
                coalesce(s.address || coalesce('/' || s.netmask, ''), ''),
                s.auth_method || coalesce(' ' || array_to_string(s.options, ' '), '')) AS line
    FROM hba_source AS s
   WHERE s.error IS NULL AND s.rule_order IS NOT NULL
), hba_file AS (
  SELECT count(*) FILTER (WHERE s.error IS NOT NULL)::int AS error_lines,
         left(string_agg(format('line %s: %s', s.line_number, s.error), '; ' ORDER BY s.line_number)
                FILTER (WHERE s.error IS NOT NULL), 500) AS errors,
         bool_or(s.changed_since_load) AS changed_since_load
    FROM hba_source AS s
)
-- end block: hba-lines
