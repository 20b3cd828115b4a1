-- "host" and "hostnossl" lines accept unencrypted connections; "hostssl" requires TLS and
-- "hostgssenc" GSSAPI encryption.
SELECT (SELECT setting FROM pg_settings WHERE name = 'ssl') AS ssl,
       count(*) FILTER (WHERE type IN ('host', 'hostnossl') AND auth_method <> 'reject')::int AS plain_lines,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number)
              FILTER (WHERE type IN ('host', 'hostnossl') AND auth_method <> 'reject'), 1500) AS list
FROM pg_hba_file_rules
WHERE error IS NULL
