-- Host lines grouped by how weak their method is. trust and cleartext password without
-- TLS are severe; ident (spoofable), md5 (deprecated in PostgreSQL 18) and password over
-- TLS are weak. Fails (reported as Failed) for roles that cannot read pg_hba_file_rules.
SELECT count(*) FILTER (WHERE type LIKE 'host%')::int AS host_lines,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number)
              FILTER (WHERE type LIKE 'host%'
                        AND (auth_method = 'trust'
                             OR (auth_method = 'password' AND type <> 'hostssl'))), 1500) AS severe_lines,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number)
              FILTER (WHERE type LIKE 'host%'
                        AND (auth_method IN ('ident', 'md5')
                             OR (auth_method = 'password' AND type = 'hostssl'))), 1500) AS weak_lines
FROM pg_hba_file_rules
